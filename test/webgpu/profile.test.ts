import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { np } from 'quiverjs';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { expectSame, floats, gpuBackend, initFrontend } from './helpers.js';

let gpu: WebGpuBackend;
beforeAll(initFrontend);
// Each test awaits the (shared) backend itself: a missing adapter fails every test, it never skips one.
beforeEach(async () => {
  gpu = await gpuBackend();
});

describe('kernels follow the device profile', () => {
  it('sizes every kernel kind for compatibility-mode limits (128 invocations, 4 storage buffers)', async () => {
    const small = await gpuBackend({ limits: { maxInvocations: 128, maxWorkgroupSizeX: 128, maxStorageBuffers: 4, maxWorkgroupStorage: 16384 } });
    const x = np.array(floats(40 * 70, 1, 1)).reshape(40, 70);
    const y = np.array(floats(40 * 70, 2, 1)).reshape(40, 70);
    const outs = [x.exp(), x.sum(1), x.cumsum(1), x.matmul(y.T), x.sort(1), x.argmax(0)];
    for (const o of outs) expect(small.placement(o.plan())).toEqual(['gpu']);
    // f32 accumulation over 70 terms of magnitude up to 10: a few ulps of the largest results.
    await expectSame(small, outs, { ulps: 8, abs: 1e-3 });
  });

  it('runs a kernel that needs more storage buffers than the device has on the CPU, and says so', async () => {
    const small = await gpuBackend({ limits: { maxStorageBuffers: 4 } });
    const [a, b, c, d] = [1, 2, 3, 4].map((s) => np.array(floats(100, s)));
    const e = a!.add(b!).mul(c!).sub(d!);
    expect(small.placement(e.plan())).toEqual(['cpu: 5 storage buffers (the device allows 4 per shader)']);
    await expectSame(small, [e]);
  });

  it('where the compiler reassociates float math, float floor division and ranges run on the CPU, exactly', async () => {
    const loose = await gpuBackend({ limits: { exactTwoSum: false } });
    const a = np.array(floats(500, 3));
    const b = np.array(floats(500, 4));
    const lin = np.linspace(-1, 1, 101, { dtype: 'float32' }).mul(1);
    for (const e of [a.floorDiv(b), a.mod(b), lin]) expect(loose.placement(e.plan())[0]).toMatch(/^cpu: .*two-sum/);
    expect(loose.placement(np.arange(0, 1000, 3, 'float32').mul(2).plan())).toEqual(['gpu']);
    await expectSame(loose, [a.floorDiv(b), a.mod(b), lin]);
  });

  it('probes the adapter: SwiftShader (Vulkan) keeps two-sum exact', async () => {
    expect(gpu.description).toMatch(/webgpu \(/);
    if (!process.env.QUIVER_WEBGPU_ADAPTER) expect(gpu.placement(np.array(floats(10, 5)).floorDiv(3).plan())).toEqual(['gpu']);
  });
});

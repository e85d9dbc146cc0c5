import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backendReport, init, np, type NDArray } from 'quiverjs';
import { jsBackend } from '../../src/backend/js/index.js';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { ADAPTER, expectSame, floats, gpuBackend, initFrontend, mismatches, runBoth, valuesOf } from './helpers.js';

let gpu: WebGpuBackend;
beforeAll(initFrontend);
// Each test awaits the (shared) backend itself: a missing adapter fails every test, it never skips one.
beforeEach(async () => {
  gpu = await gpuBackend();
});

const f64 = (n: number, seed: number) => Float64Array.from(floats(n, seed), (v, i) => v + i * 1e-9);

describe('float64 never runs in f32 silently', () => {
  it('runs float64 kernels on the CPU, bit-identical to the reference, and says why', async () => {
    const x = np.array(f64(1000, 1));
    const e = x.mul(1.1).exp().add(x.sin());
    expect(gpu.placement(e.plan())[0]).toMatch(/^cpu: float64/);
    const { got, want } = await runBoth(gpu, e.plan());
    expect(got).toEqual(want);
  });

  it('moves buffers between GPU and CPU kernels within one plan', async () => {
    const d = np.array(floats(30 * 30 * 4, 2, 0)).reshape(30, 30, 4);
    const y = np.array(f64(30, 3));
    const x = d.abs().sum(2); // float32 reduce on the GPU
    const t = x.astype('float64').mul(y).astype('float32').exp(); // float64 inside: the CPU, reading the GPU's x
    const plans = [np.plan(x.astype('float64').mul(y).sum(1)), np.plan(t.sum(0), t.max(1))]; // then t is read by GPU reductions
    for (const plan of plans) {
      const where = gpu.placement(plan);
      expect(where).toContain('gpu');
      expect(where.some((w) => w.startsWith('cpu: float64'))).toBe(true);
    }
    await expectSame(gpu, [x.astype('float64').mul(y).sum(1)], { ulps: 2 });
    await expectSame(gpu, [t.sum(0), t.max(1)], { ulps: 2, abs: 1e-5 });
  });

  it('runs float64 kernels on the wasm backend when init starts webgpu, moving buffers both ways', async () => {
    const gles = process.env.QUIVER_WEBGPU_ADAPTER === 'gles';
    await init({ backend: 'webgpu', ...(gles ? { gpu: ADAPTER } : {}) });
    expect(backendReport().description).toMatch(/float64 kernels on wasm/);
    const d = np.array(floats(30 * 30 * 4, 2, 0)).reshape(30, 30, 4);
    const y = np.array(f64(30, 3));
    const t = () => d.abs().sum(2).astype('float64').mul(y).astype('float32').exp().max(1);
    const got = Array.from(await t().data());
    await initFrontend();
    const want = Array.from(await t().data());
    expect(mismatches(got, want, { ulps: 2, abs: 1e-5 })).toEqual([]);
  });

  it("computes float64 as f32 on the GPU with { float64: 'downcast' }", async () => {
    const down = await gpuBackend({ float64: 'downcast' });
    const data = floats(2000, 4);
    const expr = (x: NDArray) => x.mul(3).add(1).sqrt().log();
    const e = expr(np.array(Float64Array.from(data)));
    expect(down.placement(e.plan())).toEqual(['gpu']);
    // The oracle is the same expression over float32 data on the reference: downcasting means computing in f32.
    const [got] = await down.execute(e.plan());
    const [want] = await jsBackend.execute(expr(np.array(data)).plan());
    expect(got!.data).toBeInstanceOf(Float64Array);
    expect(mismatches(valuesOf(got!), valuesOf(want!), { ulps: 1 })).toEqual([]);
    expect(down.description).toMatch(/float64 computed as f32/);
  });
});

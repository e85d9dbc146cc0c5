/// <reference types="@webgpu/types" />
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { init, np } from 'quiverjs';
import { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { GpuSession } from '../../src/backend/webgpu/session.js';
import { activeBackend } from '../../src/runtime/init.js';
import { ADAPTER, expectSame, floats, gpuOf, initFrontend } from './helpers.js';

/**
 * The live GPUDevice of a backend. Tests reach past `private` to lose the device as a
 * driver reset does (device.destroy()), not through dispose(), which tells the backend first.
 */
const deviceOf = (gpu: WebGpuBackend): GPUDevice => gpuOf(gpu).device;

/** Destroys the device right after its `n`th queue submission (1-based), while that work is in flight. */
function loseAfterSubmit(device: GPUDevice, n: number): void {
  const submit = device.queue.submit.bind(device.queue);
  let count = 0;
  device.queue.submit = (buffers) => {
    submit(buffers);
    if (++count === n) device.destroy();
  };
}

/** The backend replaced the lost device and runs on the GPU again. */
async function expectRestarted(gpu: WebGpuBackend): Promise<void> {
  expect(gpu.counters.deviceRestarts).toBe(1);
  expect(gpu.description).toMatch(/1 lost device\(s\) replaced/);
  expect(gpu.description).not.toMatch(/running on the CPU/);
  const before = gpu.counters.gpuLaunches;
  await expectSame(gpu, [x().add(2)], { ulps: 0 });
  expect(gpu.counters.gpuLaunches).toBe(before + 1);
}

const x = () => np.array(floats(4096, 7));

describe('a device lost between evaluations', () => {
  beforeAll(initFrontend);

  it('runs the next evaluation on a new device with the same values', async () => {
    const gpu = await WebGpuBackend.create(ADAPTER);
    await expectSame(gpu, [x().mul(3).add(1)], { ulps: 0 });
    deviceOf(gpu).destroy();
    await expectSame(gpu, [x().mul(3).add(1), x().sort()], { ulps: 0 });
    await expectRestarted(gpu);
  });

  it('runs the next evaluation right even when it starts before the loss is reported', async () => {
    const gpu = await WebGpuBackend.create(ADAPTER);
    await expectSame(gpu, [x().exp()], { ulps: 2 });
    const device = deviceOf(gpu);
    const done = expectSame(gpu, [x().exp().sum()], { ulps: 2, abs: 1e-2 });
    device.destroy();
    await done;
    await expectRestarted(gpu);
  });
});

describe('a device lost during an evaluation', () => {
  beforeAll(initFrontend);

  it('recomputes a plan whose kernel was submitted but not read back', async () => {
    const gpu = await WebGpuBackend.create(ADAPTER);
    loseAfterSubmit(deviceOf(gpu), 1);
    await expectSame(gpu, [x().mul(2).exp(), x().sum()], { ulps: 2, abs: 1e-2 });
    await expectRestarted(gpu);
  });

  it('recomputes a plan whose readback was submitted but had not resolved', async () => {
    const gpu = await WebGpuBackend.create(ADAPTER);
    const y = x().mul(2).add(1);
    loseAfterSubmit(deviceOf(gpu), y.plan().steps.length + 1);
    await expectSame(gpu, [y], { ulps: 0 });
    await expectRestarted(gpu);
  });

  it('runs plans queued behind the lost one, in order and right', async () => {
    const gpu = await WebGpuBackend.create(ADAPTER);
    loseAfterSubmit(deviceOf(gpu), 1);
    await Promise.all([1, 2, 3].map((k) => expectSame(gpu, [x().mul(k).add(k)], { ulps: 0 })));
    await expectRestarted(gpu);
  });
});

describe('a device lost again and again', () => {
  beforeAll(initFrontend);

  it('stops starting new devices after three and runs on the CPU, still right', async () => {
    const gpu = await WebGpuBackend.create(ADAPTER);
    for (let k = 1; k <= 4; k++) {
      deviceOf(gpu).destroy();
      await expectSame(gpu, [x().mul(k)], { ulps: 0 });
    }
    expect(gpu.counters.deviceRestarts).toBe(3);
    expect(gpu.description).toMatch(/device lost \(.*\): running on the CPU/);
  });

  afterEach(() => vi.restoreAllMocks());

  it('runs on the CPU when no new device can be had', async () => {
    const gpu = await WebGpuBackend.create(ADAPTER);
    vi.spyOn(GpuSession, 'restart').mockResolvedValue(undefined);
    loseAfterSubmit(deviceOf(gpu), 1);
    await expectSame(gpu, [x().mul(5).add(1), x().sort()], { ulps: 0 });
    expect(gpu.description).toMatch(/device lost \(.*\): running on the CPU/);
  });
});

describe('the runtime on a device lost mid-evaluation', () => {
  it('returns right values on a new device, and persisted arrays still read afterwards', async () => {
    await init({ backend: 'webgpu', gpu: ADAPTER });
    const values = Float32Array.from({ length: 4096 }, (_, i) => (i % 100) / 8);
    const a = np.array(values);
    const kept = await a.mul(2).persist();
    loseAfterSubmit(deviceOf(activeBackend('test') as WebGpuBackend), 1);
    expect(Array.from(await a.add(kept).data())).toEqual(Array.from(values, (v) => 3 * v));
    expect(Array.from(await kept.data())).toEqual(Array.from(values, (v) => 2 * v));
    expect(await a.add(1).sum().item()).toBe(values.reduce((s, v) => s + v + 1, 0));
    await expectRestarted(activeBackend('test') as WebGpuBackend);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { BackendError, np } from 'quiverjs';
import { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { acquireGpu } from '../../src/platform/gpu.js';
import { ADAPTER, expectSame, floats, initFrontend } from './helpers.js';

const navigatorBefore = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
afterEach(() => {
  if (navigatorBefore) Object.defineProperty(globalThis, 'navigator', navigatorBefore);
  else delete (globalThis as { navigator?: unknown }).navigator;
});
const fakeNavigator = (gpu: unknown) => Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });

describe('adapter acquisition', () => {
  it('treats a null adapter as "no WebGPU here" and says why', async () => {
    fakeNavigator({ requestAdapter: async () => null });
    const got = await acquireGpu();
    expect(got).toEqual({ ok: false, reason: 'no WebGPU adapter via navigator.gpu' });
    await expect(WebGpuBackend.create()).rejects.toThrow(BackendError);
    await expect(WebGpuBackend.create()).rejects.toThrow('webgpu: no WebGPU adapter via navigator.gpu');
  });

  it('reports a failing requestAdapter as a reason, not a crash', async () => {
    fakeNavigator({ requestAdapter: async () => { throw new Error('blocked by policy'); } });
    expect(await acquireGpu()).toEqual({ ok: false, reason: 'requestAdapter failed via navigator.gpu: blocked by policy' });
  });

  it('finds an adapter through Node\'s webgpu package and names it', async () => {
    const got = await acquireGpu(ADAPTER);
    expect(got.ok).toBe(true);
    if (got.ok) expect(got.gpu.description).toMatch(/Node webgpu/);
  });
});

describe('a lost device', () => {
  it('falls back to the CPU with the data intact after dispose()', async () => {
    await initFrontend();
    const gpu = await WebGpuBackend.create(ADAPTER);
    const x = np.array(floats(300, 1));
    await expectSame(gpu, [x.mul(3).sum()], { ulps: 2, abs: 1e-3 });
    gpu.dispose();
    expect(gpu.description).toMatch(/device lost \(disposed\): running on the CPU/);
    await expectSame(gpu, [x.mul(3).exp(), x.sort()]);
  });
});

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { np } from 'quiverjs';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { bools, expectSame, gpuBackend, initFrontend, ints, rng, uints, valuesOf } from './helpers.js';
import { jsBackend } from '../../src/backend/js/index.js';

let gpu: WebGpuBackend;
beforeAll(initFrontend);
// Each test awaits the (shared) backend itself: a missing adapter fails every test, it never skips one.
beforeEach(async () => {
  gpu = await gpuBackend();
});

function finite(n: number, seed: number, spread = 2): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => (r() - 0.5) * 10 ** (r() * 2 * spread - spread));
}

describe('scans on the GPU', () => {
  it.each([0, 1, 2])('float32 cumsum and cumprod of short lanes match the reference bit for bit, axis %i', async (axis) => {
    const x = np.array(finite(7 * 9 * 11, 1, 0.3)).reshape(7, 9, 11);
    await expectSame(gpu, [x.cumsum(axis), x.cumprod(axis), x.transpose([2, 0, 1]).cumsum(axis)]);
  });

  it('float32 cumsum of a long lane in parallel chunks stays within f32 rounding of the sequential sum', async () => {
    const data = finite(3 * 100_003, 2);
    const x = np.array(data).reshape(3, 100_003);
    const plan = np.plan(x.cumsum(1), x.T.cumsum(0));
    const [got, want] = await Promise.all([gpu.execute(plan), jsBackend.execute(plan)]);
    // Both accumulate in f32, in different orders: the difference is bounded by the running sum of |x| times a few eps.
    const bound = 2 ** -20 * data.reduce((s, v) => s + Math.abs(v), 0);
    got.forEach((g, k) => {
      const [gv, wv] = [valuesOf(g), valuesOf(want[k]!)];
      expect(gv.reduce((m, v, i) => Math.max(m, Math.abs(v - wv[i]!)), 0)).toBeLessThan(bound);
    });
  });

  it('integer scans wrap exactly in both the direct and the chunked path', async () => {
    const a = np.array(ints(2 * 50_000, 3)).reshape(2, 50_000);
    const u = np.array(uints(40 * 50, 4)).reshape(40, 50);
    await expectSame(gpu, [a.cumsum(1), a.cumprod(1), u.cumsum(0), u.cumprod(1), a.slice(':', '::-7').cumsum(1)]);
  });

  it('bool cumsum counts', async () => {
    const p = np.array(bools(5000, 5), 'bool');
    await expectSame(gpu, [p.cumsum(), p.reshape(50, 100).cumsum(1)]);
  });

  it('fuses a prologue (random uniforms) into the scan: one kernel', async () => {
    const u = np.randomBits([1, 2], [8, 3000]).astype('float32').mul(2 ** -32).sub(0.5);
    const walk = u.cumsum(1);
    expect(walk.plan().steps).toHaveLength(1);
    expect(gpu.placement(walk.plan())).toEqual(['gpu']);
    await expectSame(gpu, [walk], { ulps: 0, abs: 1e-3 });
  });

  it('handles empty lanes and empty arrays', async () => {
    await expectSame(gpu, [np.array(new Float32Array(0)).reshape(3, 0).cumsum(1), np.array(new Int32Array(0)).cumsum()]);
  });
});

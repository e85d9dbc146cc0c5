import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { np } from 'quiverjs';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { bools, expectSame, gpuBackend, initFrontend, ints, rng, uints } from './helpers.js';

let gpu: WebGpuBackend;
beforeAll(initFrontend);
// Each test awaits the (shared) backend itself: a missing adapter fails every test, it never skips one.
beforeEach(async () => {
  gpu = await gpuBackend();
});

function finite(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

/**
 * The GPU accumulates float32 products in f32 over k, in order; the reference sums in
 * float64 and rounds once. With |a|, |b| <= 1 the difference stays below k * 2^-24.
 */
const tol = (k: number) => ({ ulps: 2, abs: k * 2 ** -23 });

describe('matmul on the GPU', () => {
  it.each([
    [1, 1, 1],
    [5, 7, 3],
    [32, 32, 16],
    [33, 31, 17],
    [70, 45, 129],
    [1, 200, 64],
  ])('float32 (%i x %i) @ (%i x ...) with ragged tiles', async (n, k, m) => {
    const a = np.array(finite(n * k, n)).reshape(n, k);
    const b = np.array(finite(k * m, m)).reshape(k, m);
    await expectSame(gpu, [a.matmul(b)], tol(k));
  });

  it('batched, broadcast and transposed operands', async () => {
    const a = np.array(finite(4 * 20 * 30, 1)).reshape(4, 20, 30);
    const b = np.array(finite(30 * 25, 2)).reshape(25, 30);
    await expectSame(gpu, [a.matmul(b.T), a.slice(':', '::-1').matmul(b.T.mul(2))], tol(60));
  });

  it('fuses prologues and an epilogue into the one matmul kernel', async () => {
    const x = np.array(finite(40 * 50, 3)).reshape(40, 50);
    const w = np.array(finite(50 * 30, 4)).reshape(50, 30);
    const bias = np.array(finite(30, 5));
    const y = x.mul(2).sub(1).matmul(w.abs()).add(bias).maximum(0).tanh();
    expect(y.plan().steps).toHaveLength(1);
    expect(gpu.placement(y.plan())).toEqual(['gpu']);
    await expectSame(gpu, [y], tol(100));
  });

  it('int32 and uint32 products wrap exactly; bool is or-of-ands', async () => {
    const a = np.array(ints(37 * 41, 6).map((v) => v % 1000)).reshape(37, 41);
    const b = np.array(ints(41 * 23, 7)).reshape(41, 23);
    const u = np.array(uints(9 * 70, 8)).reshape(9, 70);
    const p = np.array(bools(20 * 33, 9), 'bool').reshape(20, 33);
    const q = np.array(bools(33 * 19, 10), 'bool').reshape(33, 19);
    await expectSame(gpu, [a.matmul(b), u.matmul(u.T), p.matmul(q)]);
  });

  it('bool operands from comparisons, casts and where conditions multiply as NumPy promotes them', async () => {
    const a = np.array(finite(12 * 9, 12)).reshape(12, 9);
    const b = np.array(finite(9 * 7, 13)).reshape(9, 7);
    await expectSame(gpu, [np.matmul(a.greater(0), b), np.matmul(a.astype('bool'), b.less(0)), np.matmul(np.where(a.greater(0.5), a, 0).astype('bool'), b)], tol(9));
  });

  it('dot products, outer products and empty operands', async () => {
    const v = np.array(finite(300, 11));
    await expectSame(gpu, [np.dot(v, v), np.outer(v.slice(':20'), v.slice('20:45'))], tol(300));
    await expectSame(gpu, [np.array(new Float32Array(0)).reshape(3, 0).matmul(np.array(new Float32Array(0)).reshape(0, 4))]);
  });
});

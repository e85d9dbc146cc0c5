import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { np, type NDArray } from 'quiverjs';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { bools, expectSame, gpuBackend, initFrontend, ints, rng, uints } from './helpers.js';

let gpu: WebGpuBackend;
beforeAll(initFrontend);
// Each test awaits the (shared) backend itself: a missing adapter fails every test, it never skips one.
beforeEach(async () => {
  gpu = await gpuBackend();
});

/** Finite float32 values of mixed signs over four decades: sums stay meaningful. */
function finite(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => (r() - 0.5) * 10 ** (r() * 4 - 2));
}

/**
 * float32 sums and variances are computed in f32 on the GPU (strided per invocation, then
 * across the workgroup: pairwise in shared memory, or with subgroupAdd then in subgroup
 * order where the adapter has subgroups, as SwiftShader does; then in chunk order); the
 * reference sums pairwise in float64 and rounds once. Measured error stays below 1e-6 of
 * sum |x| (below 3e-9 on either path for these shapes, SwiftShader); 2e-6 is allowed.
 * test/webgpu/subgroups.test.ts runs both paths.
 */
const sumTolerance = (x: Float32Array) => ({ ulps: 2, abs: 2e-6 * x.reduce((s, v) => s + Math.abs(v), 0) });

const shapes: [string, number[], (number | number[] | null)[]][] = [
  ['short runs (one invocation per output)', [6, 7, 8], [null, 0, 2, [0, 2]]],
  ['long runs (chunked across workgroups)', [3, 40000], [null, 1]],
  ['long runs along the first axis of a transpose', [5000, 12], [0]],
];

describe('float32 reductions on the GPU match the reference', () => {
  for (const [name, shape, axes] of shapes) {
    it.each(axes)(`sum, mean, var, std over ${name}: axis %j`, async (axis) => {
      const data = finite(shape.reduce((a, b) => a * b, 1), 1);
      const x = np.array(data).reshape(shape);
      const tol = sumTolerance(data);
      await expectSame(gpu, [x.sum(axis), x.mean(axis)], tol);
      await expectSame(gpu, [x.var({ axis }), x.std({ axis, ddof: 1 })], { ulps: 64, abs: 1e-5 * Math.max(...data.map(Math.abs)) ** 2 });
    });

    it.each(axes)(`min, max, argmin, argmax, any, all over ${name}: axis %j`, async (axis) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const x = np.array(finite(size, 2).map((v, i) => (i % 97 === 0 ? 0 : v))).reshape(shape);
      const arg = typeof axis === 'number' || axis === null ? [x.argmin(axis), x.argmax(axis)] : [];
      await expectSame(gpu, [x.min(axis), x.max(axis), ...arg, x.any(axis), x.all(axis)], { ulps: 0, signOfZero: false });
    });
  }

  it('propagates NaN through min, max and sums; argmin and argmax return the first NaN', async () => {
    const data = finite(4 * 3000, 3);
    for (const i of [5, 3000 + 2999, 6000 + 17, 6000 + 1000]) data[i] = NaN;
    data[9000 + 100] = -Infinity;
    const x = np.array(data).reshape(4, 3000);
    await expectSame(gpu, [x.min(1), x.max(1), x.sum(1), x.argmin(1), x.argmax(1), x.argmax(null)], { ulps: 0, abs: 1e-2 });
  });

  it('keeps the first of equal extremes for argmin and argmax (ties across chunks)', async () => {
    const data = new Float32Array(50000).fill(1);
    data[40000] = -3;
    data[10] = -3;
    data[49999] = 7;
    data[700] = 7;
    const x = np.array(data);
    await expectSame(gpu, [x.argmin(), x.argmax(), x.reshape(5, 10000).argmin(1)]);
  });

  it('skips NaN in nanargmin and nanargmax: NaN first, a run of NaN, NaN beside infinities, ties across chunks', async () => {
    const data = finite(5 * 3000, 6);
    for (const i of [0, 1, 2999, 3000 + 1500]) data[i] = NaN;
    data.fill(NaN, 6000, 6000 + 2990);
    data[6000 + 2995] = -Infinity;
    data.fill(Infinity, 9000 + 10, 9000 + 20);
    data[9000] = NaN;
    [data[12000 + 40], data[12000 + 2800]] = [50, 50];
    [data[12000 + 41], data[12000 + 2801]] = [-50, -50];
    const x = np.array(data).reshape(5, 3000);
    expect(gpu.placement(np.plan(x.nanargmin(1), x.nanargmax(1)))).toEqual(['gpu']);
    await expectSame(gpu, [x.nanargmin(1), x.nanargmax(1), x.nanargmin(), x.nanargmax(), x.nanargmax(0)]);
    await expectSame(gpu, [x.reshape(3000, 5).nanargmin(0, { keepdims: true }), x.nanargmax(-1, { keepdims: true })]);
  });

  it('raises ValueError for an all-NaN slice of nanargmin or nanargmax, from the status word', async () => {
    for (const run of [7, 5000]) {
      const data = finite(3 * run, 7);
      data.fill(NaN, run, 2 * run);
      const x = np.array(data).reshape(3, run);
      expect(gpu.placement(x.nanargmax(1).plan())).toEqual(['gpu']);
      await expect(gpu.execute(x.nanargmax(1).plan()), `run ${run}`).rejects.toThrow('nanargmax: All-NaN slice encountered');
      await expect(gpu.execute(x.nanargmin(1).plan()), `run ${run}`).rejects.toThrow('nanargmin: All-NaN slice encountered');
      await expectSame(gpu, [x.nanargmax(0), x.nanargmin(0)]);
    }
  });

  it('reduces empty axes to the identity', async () => {
    const e = np.array(new Float32Array(0)).reshape(0, 5);
    await expectSame(gpu, [e.sum(0), e.prod(0), e.any(0), e.all(0), e.var({ axis: 0 })]);
  });

  it('fuses a prologue and an epilogue into one reduction kernel', async () => {
    const x = np.array(finite(3 * 20000, 4)).reshape(3, 20000);
    const z = x.sub(x.mean({ axis: 1, keepdims: true })).div(x.std({ axis: 1, keepdims: true }));
    const e = x.mul(x).sum(1).sqrt().add(1);
    expect(e.plan().steps).toHaveLength(1);
    expect(gpu.placement(e.plan())).toEqual(['gpu']);
    await expectSame(gpu, [e], { ulps: 4, abs: 1e-3 });
    await expectSame(gpu, [z.abs().max(1)], { ulps: 64, abs: 1e-4 });
  });

  it('products of values near one', async () => {
    const r = rng(5);
    const x = np.array(Float32Array.from({ length: 4 * 5000 }, () => 1 + (r() - 0.5) * 1e-3)).reshape(4, 5000);
    // A sequential f32 product drifts by up to n/2 ulps; 5,000 factors stay within 1e-4.
    await expectSame(gpu, [x.prod(1), x.prod()], { ulps: 2, abs: 1e-4 });
  });
});

describe('integer and bool reductions on the GPU are exact', () => {
  const reduceAll = (x: NDArray, axis: number | null) => [x.sum(axis), x.prod(axis), x.min(axis), x.max(axis), x.argmin(axis), x.argmax(axis), x.any(axis), x.all(axis)];
  it.each([null, 0, 1])('int32 and uint32 with wrap-around, axis %j', async (axis) => {
    await expectSame(gpu, [...reduceAll(np.array(ints(60 * 700, 6)).reshape(60, 700), axis), ...reduceAll(np.array(uints(700 * 60, 7)).reshape(700, 60).T, axis)]);
  });

  it.each([null, 0, 1])('int32, uint32 and bool nanargmin and nanargmax as argmin and argmax, axis %j', async (axis) => {
    const i = np.array(ints(60 * 700, 6)).reshape(60, 700);
    const u = np.array(uints(700 * 60, 7)).reshape(700, 60).T;
    const p = np.array(bools(300 * 40, 8), 'bool').reshape(300, 40);
    await expectSame(gpu, [i.nanargmin(axis), i.nanargmax(axis), u.nanargmin(axis), u.nanargmax(axis), p.nanargmin(axis), p.nanargmax(axis)]);
  });

  it.each([null, 0, 1])('bool any, all, sum and argmax, axis %j', async (axis) => {
    const p = np.array(bools(300 * 40, 8), 'bool').reshape(300, 40);
    await expectSame(gpu, [p.any(axis), p.all(axis), p.sum(axis), p.argmax(axis), p.min(axis), p.max(axis)]);
  });

  it('mean of integers promotes to float64 and runs on the CPU', async () => {
    const m = np.array(ints(1000, 9)).mean();
    expect(gpu.placement(m.plan()).some((w) => w.startsWith('cpu: float64'))).toBe(true);
    await expectSame(gpu, [m]);
  });
});

describe('random and range generators feed reductions without being stored', () => {
  it('sums uniforms drawn inside the reduction kernel', async () => {
    const u = np.randomBits([9, 9], [4, 30000]).astype('float32').mul(2 ** -32);
    const s = u.sum(1);
    expect(s.plan().steps).toHaveLength(1);
    await expectSame(gpu, [s, u.max(1), u.argmin(1)], { ulps: 2, abs: 0.05 });
  });

  it('reduces arange exactly in int32', async () => {
    await expectSame(gpu, [np.arange(0, 100000, 1, 'int32').sum(), np.arange(1, 31, 1, 'int32').prod()]);
  });
});

/**
 * The rolling-window ops (graph/ops.ts ROLLING) against plain-JS loops that gather each
 * window and reduce it, on whichever backend this project runs (js, wasm with 1 and 2
 * threads, webgpu): NaN and ±Inf, every kind of minPeriods, windows longer than the
 * series, empty and size-1 axes, any axis, float32 and float64.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, risk, type NDArray } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { expectClose, noisySeries, values } from './helpers.js';
import { alongAxis } from '../helpers/series.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

type Stat = 'sum' | 'mean' | 'var' | 'std' | 'min' | 'max';
type Float = 'float32' | 'float64';

const OPS: Record<Stat, (x: NDArray, window: number, options: object) => NDArray | Promise<NDArray>> = {
  sum: risk.rollingSum, mean: risk.rollingMean, var: risk.rollingVar, std: risk.rollingStd, min: risk.rollingMin, max: risk.rollingMax,
};

/** One series' statistic, the obvious way: each window's non-NaN values, then their sum, moments or extremes. */
function naiveSeries(x: readonly number[], stat: Stat, window: number, minPeriods: number, ddof: number): number[] {
  return x.map((_, t) => {
    const vals = x.slice(Math.max(0, t - window + 1), t + 1).filter((v) => !Number.isNaN(v));
    const n = vals.length;
    if (n < minPeriods) return NaN;
    if (stat === 'min' || stat === 'max') return n === 0 ? NaN : Math[stat](...vals);
    const sum = vals.reduce((a, b) => a + b, 0);
    if (stat === 'sum') return sum;
    if (stat === 'mean') return sum / n;
    if (vals.some((v) => !Number.isFinite(v)) || n - ddof <= 0) return NaN;
    const variance = vals.reduce((a, v) => a + (v - sum / n) ** 2, 0) / (n - ddof);
    return stat === 'var' ? variance : Math.sqrt(variance);
  });
}

/** The naive statistic of every series along `axis` of a C-order array of `shape`. */
function naive(flat: readonly number[], shape: readonly number[], axis: number, stat: Stat, window: number, minPeriods: number, ddof = 1): number[] {
  return alongAxis(flat, shape, axis, (series) => naiveSeries(series, stat, window, minPeriods, ddof));
}

/** Tolerances: float64 as tight as the other rolling tests; float32 relative to the data's scale (and its square for var). */
function tolerance(dtype: Float, stat: Stat, data: readonly number[], window: number): { rtol: number; atol: number } {
  if (stat === 'min' || stat === 'max') return { rtol: 0, atol: 0 };
  const scale = Math.max(1, ...data.filter(Number.isFinite).map(Math.abs));
  const terms = Math.min(window, data.length);
  if (dtype === 'float64') return { rtol: 1e-9, atol: 1e-12 * terms * scale ** (stat === 'var' ? 2 : 1) };
  const atol = { sum: 4e-7 * terms * scale, mean: 4e-7 * scale, var: 1e-5 * scale ** 2, std: 3e-3 * scale }[stat as 'sum'];
  return { rtol: 1e-5, atol };
}

async function check(data: readonly number[], shape: number[], dtype: Float, stat: Stat, window: number, options: { minPeriods?: number; axis?: number; ddof?: number }): Promise<void> {
  const stored = dtype === 'float32' ? data.map(Math.fround) : data;
  // float32 data stored as float32, so that on webgpu the kernel runs on the GPU (a float64 load would route it to wasm).
  const x: NDArray = np.array(dtype === 'float32' ? Float32Array.from(stored) : Float64Array.from(stored)).reshape(shape);
  const got = await OPS[stat](x, window, options);
  expect(got.dtype).toBe(dtype);
  expect(got.shape).toEqual(shape);
  const axis = (options.axis ?? 0) < 0 ? options.axis! + shape.length : (options.axis ?? 0);
  const want = naive(stored, shape, axis, stat, window, options.minPeriods ?? window, options.ddof ?? 1);
  expectClose(await values(got), want, tolerance(dtype, stat, stored, window));
}

const STATS: Stat[] = ['sum', 'mean', 'var', 'std', 'min', 'max'];
const FLOATS: Float[] = ['float64', 'float32'];
const series = (n: number, seed: number, rates?: { nanRate?: number; infRate?: number }) => Array.from(noisySeries(n, seed, rates));

describe('rolling ops match a naive loop', () => {
  for (const dtype of FLOATS) {
    for (const stat of STATS) {
      it(`${stat} over ${dtype}: minPeriods 0, partial and full, and windows past the series' end`, async () => {
        const x = series(90, 11, { nanRate: 0.2 });
        for (const [window, minPeriods] of [[1, 1], [4, 0], [7, 3], [7, 7], [200, 0], [200, 5]] as const) {
          await check(x, [90], dtype, stat, window, { minPeriods });
        }
      });

      it(`${stat} over ${dtype}: infinities dominate their windows and leave no trace`, async () => {
        await check(series(120, 12, { nanRate: 0.1, infRate: 0.06 }), [120], dtype, stat, 5, { minPeriods: 1 });
      });

      it(`${stat} over ${dtype}: along axis 1 and axis -1 of a 3-D array, and across many columns`, async () => {
        await check(series(3 * 40 * 2, 13), [3, 40, 2], dtype, stat, 6, { axis: 1, minPeriods: 2 });
        await check(series(3 * 4 * 30, 14), [3, 4, 30], dtype, stat, 6, { axis: -1, minPeriods: 2 });
        // 2000 x 13: past the wasm pool's parallel threshold, with a column count no chunk divides.
        await check(series(2000 * 13, 15, { nanRate: 0.05 }), [2000, 13], dtype, stat, 63, { minPeriods: 20 });
      });

      it(`${stat} over ${dtype}: size-1 and empty axes`, async () => {
        await check(series(5, 16, { nanRate: 0 }), [1, 5], dtype, stat, 3, { minPeriods: 1 });
        await check(series(5, 17, { nanRate: 0 }), [5, 1], dtype, stat, 3, { minPeriods: 1 });
        await check(series(5, 18, { nanRate: 0 }), [5, 1], dtype, stat, 2, { axis: 1, minPeriods: 0 });
        await check([], [0], dtype, stat, 3, {});
        await check([], [0, 4], dtype, stat, 3, { minPeriods: 1 });
        await check([], [4, 0], dtype, stat, 3, { axis: 0 });
      });
    }
  }

  it('divides by count - ddof for any finite ddof', async () => {
    const x = series(60, 19, { nanRate: 0.2 });
    for (const ddof of [0, 2, 0.5, -1]) {
      for (const dtype of FLOATS) await check(x, [60], dtype, 'var', 8, { minPeriods: 1, ddof });
    }
  });

  it('sums an empty window to 0 with minPeriods 0, and means it to NaN', async () => {
    const x = [NaN, NaN, NaN, 1, NaN, NaN, NaN];
    expect(await values(risk.rollingSum(x, 2, { minPeriods: 0 }))).toEqual([0, 0, 0, 1, 1, 0, 0]);
    expect(await values(risk.rollingMean(x, 2, { minPeriods: 0 }))).toEqual([NaN, NaN, NaN, 1, 1, NaN, NaN]);
  });

  it('computes a rolling std or max in one kernel, its elementwise input fused in', async () => {
    for (const [op, result] of [['rollingStd', risk.rollingStd(np.ones([100, 4]).mul(2), 10)], ['rollingMax', await risk.rollingMax(np.ones([100, 4]).mul(2), 10)]] as const) {
      const plan = result.plan();
      expect(plan.steps.length).toBe(1);
      expect(plan.steps[0]!.ops).toContain(op);
    }
  });
});

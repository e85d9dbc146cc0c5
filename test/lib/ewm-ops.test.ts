/**
 * The exponentially weighted ops (graph/ops.ts EWM) against pandas' ewma and ewmcov loops
 * written out plainly in JS (the code risk.ewm* ran before they were ops), on whichever
 * backend this project runs (js, wasm with 1 and 2 threads, webgpu): NaN runs (leading,
 * long, all-NaN), every kind of minPeriods, adjust and ignoreNa both ways, bias, ±Inf,
 * series of length 0 and 1, any axis, float32 and float64.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, risk, type NDArray } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { expectClose, noisySeries, values } from './helpers.js';
import { alongAxis } from '../helpers/series.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

type Stat = 'mean' | 'var' | 'std';
type Float = 'float32' | 'float64';

interface Spec {
  alpha: number;
  adjust?: boolean;
  ignoreNa?: boolean;
  minPeriods?: number;
  bias?: boolean;
  axis?: number;
}

const OPS: Record<Stat, (x: NDArray, options: Spec) => Promise<NDArray>> = { mean: risk.ewmMean, var: risk.ewmVar, std: risk.ewmStd };

/** pandas' ewma: the first entry starts the mean, each later one blends in with the decayed weight of the past. */
function naiveMean(x: readonly number[], alpha: number, adjust: boolean, ignoreNa: boolean, minPeriods: number): number[] {
  if (x.length === 0) return [];
  const out: number[] = [];
  let mean = x[0]!;
  let nobs = Number.isNaN(mean) ? 0 : 1;
  let oldWeight = 1;
  out.push(nobs >= minPeriods ? mean : NaN);
  for (let t = 1; t < x.length; t++) {
    const v = x[t]!;
    const observed = !Number.isNaN(v);
    if (observed) nobs++;
    if (!Number.isNaN(mean)) {
      if (observed || !ignoreNa) {
        oldWeight *= 1 - alpha;
        if (observed) {
          const w = adjust ? 1 : alpha;
          if (mean !== v) mean = (oldWeight * mean + w * v) / (oldWeight + w);
          oldWeight = adjust ? oldWeight + w : 1;
        }
      }
    } else if (observed) {
      mean = v;
    }
    out.push(nobs >= minPeriods ? mean : NaN);
  }
  return out;
}

/** pandas' ewmcov of a series with itself: a weighted Welford update with running Σw and Σw². */
function naiveVar(x: readonly number[], alpha: number, adjust: boolean, ignoreNa: boolean, minPeriods: number, bias: boolean): number[] {
  if (x.length === 0) return [];
  const decay = 1 - alpha;
  const w = adjust ? 1 : alpha;
  const out: number[] = [];
  let mean = x[0]!;
  let nobs = Number.isNaN(mean) ? 0 : 1;
  let moment = 0;
  let sumW = 1;
  let sumW2 = 1;
  let oldWeight = 1;
  out.push(nobs >= minPeriods && bias ? 0 : NaN);
  for (let t = 1; t < x.length; t++) {
    const v = x[t]!;
    const observed = !Number.isNaN(v);
    if (observed) nobs++;
    if (!Number.isNaN(mean)) {
      if (observed || !ignoreNa) {
        sumW *= decay;
        sumW2 *= decay * decay;
        oldWeight *= decay;
        if (observed) {
          const oldMean = mean;
          if (mean !== v) mean = (oldWeight * oldMean + w * v) / (oldWeight + w);
          const d = oldMean - mean;
          moment = (oldWeight * (moment + d * d) + w * (v - mean) * (v - mean)) / (oldWeight + w);
          sumW += w;
          sumW2 += w * w;
          oldWeight += w;
          if (!adjust) {
            sumW /= oldWeight;
            sumW2 /= oldWeight * oldWeight;
            oldWeight = 1;
          }
        }
      }
    } else if (observed) {
      mean = v;
    }
    const den = sumW * sumW - sumW2;
    out.push(nobs < minPeriods ? NaN : bias ? moment : den > 0 ? ((sumW * sumW) / den) * moment : NaN);
  }
  return out;
}

function naiveSeries(x: readonly number[], stat: Stat, s: Spec): number[] {
  const [adjust, ignoreNa, minPeriods] = [s.adjust ?? true, s.ignoreNa ?? false, Math.max(s.minPeriods ?? 0, 1)];
  if (stat === 'mean') return naiveMean(x, s.alpha, adjust, ignoreNa, minPeriods);
  const variance = naiveVar(x, s.alpha, adjust, ignoreNa, minPeriods, s.bias ?? false);
  return stat === 'var' ? variance : variance.map((v) => Math.sqrt(Math.max(v, 0)));
}

/** The naive statistic of every series along `axis` of a C-order array of `shape`. */
function naive(flat: readonly number[], shape: readonly number[], axis: number, stat: Stat, spec: Spec): number[] {
  return alongAxis(flat, shape, axis, (series) => naiveSeries(series, stat, spec));
}

/**
 * Tolerances: the CPU backends run the loops above with the same float64 operations in
 * the same order, so float64 (which webgpu also runs on the CPU) matches exactly, bit
 * for bit, and float32 is those results rounded once. Float32 on the GPU runs the recursion in float32: its error stays
 * at a few float32 ulps of the data's scale (the recursion forgets old rounding), times
 * the unbiasing factor near a series' start for the variance.
 */
function tolerance(dtype: Float, stat: Stat, data: readonly number[]): { rtol: number; atol: number } {
  const scale = Math.max(1, ...data.filter(Number.isFinite).map(Math.abs));
  if (dtype === 'float64') return { rtol: 0, atol: 0 };
  return { rtol: 1e-4, atol: { mean: 1e-5 * scale, var: 1e-4 * scale ** 2, std: 1e-3 * scale }[stat] };
}

async function check(data: readonly number[], shape: number[], dtype: Float, stat: Stat, spec: Spec): Promise<void> {
  const stored = dtype === 'float32' ? data.map(Math.fround) : data;
  // float32 data stored as float32, so that on webgpu the kernel runs on the GPU (a float64 load would route it to wasm).
  const x: NDArray = np.array(dtype === 'float32' ? Float32Array.from(stored) : Float64Array.from(stored)).reshape(shape);
  // ewmMean takes no bias option.
  const { bias: _, ...meanSpec } = spec;
  const got = await OPS[stat](x, stat === 'mean' ? meanSpec : spec);
  expect(got.dtype).toBe(dtype);
  expect(got.shape).toEqual(shape);
  const axis = (spec.axis ?? 0) < 0 ? spec.axis! + shape.length : (spec.axis ?? 0);
  const want = naive(stored, shape, axis, stat, spec);
  expectClose(await values(got), dtype === 'float32' ? want.map(Math.fround) : want, tolerance(dtype, stat, stored));
}

const STATS: Stat[] = ['mean', 'var', 'std'];
const FLOATS: Float[] = ['float64', 'float32'];
const series = (n: number, seed: number, rates?: { nanRate?: number; infRate?: number }) => Array.from(noisySeries(n, seed, rates));

/** A series with a leading NaN run, a long gap in the middle and NaNs sprinkled elsewhere. */
function gappy(n: number, seed: number): number[] {
  const x = series(n, seed, { nanRate: 0.15 });
  for (let t = 0; t < 4; t++) x[t] = NaN;
  for (let t = Math.floor(n / 2); t < Math.floor(n / 2) + 12; t++) x[t] = NaN;
  return x;
}

describe('ewm ops match pandas\' loops', () => {
  for (const dtype of FLOATS) {
    for (const stat of STATS) {
      it(`${stat} over ${dtype}: adjust and ignoreNa both ways across NaN runs, biased and not`, async () => {
        const x = gappy(100, 21);
        for (const adjust of [true, false]) {
          for (const ignoreNa of [false, true]) {
            for (const bias of stat === 'mean' ? [false] : [false, true]) await check(x, [100], dtype, stat, { alpha: 0.15, adjust, ignoreNa, bias });
          }
        }
      });

      it(`${stat} over ${dtype}: minPeriods 0, 1, partial and beyond the series, and the extreme decays`, async () => {
        const x = gappy(60, 22);
        for (const minPeriods of [0, 1, 7, 200]) await check(x, [60], dtype, stat, { alpha: 0.3, minPeriods });
        for (const alpha of [1, 1e-3]) {
          for (const adjust of [true, false]) await check(x, [60], dtype, stat, { alpha, adjust });
        }
      });

      it(`${stat} over ${dtype}: infinities, and all-NaN series`, async () => {
        for (const adjust of [true, false]) await check(series(80, 23, { nanRate: 0.1, infRate: 0.05 }), [80], dtype, stat, { alpha: 0.2, adjust });
        await check([1, 2, Infinity, 3, NaN, -Infinity, 4, 5], [8], dtype, stat, { alpha: 0.5 });
        await check([NaN, NaN, NaN, NaN], [4], dtype, stat, { alpha: 0.5 });
      });

      it(`${stat} over ${dtype}: along axis 1 and axis -1 of a 3-D array, and across many columns`, async () => {
        await check(series(3 * 40 * 2, 24), [3, 40, 2], dtype, stat, { alpha: 0.1, axis: 1, minPeriods: 2 });
        await check(series(3 * 4 * 30, 25), [3, 4, 30], dtype, stat, { alpha: 0.1, axis: -1, adjust: false });
        // 2000 x 13: past the wasm pool's parallel threshold, with a column count no chunk divides.
        await check(series(2000 * 13, 26, { nanRate: 0.05 }), [2000, 13], dtype, stat, { alpha: 0.06 });
      });

      it(`${stat} over ${dtype}: series of length 0 and 1, and empty arrays`, async () => {
        await check([2.5], [1], dtype, stat, { alpha: 0.5 });
        await check([NaN], [1], dtype, stat, { alpha: 0.5 });
        await check(series(5, 27, { nanRate: 0 }), [1, 5], dtype, stat, { alpha: 0.5, bias: true });
        await check(series(5, 28, { nanRate: 0 }), [5, 1], dtype, stat, { alpha: 0.5, axis: 1, bias: true });
        await check([], [0], dtype, stat, { alpha: 0.5 });
        await check([], [0, 4], dtype, stat, { alpha: 0.5 });
        await check([], [4, 0], dtype, stat, { alpha: 0.5, axis: 1 });
      });
    }
  }

  it('computes an ewm std in one kernel, its elementwise input fused in', async () => {
    const plan = (await risk.ewmStd(np.ones([100, 4]).mul(2), { alpha: 0.1 })).plan();
    expect(plan.steps.length).toBe(1);
    expect(plan.steps[0]!.ops).toContain('ewmStd');
  });
});

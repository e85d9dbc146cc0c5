import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, risk, type NDArray } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { expectClose, noisySeries, values } from './helpers.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

type Stat = 'sum' | 'mean' | 'var' | 'std' | 'min' | 'max' | 'median';

/** pandas' rolling semantics, written the slow obvious way: gather each window's non-NaN values, then reduce. */
function naiveRolling(x: ArrayLike<number>, window: number, stat: Stat, minPeriods = window, ddof = 1): number[] {
  const out: number[] = [];
  for (let t = 0; t < x.length; t++) {
    const vals: number[] = [];
    for (let j = Math.max(0, t - window + 1); j <= t; j++) if (!Number.isNaN(x[j])) vals.push(x[j]!);
    if (vals.length < minPeriods || (vals.length === 0 && stat !== 'sum')) {
      out.push(NaN);
      continue;
    }
    const n = vals.length;
    const sum = vals.reduce((a, b) => a + b, 0);
    const mean = sum / n;
    const variance = vals.some((v) => !Number.isFinite(v)) || n - ddof <= 0 ? NaN : vals.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - ddof);
    const sorted = [...vals].sort((a, b) => a - b);
    const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
    out.push({ sum, mean, var: variance, std: Math.sqrt(variance), min: sorted[0]!, max: sorted[n - 1]!, median }[stat]);
  }
  return out;
}

const lazy = { sum: risk.rollingSum, mean: risk.rollingMean, var: risk.rollingVar, std: risk.rollingStd };
const swept = { min: risk.rollingMin, max: risk.rollingMax, median: (x: NDArray, w: number, o: object) => risk.rollingQuantile(x, w, 0.5, o) };

async function rolled(stat: Stat, x: NDArray, window: number, options: object): Promise<number[]> {
  if (stat in lazy) return values(lazy[stat as keyof typeof lazy](x, window, options));
  return values(await swept[stat as keyof typeof swept](x, window, options));
}

describe('rolling windows over random data with NaNs', () => {
  const series = noisySeries(500, 7, { nanRate: 0.15 });
  const stats: Stat[] = ['sum', 'mean', 'var', 'std', 'min', 'max', 'median'];

  for (const stat of stats) {
    for (const [window, minPeriods] of [[1, 1], [5, 5], [20, 3], [20, 0], [600, 1]] as const) {
      it(`rolling ${stat} with window ${window} and minPeriods ${minPeriods} matches a naive loop`, async () => {
        const got = await rolled(stat, np.array(series), window, { minPeriods });
        expectClose(got, naiveRolling(series, window, stat, minPeriods), { rtol: 1e-9, atol: 1e-12 });
      });
    }
  }

  it('rolls each column of a matrix independently along axis 0, and along axis 1 when asked', async () => {
    const cols = [1, 2, 3].map((seed) => Array.from(noisySeries(60, seed)));
    const m = np.array(cols).T;
    for (const stat of stats) {
      const byColumn = await rolled(stat, m, 10, { minPeriods: 4 });
      const want = cols.map((c) => naiveRolling(c, 10, stat, 4));
      expectClose(byColumn, want[0]!.flatMap((_, t) => want.map((c) => c[t]!)), { rtol: 1e-9, atol: 1e-12 });
      expectClose(await rolled(stat, np.array(cols), 10, { minPeriods: 4, axis: 1 }), want.flat(), { rtol: 1e-9, atol: 1e-12 });
    }
  });

  it('lets an infinity dominate its windows and leave no trace after them', async () => {
    const x = noisySeries(200, 9, { nanRate: 0.1, infRate: 0.05 });
    for (const stat of ['sum', 'mean', 'var', 'min', 'max', 'median'] as const) {
      expectClose(await rolled(stat, np.array(x), 7, { minPeriods: 2 }), naiveRolling(x, 7, stat, 2), { rtol: 1e-9, atol: 1e-12 });
    }
  });

  it('stays accurate on a long series far from zero, where plain running sums would not', async () => {
    // Prices near 1e6 with daily moves of a few units: running sums reach 1e10, and an
    // uncompensated difference of them would carry errors near 1e-6 per window sum.
    const n = 20_000;
    const x = Float64Array.from({ length: n }, (_, i) => 1e6 + 5 * Math.sin(i * 0.7) + (i % 13));
    const naiveStd = naiveRolling(x, 50, 'std');
    const naiveMean = naiveRolling(x, 50, 'mean');
    expectClose(await values(risk.rollingStd(x, 50)), naiveStd, { rtol: 1e-9 });
    expectClose(await values(risk.rollingMean(x, 50)), naiveMean, { rtol: 1e-15 });
  });

  it('divides by count - ddof, giving NaN where that is not positive', async () => {
    const x = [1, 2, 4, NaN, 8];
    expectClose(await values(risk.rollingVar(x, 3, { minPeriods: 1, ddof: 0 })), naiveRolling(x, 3, 'var', 1, 0), { rtol: 1e-14 });
    expectClose(await values(risk.rollingVar(x, 2, { minPeriods: 1 })), [NaN, 0.5, 2, NaN, NaN]);
  });

  it('takes quantiles of each window with any of NumPy\'s methods', async () => {
    const x = noisySeries(100, 4);
    for (const method of ['linear', 'lower', 'higher', 'nearest', 'midpoint'] as const) {
      const got = await values(await risk.rollingQuantile(x, 9, 0.3, { minPeriods: 3, method }));
      const want = Array.from(x, (_, t) => {
        const w = Array.from(x.slice(Math.max(0, t - 8), t + 1)).filter((v) => !Number.isNaN(v));
        return w.length < 3 ? NaN : risk.quantile(w, 0.3, { method });
      });
      const resolved = await Promise.all(want.map(async (v) => (typeof v === 'number' ? v : Number(await v.item()))));
      expectClose(got, resolved, { rtol: 1e-14 });
    }
  });

  it('refuses bad windows and minPeriods, naming the function and the value', () => {
    expect(() => risk.rollingMean([1, 2], 0)).toThrow(/rollingMean: window must be a positive integer, got 0/);
    expect(() => risk.rollingSum([1, 2], 2, { minPeriods: 3 })).toThrow(/rollingSum: minPeriods must be an integer in \[0, window = 2\], got 3/);
  });
});

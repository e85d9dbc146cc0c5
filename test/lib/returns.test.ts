import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, risk } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { expectClose, seeded, values } from './helpers.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

/** [days x assets] of positive prices from a seeded random walk. */
function prices(days: number, assets: number, seed: number): number[][] {
  const u = seeded(seed);
  const rows = [Array.from({ length: assets }, () => 50 + 100 * u())];
  for (let t = 1; t < days; t++) rows.push(rows[t - 1]!.map((p) => p * Math.exp(0.03 * (u() - 0.5))));
  return rows;
}

describe('returns', () => {
  const p = prices(40, 3, 1);

  it('computes simple and log returns down each column like a plain loop', async () => {
    const simple = p.slice(1).flatMap((row, t) => row.map((v, i) => v / p[t]![i]! - 1));
    const log = p.slice(1).flatMap((row, t) => row.map((v, i) => Math.log(v / p[t]![i]!)));
    expectClose(await values(risk.simpleReturns(p)), simple, { rtol: 1e-12 });
    expectClose(await values(risk.logReturns(p)), log, { rtol: 1e-12 });
    expect(risk.simpleReturns(p).shape).toEqual([39, 3]);
  });

  it('takes returns along another axis when asked', async () => {
    const byRow = np.array(p).T;
    expectClose(await values(risk.logReturns(byRow, { axis: 1 })), await values(risk.logReturns(p).T), { rtol: 0 });
    expectClose(await values(risk.logReturns(byRow, { axis: -1 })), await values(risk.logReturns(p).T), { rtol: 0 });
  });

  it('keeps full precision for tiny returns, where p1 / p0 - 1 would lose digits', async () => {
    const [r] = await values(risk.simpleReturns([1000.0001, 1000.0002]));
    // The exact return of the two doubles, to about 1e-16 relative.
    const exact = (1000.0002 - 1000.0001) / 1000.0001;
    expect(Math.abs(r! - exact) / exact).toBeLessThan(1e-15);
  });

  it('compounds simple and log returns into cumulative returns', async () => {
    const r = risk.simpleReturns(p);
    const want: number[] = [];
    const growth = [1, 1, 1];
    for (let t = 1; t < p.length; t++) {
      for (let i = 0; i < 3; i++) {
        growth[i]! *= p[t]![i]! / p[t - 1]![i]!;
        want.push(growth[i]! - 1);
      }
    }
    expectClose(await values(risk.cumulativeReturns(r)), want, { rtol: 1e-10, atol: 1e-13 });
    expectClose(await values(risk.cumulativeReturns(risk.logReturns(p), { log: true })), want, { rtol: 1e-10, atol: 1e-13 });
  });

  it('measures drawdowns from the running peak and finds the deepest one', async () => {
    const level = [100, 120, 90, 95, 130, 65, 70, 140];
    const dd = [0, 0, 90 / 120 - 1, 95 / 120 - 1, 0, 65 / 130 - 1, 70 / 130 - 1, 0];
    expectClose(await values(risk.drawdown(level)), dd, { rtol: 1e-15 });
    expect(await risk.maxDrawdown(level).item()).toBeCloseTo(-0.5, 15);
  });

  it('agrees with a plain running-maximum loop on long columns', async () => {
    const walk = prices(1000, 4, 2);
    const want: number[] = [];
    const peak = [-Infinity, -Infinity, -Infinity, -Infinity];
    const worst = [0, 0, 0, 0];
    for (const row of walk) {
      row.forEach((v, i) => {
        peak[i] = Math.max(peak[i]!, v);
        want.push(v / peak[i]! - 1);
        worst[i] = Math.min(worst[i]!, v / peak[i]! - 1);
      });
    }
    expectClose(await values(risk.drawdown(walk)), want, { rtol: 1e-15, atol: 1e-15 });
    expectClose(await values(risk.maxDrawdown(walk)), worst, { rtol: 1e-15 });
  });

  it('finds the running peak in one pass per series: a rolling maximum, plus a running NaN count for runningMax', () => {
    const walk = np.array(prices(1000, 1, 3)).reshape(-1);
    expect(risk.maxDrawdown(walk).plan().steps.map((s) => s.ops[0])).toEqual(['rollingMax', 'min']);
    expect(risk.runningMax(walk).plan().steps.map((s) => s.program.kind)).toEqual(['scan', 'scan', 'map']);
  });

  it('gives a NaN deepest drawdown when a level is NaN, and NaN for a column of NaNs, as NumPy does', async () => {
    expect(await risk.maxDrawdown([100, 120, NaN, 95, 130, 65]).item()).toBeNaN();
    expect(await values(risk.maxDrawdown([[NaN, 1], [NaN, 2], [NaN, 0.5]]))).toEqual([NaN, -0.75]);
    expect(await values(risk.runningMax([[NaN, 1], [3, 2], [1, -Infinity]]))).toEqual([NaN, 1, NaN, 2, NaN, 2]);
  });

  it('propagates a NaN through the running maximum, as np.maximum.accumulate does', async () => {
    expectClose(await values(risk.runningMax([1, 3, NaN, 5, 2])), [1, 3, NaN, NaN, NaN]);
    expectClose(await values(risk.runningMax([2, 1, 4, 3, 7, 0, 6])), [2, 2, 4, 4, 7, 7, 7]);
  });

  it('names the function and the axis when the axis does not exist', () => {
    expect(() => risk.simpleReturns([1, 2, 3], { axis: 1 })).toThrow(/simpleReturns: axis 1 is out of bounds for an array of dimension 1/);
  });
});

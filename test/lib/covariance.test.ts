import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, risk } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { decodeAll, expectClose, fixture, seeded, values } from './helpers.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

const { x: xData, shape, cov: covWant, cov_ddof0: cov0Want, corr: corrWant } = fixture.covariance;
const x = np.array(decodeAll(xData)).reshape(shape);

describe('covariance and correlation', () => {
  it("matches np.cov(x, rowvar=False) for columns on very different scales", async () => {
    expectClose(await values(risk.cov(x)), decodeAll(covWant), { rtol: 1e-12, atol: 1e-12 });
    expectClose(await values(risk.cov(x, { ddof: 0 })), decodeAll(cov0Want), { rtol: 1e-12, atol: 1e-12 });
  });

  it('matches np.corrcoef and never leaves [-1, 1]', async () => {
    const corr = await values(risk.corr(x));
    expectClose(corr, decodeAll(corrWant), { rtol: 1e-12, atol: 1e-14 });
    expect(corr.every((v) => v >= -1 && v <= 1)).toBe(true);
    const [same] = await values(risk.corr(np.array([[1, 2], [2, 4], [3, 6.000000000000001]])).slice(0, 1));
    expect(same).toBeLessThanOrEqual(1);
  });

  it('refuses a 1-D input with the shape it got', () => {
    expect(() => risk.cov([1, 2, 3])).toThrow(/cov: expected a 2-D \[observations x variables\] array, got shape \(3,\)/);
  });
});

describe('portfolio statistics', () => {
  const covariance = [[0.04, 0.006, -0.002], [0.006, 0.09, 0.01], [-0.002, 0.01, 0.0225]];
  const quadratic = (w: number[]) => w.reduce((a, wi, i) => a + wi * w.reduce((b, wj, j) => b + covariance[i]![j]! * wj, 0), 0);

  it('gives wᵀΣw for one weight vector and for each row of a weight matrix', async () => {
    const w = [0.5, 0.3, 0.2];
    expect(await risk.portfolioVariance(w, covariance).item()).toBeCloseTo(quadratic(w), 15);
    expect(await risk.portfolioVolatility(w, covariance).item()).toBeCloseTo(Math.sqrt(quadratic(w)), 15);
    const ws = [w, [1, 0, 0], [0.2, -0.4, 1.2]];
    expectClose(await values(risk.portfolioVariance(ws, covariance)), ws.map(quadratic), { rtol: 1e-14 });
    expect(risk.portfolioVolatility(ws, covariance).shape).toEqual([3]);
  });

  it('names both shapes when weights and covariance disagree', () => {
    expect(() => risk.portfolioVariance([1, 0], covariance)).toThrow(/portfolioVariance: weights \(2,\) must be \[3\] or \[portfolios x 3\] for a covariance of shape \(3, 3\)/);
  });

  it('computes beta as cov(r, m) / var(m) for each asset', async () => {
    const u = seeded(5);
    const m = Array.from({ length: 250 }, () => u() - 0.5);
    const r = m.map((mi) => [1.3 * mi + 0.1 * (u() - 0.5), -0.4 * mi + 0.2 * (u() - 0.5)]);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const mm = mean(m);
    const want = [0, 1].map((j) => {
      const col = r.map((row) => row[j]!);
      const cm = mean(col);
      return col.reduce((s, v, t) => s + (v - cm) * (m[t]! - mm), 0) / m.reduce((s, v) => s + (v - mm) ** 2, 0);
    });
    expectClose(await values(risk.beta(r, m)), want, { rtol: 1e-12 });
    expect(await risk.beta(r.map((row) => row[0]!), m).item()).toBeCloseTo(want[0]!, 12);
  });

  it('computes Sharpe and Sortino ratios like empyrical', async () => {
    const u = seeded(6);
    const r = Array.from({ length: 500 }, () => 0.0004 + 0.01 * (u() - 0.5));
    const rf = 0.0001;
    const ex = r.map((v) => v - rf);
    const mean = ex.reduce((a, b) => a + b, 0) / ex.length;
    const sd = Math.sqrt(ex.reduce((a, v) => a + (v - mean) ** 2, 0) / (ex.length - 1));
    expect(await risk.sharpeRatio(r, { riskFree: rf }).item()).toBeCloseTo((mean / sd) * Math.sqrt(252), 12);
    const downside = Math.sqrt(ex.reduce((a, v) => a + Math.min(v, 0) ** 2, 0) / ex.length);
    expect(await risk.sortinoRatio(r, { target: rf, periodsPerYear: 12 }).item()).toBeCloseTo((mean / downside) * Math.sqrt(12), 12);
    expect(await risk.sortinoRatio([0.01, 0.02]).item()).toBe(Infinity);
  });

  it("plans a book's statistics as the report's portfolio step does in nine kernels, its ratios sharing one reduction", () => {
    const [days, n] = [1000, 5];
    const u = seeded(7);
    const w = np.array(Array.from({ length: n }, () => 1 / n));
    const daily = np.expm1(np.array(Array.from({ length: days * n }, () => 0.02 * (u() - 0.5))).reshape(days, n)).matmul(w);
    const wealth = risk.cumulativeReturns(daily).add(1);
    const plan = np.plan(
      risk.portfolioVolatility(w, covariance.map((row) => [...row, 0, 0]).concat([[0, 0, 0, 1, 0], [0, 0, 0, 0, 1]])),
      risk.sharpeRatio(daily),
      risk.sortinoRatio(daily),
      risk.maxDrawdown(np.concatenate([np.ones([1]), wealth])),
      daily,
    );
    const kinds = plan.steps.map((s) => (s.program.kind === 'reduce' ? `reduce ${s.program.reductions.map((r) => r.op).join(',')}` : s.program.kind));
    expect(kinds).toEqual(['map', 'contraction', 'contraction', 'reduce sum', 'scan', 'reduce sum,sum,var', 'opaque', 'scan', 'reduce min']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, random, risk } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { decodeAll, expectClose, fixture, seeded, values } from './helpers.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

describe('the standard normal', () => {
  it("computes Φ⁻¹ like scipy's ndtri, from 1e-300 to 1 - 1e-16", () => {
    const { p, ppf } = fixture.normal;
    expectClose(p.map((v: number) => risk.normalPpf(v)), decodeAll(ppf), { rtol: 2e-15 });
    expect(risk.normalPpf(0)).toBe(-Infinity);
    expect(risk.normalPpf(1)).toBe(Infinity);
    expect(() => risk.normalPpf(1.2)).toThrow(/normalPpf: probability must be in \[0, 1\], got 1.2/);
  });

  it("computes Φ like scipy's ndtr, keeping relative precision deep in the left tail", async () => {
    const { x, cdf } = fixture.normal;
    // x / √2 is rounded before erfc, and erfc(z) ∝ exp(-z²) turns that into a relative error
    // near 2z² ε: 4.4e-14 at x = -20, the most the fixture's range allows.
    expectClose(await values(risk.normalCdf(x)), decodeAll(cdf), { rtol: 5e-14, atol: 1e-300 });
  });

  it('has the density exp(-x²/2) / √(2π)', async () => {
    expectClose(await values(risk.normalPdf([0, 1, -2])), [0.3989422804014327, 0.24197072451914337, 0.05399096651318806], { rtol: 1e-15 });
  });
});

describe('historical VaR and expected shortfall', () => {
  const u = seeded(3);
  const pnl = Array.from({ length: 1000 }, () => 0.02 * (u() + u() + u() - 1.5));
  const sorted = [...pnl].sort((a, b) => a - b);

  it("is minus NumPy's linear quantile at 1 - level", async () => {
    // (n - 1) × 0.01 = 9.99: between the 10th and 11th worst.
    const want = -(sorted[9]! + 0.99 * (sorted[10]! - sorted[9]!));
    expect(await risk.historicalVar(pnl).item()).toBeCloseTo(want, 15);
    expect(await risk.historicalVar(pnl, { level: 0.95, method: 'lower' }).item()).toBe(-sorted[Math.floor(999 * 0.05)]!);
  });

  it('averages exactly the worst 1 - level of outcomes, counting a fraction of the boundary one', async () => {
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(await risk.historicalCvar(pnl).item()).toBeCloseTo(-mean(sorted.slice(0, 10)), 15);
    // 1000 × 2.5% = 25 whole observations; 1000 × 0.3% = 3; 999 × 1% = 9.99: nine and 0.99 of the tenth.
    expect(await risk.historicalCvar(pnl, { level: 0.975 }).item()).toBeCloseTo(-mean(sorted.slice(0, 25)), 15);
    const sorted999 = pnl.slice(0, 999).sort((a, b) => a - b);
    const nine = sorted999.slice(0, 9).reduce((s, v) => s + v, 0);
    expect(await risk.historicalCvar(pnl.slice(0, 999), { level: 0.99 }).item()).toBeCloseTo(-(nine + 0.99 * sorted999[9]!) / 9.99, 15);
  });

  it('takes each column of a [days x portfolios] matrix separately and is never below VaR', async () => {
    const m = np.array(pnl).reshape(250, 4);
    const [v, es] = await np.compute(risk.historicalVar(m, { level: 0.95 }), risk.historicalCvar(m, { level: 0.95 }));
    for (let j = 0; j < 4; j++) {
      const col = pnl.filter((_, i) => i % 4 === j);
      expect(v![j]).toBeCloseTo(await risk.historicalVar(col, { level: 0.95 }).item() as number, 15);
      expect(es![j]!).toBeGreaterThanOrEqual(v![j]!);
    }
  });

  it('returns NaN for a series with a NaN, and refuses levels outside (0, 1)', async () => {
    expect(await risk.historicalCvar([1, NaN, 3]).item()).toBeNaN();
    expect(await risk.historicalVar([1, NaN, 3]).item()).toBeNaN();
    expect(() => risk.historicalVar([1, 2], { level: 99 })).toThrow(/historicalVar: level must be in \(0, 1\), e.g. 0.99, got 99/);
  });
});

describe('parametric VaR', () => {
  it('is the closed form of a normal loss: σ Φ⁻¹(α) - μ and σ φ(z) / (1 - α) - μ', async () => {
    // Φ⁻¹ and φ(Φ⁻¹(α)) / (1 - α) at the double nearest each level, from 40-digit mpmath.
    expectClose(await values(risk.parametricVar([0, 0.001], [1, 0.02])), [2.3263478740408408, 0.02 * 2.3263478740408408 - 0.001], { rtol: 1e-15 });
    expectClose(await values(risk.parametricCvar(0, 1)), [2.6652142203458045], { rtol: 1e-14 });
    expectClose(await values(risk.parametricVar(0, 1, { level: 0.95 })), [1.6448536269514722], { rtol: 1e-15 });
    expectClose(await values(risk.parametricCvar(0, 1, { level: 0.975 })), [2.337802792201414], { rtol: 1e-14 });
  });
});

describe('Monte Carlo VaR', () => {
  const cov = [[0.0004, 0.00012, 0.00005], [0.00012, 0.0009, -0.0001], [0.00005, -0.0001, 0.000225]];
  const w = [0.5, 0.3, 0.2];

  it('converges on the closed form for a linear portfolio under normal shocks', async () => {
    const mc = await risk.monteCarloVar(random.key(1), cov, w, { scenarios: 400_000 });
    const sigma = (await risk.portfolioVolatility(w, cov).item()) as number;
    // Standard error of a 99% quantile of N(0, σ²) over n draws: √(p(1-p)/n) / φ(z) ≈ 0.0059σ at n = 400k.
    expect(Math.abs(mc.valueAtRisk / sigma - 2.3263478740408408)).toBeLessThan(5 * 0.0059);
    expect(Math.abs(mc.expectedShortfall / sigma - 2.6652142203458045)).toBeLessThan(5 * 0.0075);
    expect(mc.pnl.shape).toEqual([400_000]);
    // 400k scenarios on the js reference took 2-7 s on the 2-core CI machine: past vitest's default 5 s.
  }, 30_000);

  it('is the historical VaR/CVaR of its own P&L vector, and that vector is mean + z Lᵀ applied to the weights', async () => {
    const key = random.key(2);
    const mean = [0.001, 0, -0.001];
    const mc = await risk.monteCarloVar(key, cov, w, { scenarios: 5000, mean, revalue: 'exponential' });
    const shocks = await random.multivariateNormal(key, mean, cov, 5000);
    const pnl = np.expm1(shocks).matmul(w);
    expectClose(await values(mc.pnl), await values(pnl), { rtol: 1e-12, atol: 1e-16 });
    expect(mc.valueAtRisk).toBeCloseTo((await risk.historicalVar(pnl).item()) as number, 14);
    expect(mc.expectedShortfall).toBeCloseTo((await risk.historicalCvar(pnl).item()) as number, 14);
  });

  it('gives the same answer whatever the block size', async () => {
    const run = (blockSize: number) => risk.monteCarloVar(random.key(3), cov, w, { scenarios: 3001, blockSize });
    const [a, b] = [await run(3001), await run(256)];
    expect(b.valueAtRisk).toBe(a.valueAtRisk);
    expect(b.expectedShortfall).toBe(a.expectedShortfall);
  });

  it('reports progress block by block', async () => {
    const seen: number[] = [];
    await risk.monteCarloVar(random.key(4), cov, w, { scenarios: 1000, blockSize: 300, onProgress: (done) => seen.push(done) });
    expect(seen).toEqual([300, 600, 900, 1000]);
  });

  it('names shapes and values it cannot use', async () => {
    await expect(risk.monteCarloVar(random.key(1), cov, [1, 0], { scenarios: 10 })).rejects.toThrow(/monteCarloVar: weights \(2\) and cov \(3, 3\) must be \[assets\] and \[assets x assets\]/);
    await expect(risk.monteCarloVar(random.key(1), cov, w, { scenarios: 0 })).rejects.toThrow(/scenarios must be a positive integer, got 0/);
    await expect(risk.monteCarloVar(random.key(1), [[1, 2, 0], [2, 1, 0], [0, 0, 1]], w, { scenarios: 10 })).rejects.toThrow(/cholesky: matrix is not positive definite \(pivot 1 is -3\)/);
  });
});

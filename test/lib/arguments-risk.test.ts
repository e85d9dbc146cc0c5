import { TEST_INIT } from '../helpers/backend.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, risk, random, ArgumentError, MemoryError, NDArray } from 'quiverjs';
import { walk } from '../core/arguments-walk.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

const prices = (): NDArray => np.array([[100, 50], [101, 49], [99, 52], [102, 51], [104, 50]]);
const returns = (): NDArray => np.array([[0.01, -0.02], [0.03, 0.01], [-0.01, 0.02], [0.02, -0.01], [0.0, 0.01]]);
const covariance = (): NDArray => np.array([[0.04, 0.01], [0.01, 0.09]]);
const option = () => ({ spot: 100, strike: 100, time: 1, rate: 0.05, vol: 0.2 });

/** A good call of every export of risk and random; the walk replaces one argument at a time. */
const GOOD: Record<string, [(...args: never[]) => unknown, () => readonly unknown[]]> = {
  simpleReturns: [risk.simpleReturns, () => [prices(), { axis: 0 }]],
  logReturns: [risk.logReturns, () => [prices(), { axis: 0 }]],
  cumulativeReturns: [risk.cumulativeReturns, () => [returns(), { log: true }]],
  runningMax: [risk.runningMax, () => [prices(), { axis: 0 }]],
  drawdown: [risk.drawdown, () => [prices(), { axis: 0 }]],
  maxDrawdown: [risk.maxDrawdown, () => [prices(), { axis: 0 }]],
  rollingSum: [risk.rollingSum, () => [prices(), 2, { minPeriods: 1 }]],
  rollingMean: [risk.rollingMean, () => [prices(), 2, { minPeriods: 1 }]],
  rollingVar: [risk.rollingVar, () => [prices(), 3, { ddof: 1 }]],
  rollingStd: [risk.rollingStd, () => [prices(), 3, { ddof: 1 }]],
  rollingMin: [risk.rollingMin, () => [prices(), 2, { axis: 0 }]],
  rollingMax: [risk.rollingMax, () => [prices(), 2, { axis: 0 }]],
  rollingQuantile: [risk.rollingQuantile, () => [prices(), 3, 0.5, { method: 'linear' }]],
  ewmMean: [risk.ewmMean, () => [prices(), { alpha: 0.5 }]],
  ewmVar: [risk.ewmVar, () => [prices(), { span: 3, bias: true }]],
  ewmStd: [risk.ewmStd, () => [prices(), { halflife: 2 }]],
  cov: [risk.cov, () => [returns(), { ddof: 1 }]],
  corr: [risk.corr, () => [returns()]],
  portfolioVariance: [risk.portfolioVariance, () => [[0.5, 0.5], covariance()]],
  portfolioVolatility: [risk.portfolioVolatility, () => [[0.5, 0.5], covariance()]],
  beta: [risk.beta, () => [returns(), returns().slice(':', 0)]],
  sharpeRatio: [risk.sharpeRatio, () => [returns(), { periodsPerYear: 252 }]],
  sortinoRatio: [risk.sortinoRatio, () => [returns(), { target: 0 }]],
  cholesky: [risk.cholesky, () => [covariance()]],
  solveTriangular: [risk.solveTriangular, () => [covariance(), [1, 2], { lower: true }]],
  solve: [risk.solve, () => [covariance(), [1, 2]]],
  inv: [risk.inv, () => [covariance()]],
  quantile: [risk.quantile, () => [returns(), 0.5, { axis: 0 }]],
  percentile: [risk.percentile, () => [returns(), 50, { axis: 0 }]],
  normalCdf: [risk.normalCdf, () => [[0, 1]]],
  normalPdf: [risk.normalPdf, () => [[0, 1]]],
  normalPpf: [risk.normalPpf, () => [0.975]],
  historicalVar: [risk.historicalVar, () => [returns(), { level: 0.95 }]],
  historicalCvar: [risk.historicalCvar, () => [returns(), { level: 0.95 }]],
  parametricVar: [risk.parametricVar, () => [0, 0.02, { level: 0.99 }]],
  parametricCvar: [risk.parametricCvar, () => [0, 0.02, { level: 0.99 }]],
  monteCarloVar: [risk.monteCarloVar, () => [random.key(1), covariance(), [0.5, 0.5], { scenarios: 64 }]],
  blackScholes: [risk.blackScholes, () => [option()]],
  impliedVol: [risk.impliedVol, () => [{ ...option(), vol: undefined, price: 10 }, { tolerance: 1e-8 }]],
  'random.key': [random.key, () => [7]],
  'random.split': [random.split, () => [random.key(7), 3]],
  'random.uniform': [random.uniform, () => [random.key(7), [2, 3], { low: -1, high: 1 }]],
  'random.normal': [random.normal, () => [random.key(7), [2, 3], { mean: 1, std: 2 }]],
  'random.multivariateNormal': [random.multivariateNormal, () => [random.key(7), [0, 0], covariance(), 4]],
};

describe('risk and random check their arguments at the call', () => {
  it('has a good call for every export', () => {
    const exported = [...Object.keys(risk), ...Object.keys(random).map((k) => `random.${k}`)];
    expect(exported.sort()).toEqual(Object.keys(GOOD).sort());
  });

  it('names the function and the option it does not take', async () => {
    expect(() => risk.simpleReturns(prices(), { axes: 0 } as never)).toThrow(ArgumentError);
    expect(() => risk.simpleReturns(prices(), { axes: 0 } as never)).toThrow("simpleReturns: unknown option 'axes' (accepted: axis)");
    expect(() => risk.blackScholes({ ...option(), volatility: 0.2 } as never)).toThrow(/^blackScholes: unknown option 'volatility'/);
    expect(() => risk.blackScholes(undefined as never)).toThrow('blackScholes: inputs must be an object with spot, strike, time, rate, vol, got undefined');
    await expect(risk.ewmMean(prices(), { alfa: 0.5 } as never)).rejects.toThrow(/^ewmMean: unknown option 'alfa'/);
  });

  it('refuses a symbol inside an options object and a scenario count past what the process can allocate, naming the function', async () => {
    expect(() => risk.rollingMean(prices(), 2, { minPeriods: Symbol('s') } as never)).toThrow("rollingMean: option 'minPeriods' is a symbol, which no option accepts");
    await expect(risk.monteCarloVar(random.key(1), covariance(), [0.5, 0.5], { scenarios: 1e12 })).rejects.toThrow(MemoryError);
    await expect(risk.monteCarloVar(random.key(1), covariance(), [0.5, 0.5], { scenarios: 1e12 })).rejects.toThrow(/^monteCarloVar: 1000000000000 scenarios need 8000000000000 bytes for their P&L, more than this process can allocate/);
  });

  it('names the function when an ndarray op inside it refuses the input', () => {
    expect(() => risk.simpleReturns('x' as never)).toThrow(/^simpleReturns: /);
  });

  it('prices options outside the domain (vol or time not positive) as NaN, as blackScholes documents', async () => {
    for (const bad of [{ vol: -0.2 }, { vol: 0 }, { time: 0 }, { time: -1 }]) {
      const g = risk.blackScholes({ ...option(), ...bad });
      for (const v of await np.compute(g.price, g.delta, g.gamma, g.vega, g.theta, g.rho)) expect(Number.isNaN(v[0])).toBe(true);
    }
  });
});

describe('a walk over every export of risk and random with wrong types, NaN, negative and huge sizes and empty arrays', () => {
  it.each(Object.keys(GOOD))('%s accepts or throws a QuiverError naming it', async (name) => {
    const [fn, good] = GOOD[name]!;
    expect(await walk(name, name, fn as (...args: unknown[]) => unknown, good())).toEqual([]);
  });
});

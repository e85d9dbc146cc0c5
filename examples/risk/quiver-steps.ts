import { col, Frame, np, risk, type NDArray } from '../../src/index.js';
import { CONFIDENCE, EWMA_ALPHA, IV_MAX_ITERATIONS, IV_TOLERANCE, ROLLING_WINDOW, TRADING_DAYS, type OptionBook, type RiskSteps } from './model.js';

/**
 * The risk steps with Quiver's `risk` library. Inputs are wrapped without copying
 * (np.asarray), each step builds its expressions lazily and reads them with one
 * `np.compute`, so the time measured is graph building plus evaluation.
 */
export const quiverSteps = {
  async logReturns(prices, days, assets) {
    return f64(await risk.logReturns(matrix(prices, days, assets)).data());
  },

  async annualisedVol(returns, periods, assets) {
    const r = matrix(returns, periods, assets);
    return f64(await r.std({ axis: 0, ddof: 1 }).mul(Math.sqrt(TRADING_DAYS)).data());
  },

  async correlation(returns, periods, assets) {
    const r = matrix(returns, periods, assets);
    const [cov, corr] = await np.compute(risk.cov(r), risk.corr(r));
    return { cov: f64(cov), corr: f64(corr) };
  },

  async portfolio(returns, periods, cov, weights) {
    const n = weights.length;
    const w = np.asarray(weights);
    const daily = np.expm1(matrix(returns, periods, n)).matmul(w);
    const wealth = risk.cumulativeReturns(daily).add(1);
    const [vol, sharpe, sortino, drawdown, r] = await np.compute(
      risk.portfolioVolatility(w, matrix(cov, n, n)).mul(Math.sqrt(TRADING_DAYS)),
      risk.sharpeRatio(daily, { periodsPerYear: TRADING_DAYS }),
      risk.sortinoRatio(daily, { periodsPerYear: TRADING_DAYS }),
      risk.maxDrawdown(np.concatenate([np.ones([1]), wealth])),
      daily,
    );
    return { annualVol: vol![0]!, sharpe: sharpe![0]!, sortino: sortino![0]!, maxDrawdown: drawdown![0]!, returns: f64(r) };
  },

  async rollingVol(returns, periods, assets) {
    return f64(await risk.rollingStd(matrix(returns, periods, assets), ROLLING_WINDOW).mul(Math.sqrt(TRADING_DAYS)).data());
  },

  async ewmaVol(returns, periods, assets) {
    const vol = await risk.ewmStd(matrix(returns, periods, assets), { alpha: EWMA_ALPHA });
    return f64(await vol.mul(Math.sqrt(TRADING_DAYS)).data());
  },

  async valueAtRisk(portfolioReturns) {
    const r = np.asarray(portfolioReturns);
    const [mean, sd] = [r.mean(), r.std({ ddof: 1 })];
    const level = { level: CONFIDENCE };
    const [hv, hes, pv, pes] = await np.compute(
      risk.historicalVar(r, level), risk.historicalCvar(r, level),
      risk.parametricVar(mean, sd, level), risk.parametricCvar(mean, sd, level),
    );
    return {
      historical: { valueAtRisk: hv![0]!, expectedShortfall: hes![0]! },
      parametric: { valueAtRisk: pv![0]!, expectedShortfall: pes![0]! },
    };
  },

  async monteCarlo(key, cov, weights, scenarios, onProgress) {
    const n = weights.length;
    const mc = await risk.monteCarloVar(key, matrix(cov, n, n), np.asarray(weights), {
      scenarios, level: CONFIDENCE, revalue: 'exponential', onProgress: (done, total) => onProgress(done / total),
    });
    return { valueAtRisk: mc.valueAtRisk, expectedShortfall: mc.expectedShortfall, pnl: f64(await mc.pnl.data()) };
  },

  async greeks(book) {
    const g = risk.blackScholes({ ...contractInputs(book), vol: np.asarray(book.vol) });
    const [price, delta, gamma, vega, theta, rho] = (await np.compute(g.price, g.delta, g.gamma, g.vega, g.theta, g.rho)).map(f64);
    return { price: price!, delta: delta!, gamma: gamma!, vega: vega!, theta: theta!, rho: rho! };
  },

  async impliedVol(book, prices) {
    const iv = await risk.impliedVol({ ...contractInputs(book), price: np.asarray(prices) }, { tolerance: IV_TOLERANCE, maxIterations: IV_MAX_ITERATIONS });
    return { vol: f64(await iv.vol.data()), iterations: iv.iterations };
  },

  async bookByDesk(b) {
    const book = new Frame({ desk: b.desk, sector: b.sector, quantity: b.quantity, price: b.price, ret: b.ret })
      .assign({ exposure: col('quantity').mul(col('price')) })
      .assign({ pnl: col('exposure').mul(col('ret')) });
    const g = await (await book.groupby(['desk', 'sector']).agg({ exposure: 'sum', pnl: ['sum', 'std', 'count'] })).toColumns();
    const desks = g.desk as (string | null)[];
    const sectors = g.sector as Int32Array;
    return {
      keys: desks.map((d, i) => `${d}/${sectors[i]}`),
      exposure: f64(g.exposure_sum!),
      pnl: f64(g.pnl_sum!),
      pnlStd: f64(g.pnl_std!),
      count: Float64Array.from(g.pnl_count as Int32Array),
    };
  },
} satisfies RiskSteps;

/** What the book says of each contract, without a vol: impliedVol refuses one, as it solves for it. */
function contractInputs(book: OptionBook) {
  return {
    spot: np.asarray(book.spot), strike: np.asarray(book.strike), time: np.asarray(book.time),
    call: np.asarray(book.call).astype('bool'), rate: book.rate, dividend: book.dividend,
  };
}

function matrix(data: Float64Array, rows: number, cols: number): NDArray {
  return np.asarray(data).reshape(rows, cols);
}

/** Every result here is float64; the check keeps a dtype change from passing silently. */
function f64(a: unknown): Float64Array {
  if (!(a instanceof Float64Array)) throw new Error(`expected a Float64Array result, got ${Object.prototype.toString.call(a)}`);
  return a;
}

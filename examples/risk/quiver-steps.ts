import { np, type NDArray } from '../../src/index.js';
import { TRADING_DAYS, tailCount, type RiskSteps } from './model.js';

/**
 * The risk steps in Quiver. Inputs are wrapped without copying (np.asarray), each
 * step builds its expression lazily and reads it with one `np.compute`, so the time
 * measured is graph building plus evaluation.
 */
export const quiverSteps = {
  async logReturns(prices, days, assets) {
    const p = matrix(prices, days, assets);
    return f64(await p.slice('1:').div(p.slice(':-1')).log().data());
  },

  async annualisedVol(returns, periods, assets) {
    const r = matrix(returns, periods, assets);
    return f64(await r.std({ axis: 0, ddof: 1 }).mul(Math.sqrt(TRADING_DAYS)).data());
  },

  async correlation(returns, periods, assets) {
    const r = matrix(returns, periods, assets);
    const d = r.sub(r.mean({ axis: 0, keepdims: true }));
    const cov = d.T.matmul(d).div(periods - 1);
    const sd = r.std({ axis: 0, ddof: 1 });
    const [c, rho] = await np.compute(cov, cov.div(np.outer(sd, sd)));
    return { cov: f64(c!), corr: f64(rho!) };
  },

  async portfolioVol(cov, weights) {
    const n = weights.length;
    const w = np.asarray(weights);
    const variance = w.matmul(matrix(cov, n, n)).matmul(w);
    return Number(await variance.mul(TRADING_DAYS).sqrt().item());
  },

  async tailRisk(normals, scenarios, lower, weights) {
    const n = weights.length;
    const shocks = matrix(normals, scenarios, n).matmul(matrix(lower, n, n).T);
    const sorted = np.sort(shocks.matmul(np.asarray(weights)));
    const k = tailCount(scenarios);
    const [v, es] = await np.compute(sorted.slice(k - 1).neg(), sorted.slice(`:${k}`).mean().neg());
    return { valueAtRisk: v![0]!, expectedShortfall: es![0]! };
  },
} satisfies RiskSteps;

function matrix(data: Float64Array, rows: number, cols: number): NDArray {
  return np.asarray(data).reshape(rows, cols);
}

/** Every result here is float64; the check keeps a dtype change from passing silently. */
function f64(a: unknown): Float64Array {
  if (!(a instanceof Float64Array)) throw new Error(`expected a Float64Array result, got ${Object.prototype.toString.call(a)}`);
  return a;
}

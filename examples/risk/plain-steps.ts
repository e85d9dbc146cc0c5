import { TRADING_DAYS, tailCount, type RiskSteps } from './model.js';

/**
 * The risk steps as a user would write them over Float64Arrays: the same algorithms
 * as the Quiver version, with the ordinary care hand-written loops get (row-major
 * traversal, symmetric and triangular halves skipped), and nothing deliberately slow.
 */
export const plainSteps = {
  logReturns(prices, days, assets) {
    const out = new Float64Array((days - 1) * assets);
    for (let t = 1; t < days; t++) {
      for (let i = 0; i < assets; i++) out[(t - 1) * assets + i] = Math.log(prices[t * assets + i]! / prices[(t - 1) * assets + i]!);
    }
    return out;
  },

  annualisedVol(returns, periods, assets) {
    const mean = columnMeans(returns, periods, assets);
    const ss = new Float64Array(assets);
    for (let t = 0; t < periods; t++) {
      for (let i = 0; i < assets; i++) {
        const d = returns[t * assets + i]! - mean[i]!;
        ss[i] += d * d;
      }
    }
    return ss.map((s) => Math.sqrt(s / (periods - 1)) * Math.sqrt(TRADING_DAYS));
  },

  correlation(returns, periods, assets) {
    const mean = columnMeans(returns, periods, assets);
    // Demeaned and transposed to [assets x periods], so each covariance is a dot product of two contiguous rows.
    const d = new Float64Array(assets * periods);
    for (let t = 0; t < periods; t++) {
      for (let i = 0; i < assets; i++) d[i * periods + t] = returns[t * assets + i]! - mean[i]!;
    }
    const cov = new Float64Array(assets * assets);
    for (let i = 0; i < assets; i++) {
      for (let j = i; j < assets; j++) {
        let s = 0;
        for (let t = 0; t < periods; t++) s += d[i * periods + t]! * d[j * periods + t]!;
        cov[i * assets + j] = cov[j * assets + i] = s / (periods - 1);
      }
    }
    const sd = Float64Array.from({ length: assets }, (_, i) => Math.sqrt(cov[i * assets + i]!));
    const corr = cov.map((c, k) => c / (sd[Math.floor(k / assets)]! * sd[k % assets]!));
    return { cov, corr };
  },

  portfolioVol(cov, weights) {
    const n = weights.length;
    let q = 0;
    for (let i = 0; i < n; i++) {
      let row = 0;
      for (let j = 0; j < n; j++) row += cov[i * n + j]! * weights[j]!;
      q += weights[i]! * row;
    }
    return Math.sqrt(TRADING_DAYS * q);
  },

  tailRisk(normals, scenarios, lower, weights) {
    const n = weights.length;
    const pnl = new Float64Array(scenarios);
    const shock = new Float64Array(n);
    for (let s = 0; s < scenarios; s++) {
      // shock = z @ Lᵀ, i.e. shock[j] = row j of L · z; L is lower-triangular, so only k <= j.
      for (let j = 0; j < n; j++) {
        let x = 0;
        for (let k = 0; k <= j; k++) x += normals[s * n + k]! * lower[j * n + k]!;
        shock[j] = x;
      }
      let p = 0;
      for (let j = 0; j < n; j++) p += shock[j]! * weights[j]!;
      pnl[s] = p;
    }
    pnl.sort();
    const k = tailCount(scenarios);
    let tail = 0;
    for (let i = 0; i < k; i++) tail += pnl[i]!;
    return { valueAtRisk: -pnl[k - 1]!, expectedShortfall: -tail / k };
  },
} satisfies RiskSteps;

function columnMeans(x: Float64Array, rows: number, cols: number): Float64Array {
  const sum = new Float64Array(cols);
  for (let t = 0; t < rows; t++) for (let i = 0; i < cols; i++) sum[i] += x[t * cols + i]!;
  return sum.map((s) => s / rows);
}

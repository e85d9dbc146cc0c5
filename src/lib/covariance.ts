/**
 * Cross-sectional statistics of a [periods x assets] returns matrix (rows are
 * observations, columns variables, as pandas' DataFrame.cov and np.cov(x, rowvar=False))
 * and the portfolio quantities built on them. All lazy: covariance is one demeaning pass
 * and one matmul, which fuses the demeaning into its input where the backend can.
 */
import { np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { asFloat } from './axis.js';
import { ShapeError, ValueError } from './errors.js';

const fmt = (shape: readonly number[]): string => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`);

function observations(fn: string, x: ArrayInput): NDArray {
  const a = asFloat(x);
  if (a.ndim !== 2) throw new ShapeError(`${fn}: expected a 2-D [observations x variables] array, got shape ${fmt(a.shape)}`);
  return a;
}

/** Options of `risk.cov` and `risk.corr`. */
export interface CovOptions {
  /** Divisor n - ddof; default 1 (the sample covariance), as np.cov and pandas. */
  ddof?: number;
}

/**
 * Covariance matrix [variables x variables] of the columns: Dᵀ D / (n - ddof) with D the
 * demeaned data. Two passes (mean, then products of deviations) rather than
 * Σxy - n x̄ ȳ, which cancels catastrophically when means dwarf the deviations.
 * A NaN poisons its column's row and column of the result (no pairwise deletion).
 */
export function cov(x: ArrayInput, options: CovOptions = {}): NDArray {
  const a = observations('cov', x);
  const ddof = options.ddof ?? 1;
  if (!Number.isFinite(ddof)) throw new ValueError(`cov: ddof must be a finite number, got ${ddof}`);
  const d = a.sub(a.mean({ axis: 0, keepdims: true }));
  return d.T.matmul(d).div(a.shape[0]! - ddof);
}

/**
 * Correlation matrix of the columns: cov / (σᵢ σⱼ), clipped to [-1, 1] as np.corrcoef
 * does, since rounding can carry |ρ| a hair past 1. The ddof cancels, so there is none.
 */
export function corr(x: ArrayInput): NDArray {
  const a = observations('corr', x);
  const sd = a.std({ axis: 0, ddof: 1 });
  return cov(a).div(np.outer(sd, sd)).clip(-1, 1);
}

function checkPortfolio(fn: string, weights: NDArray, covariance: NDArray): void {
  const n = covariance.shape[0];
  if (covariance.ndim !== 2 || covariance.shape[1] !== n) throw new ShapeError(`${fn}: covariance must be square, got shape ${fmt(covariance.shape)}`);
  if ((weights.ndim !== 1 && weights.ndim !== 2) || weights.shape.at(-1) !== n) {
    throw new ShapeError(`${fn}: weights ${fmt(weights.shape)} must be [${n}] or [portfolios x ${n}] for a covariance of shape ${fmt(covariance.shape)}`);
  }
}

/**
 * wᵀ Σ w: a scalar for weights [assets], one value per row for weights [portfolios x
 * assets] (computed as rowsum((W Σ) ∘ W), never forming the portfolios x portfolios
 * matrix W Σ Wᵀ).
 */
export function portfolioVariance(weights: ArrayInput, covariance: ArrayInput): NDArray {
  const w = asFloat(weights);
  const c = asFloat(covariance);
  checkPortfolio('portfolioVariance', w, c);
  return w.matmul(c).mul(w).sum(-1);
}

/** √(wᵀ Σ w), per period of the covariance; multiply by √(periods per year) to annualise. */
export function portfolioVolatility(weights: ArrayInput, covariance: ArrayInput): NDArray {
  return portfolioVariance(weights, covariance).sqrt();
}

/**
 * Beta of each asset to the market, cov(r, m) / var(m), over the time axis 0: returns
 * [periods] or [periods x assets], market [periods]. The ddof cancels in the ratio.
 */
export function beta(returns: ArrayInput, market: ArrayInput): NDArray {
  const r = asFloat(returns);
  const m = asFloat(market);
  if (m.ndim !== 1 || (r.ndim !== 1 && r.ndim !== 2) || r.shape[0] !== m.shape[0]) {
    throw new ShapeError(`beta: returns ${fmt(r.shape)} must be [periods] or [periods x assets] and market ${fmt(m.shape)} [periods], with the same number of periods`);
  }
  const dm = m.sub(m.mean());
  const dmCol = r.ndim === 2 ? dm.reshape(-1, 1) : dm;
  const dr = r.sub(r.mean({ axis: 0, keepdims: true }));
  return dr.mul(dmCol).sum(0).div(dm.square().sum());
}

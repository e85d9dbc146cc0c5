/**
 * What the risk report computes: the contract both implementations (Quiver and plain
 * JS) fulfil, so the report can time them side by side and diff their results.
 * Matrices are Float64Arrays in row-major order; returns are [periods x assets].
 */

export const TRADING_DAYS = 252;
/** VaR/CVaR at 99%: the worst 1% of scenarios form the tail. */
export const TAIL_PROBABILITY = 0.01;

/** Scenarios in the tail: VaR is the loss of the last of them, CVaR their mean loss. */
export const tailCount = (scenarios: number): number => Math.max(1, Math.floor(scenarios * TAIL_PROBABILITY));

export interface Correlation {
  /** Daily sample covariance (divisor n - 1), [assets x assets]. */
  cov: Float64Array;
  corr: Float64Array;
}

/** One-day losses as fractions of portfolio value (positive = loss). */
export interface TailRisk {
  valueAtRisk: number;
  expectedShortfall: number;
}

type MaybePromise<T> = T | Promise<T>;

export interface RiskSteps {
  /** (a) log(p[t] / p[t-1]) for every asset: [days - 1 x assets]. */
  logReturns(prices: Float64Array, days: number, assets: number): MaybePromise<Float64Array>;
  /** (b) Sample standard deviation of each asset's returns (ddof 1), times sqrt(252). */
  annualisedVol(returns: Float64Array, periods: number, assets: number): MaybePromise<Float64Array>;
  /** (c) Covariance of demeaned returns (Dᵀ D / (n - 1)), normalised by the outer product of the stds. */
  correlation(returns: Float64Array, periods: number, assets: number): MaybePromise<Correlation>;
  /** (d) Annualised volatility of a portfolio: sqrt(252 · wᵀ Σ w). */
  portfolioVol(cov: Float64Array, weights: Float64Array): MaybePromise<number>;
  /**
   * (e) Monte Carlo: shocks = normals [scenarios x assets] @ Lᵀ, with L the lower
   * Cholesky factor of the daily covariance (so the shocks have that covariance),
   * P&L = shocks @ w, then the tail of the sorted P&L.
   */
  tailRisk(normals: Float64Array, scenarios: number, lower: Float64Array, weights: Float64Array): MaybePromise<TailRisk>;
}

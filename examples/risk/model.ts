/**
 * What the risk report computes: the contract both implementations (Quiver and plain
 * JS) fulfil, so the report can time them side by side and diff their results.
 * Matrices are Float64Arrays in row-major order; returns are [periods x assets].
 */

export const TRADING_DAYS = 252;
/** VaR/CVaR at 99%, one day. */
export const CONFIDENCE = 0.99;
/** Rolling volatility window: one quarter of trading days. */
export const ROLLING_WINDOW = 63;
/** RiskMetrics' daily decay λ = 0.94, i.e. α = 0.06. */
export const EWMA_ALPHA = 0.06;
/** Implied volatility: iterate until the out-of-the-money price matches to this relative error. */
export const IV_TOLERANCE = 1e-10;
export const IV_MAX_ITERATIONS = 50;

export interface Correlation {
  /** Daily sample covariance (divisor n - 1), [assets x assets]. */
  cov: Float64Array;
  corr: Float64Array;
}

/** One-day losses as positive fractions of portfolio value. */
export interface TailRisk {
  valueAtRisk: number;
  expectedShortfall: number;
}

export interface PortfolioStats {
  /** √(252 wᵀΣw). */
  annualVol: number;
  /** Annualised, zero risk-free rate, sample standard deviation. */
  sharpe: number;
  /** Annualised, target 0, downside deviation over all days. */
  sortino: number;
  /** Deepest fall of the portfolio's wealth from its running peak (≤ 0). */
  maxDrawdown: number;
  /** Daily simple returns of the portfolio, Σ wᵢ (exp(rᵢ) - 1), [periods]. */
  returns: Float64Array;
}

export interface VarSummary {
  historical: TailRisk;
  /** Normal with the sample mean and standard deviation of the portfolio's returns. */
  parametric: TailRisk;
}

export interface MonteCarlo extends TailRisk {
  /** Every scenario's one-day P&L. */
  pnl: Float64Array;
}

/** European options on assets with a continuous dividend yield. */
export interface OptionBook {
  spot: Float64Array;
  strike: Float64Array;
  /** Years to expiry. */
  time: Float64Array;
  vol: Float64Array;
  /** 1 for calls, 0 for puts. */
  call: Uint8Array;
  rate: number;
  dividend: number;
}

export interface GreeksResult {
  price: Float64Array;
  delta: Float64Array;
  gamma: Float64Array;
  vega: Float64Array;
  theta: Float64Array;
  rho: Float64Array;
}

export interface ImpliedVols {
  vol: Float64Array;
  /** Iterations the slowest option needed. */
  iterations: number;
}

/** A position book: one row per position, keyed by desk (a name) and sector (a code). */
export interface PositionBook {
  desk: string[];
  sector: Int32Array;
  quantity: Float64Array;
  price: Float64Array;
  /** Today's return of each position's instrument. */
  ret: Float64Array;
}

/** Per (desk, sector) group, sorted by desk then sector: exposure Σ q·p, P&L Σ q·p·r, its std (ddof 1), and the position count. */
export interface BookSummary {
  keys: string[];
  exposure: Float64Array;
  pnl: Float64Array;
  pnlStd: Float64Array;
  count: Float64Array;
}

type MaybePromise<T> = T | Promise<T>;

export interface RiskSteps {
  /** (a) log(p[t] / p[t-1]) for every asset: [days - 1 x assets]. */
  logReturns(prices: Float64Array, days: number, assets: number): MaybePromise<Float64Array>;
  /** (b) Sample standard deviation of each asset's returns (ddof 1), times √252. */
  annualisedVol(returns: Float64Array, periods: number, assets: number): MaybePromise<Float64Array>;
  /** (c) Covariance of demeaned returns (Dᵀ D / (n - 1)), normalised by the outer product of the stds. */
  correlation(returns: Float64Array, periods: number, assets: number): MaybePromise<Correlation>;
  /** (d) The portfolio's volatility, Sharpe and Sortino ratios and maximum drawdown. */
  portfolio(returns: Float64Array, periods: number, cov: Float64Array, weights: Float64Array): MaybePromise<PortfolioStats>;
  /** (e) 63-day rolling standard deviation of every asset (ddof 1), annualised: [periods x assets], NaN until a window fills. */
  rollingVol(returns: Float64Array, periods: number, assets: number): MaybePromise<Float64Array>;
  /** (f) Exponentially weighted volatility (α = 0.06, pandas' adjust=true and bias correction), annualised. */
  ewmaVol(returns: Float64Array, periods: number, assets: number): MaybePromise<Float64Array>;
  /** (g) Historical (linear quantile, Acerbi-Tasche tail mean) and normal VaR/CVaR of the portfolio's daily returns. */
  valueAtRisk(portfolioReturns: Float64Array): MaybePromise<VarSummary>;
  /**
   * (h) Monte Carlo: scenario s draws z = row s of random.normal(key, [scenarios, assets])
   * (Philox4x32-10, Box-Muller), shocks log returns x = L z with L the Cholesky factor of
   * the daily covariance, revalues P&L = Σ wᵢ (exp(xᵢ) - 1), then takes the tail.
   */
  monteCarlo(key: readonly [number, number], cov: Float64Array, weights: Float64Array, scenarios: number, onProgress: (fraction: number) => void): MaybePromise<MonteCarlo>;
  /** (i) Black-Scholes-Merton price and the five greeks of every option. */
  greeks(book: OptionBook): MaybePromise<GreeksResult>;
  /** (j) Implied volatility of every option from its price (safeguarded Newton on ln price against 1/σ², out-of-the-money side). */
  impliedVol(book: OptionBook, prices: Float64Array): MaybePromise<ImpliedVols>;
  /** (k) Exposure and P&L of the position book grouped by desk and sector. */
  bookByDesk(positions: PositionBook): MaybePromise<BookSummary>;
}

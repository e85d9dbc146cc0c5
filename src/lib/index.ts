/**
 * Quiver's quant and risk library, built only from the public ndarray API:
 *   import { risk, random } from 'quiverjs';
 * Functions return lazy NDArrays. Those whose algorithm is a sequential sweep (rolling
 * min/max/quantile, exponentially weighted statistics, matrix factorisations, the
 * iterative and blocked solvers) read their inputs and are async; each says so.
 * Time series run along axis 0 by default: a [days x assets] matrix holds one series
 * per column, as a pandas DataFrame does.
 */
import { beta, corr, cov, portfolioVariance, portfolioVolatility } from './covariance.js';
import { ewmMean, ewmStd, ewmVar } from './ewm.js';
import { impliedVol } from './implied-vol.js';
import { cholesky, inv, solve, solveTriangular } from './linalg.js';
import { monteCarloVar } from './monte-carlo.js';
import { normalCdf, normalPdf, normalPpf } from './normal.js';
import { blackScholes } from './options.js';
import { percentile, quantile } from './quantile.js';
import { multivariateNormal, normal, key, split, uniform } from './random.js';
import { sharpeRatio, sortinoRatio } from './ratios.js';
import { cumulativeReturns, drawdown, logReturns, maxDrawdown, runningMax, simpleReturns } from './returns.js';
import { rollingMax, rollingMin, rollingQuantile } from './rolling-order.js';
import { rollingMean, rollingStd, rollingSum, rollingVar } from './rolling.js';
import { historicalCvar, historicalVar, parametricCvar, parametricVar } from './value-at-risk.js';

/**
 * Returns, windows, cross-sectional statistics, linear algebra, VaR and options.
 * @namespace
 */
export const risk = {
  simpleReturns, logReturns, cumulativeReturns, runningMax, drawdown, maxDrawdown,
  rollingSum, rollingMean, rollingVar, rollingStd, rollingMin, rollingMax, rollingQuantile,
  ewmMean, ewmVar, ewmStd,
  cov, corr, portfolioVariance, portfolioVolatility, beta, sharpeRatio, sortinoRatio,
  cholesky, solveTriangular, solve, inv,
  quantile, percentile, normalCdf, normalPdf, normalPpf,
  historicalVar, historicalCvar, parametricVar, parametricCvar, monteCarloVar,
  blackScholes, impliedVol,
};

/**
 * Counter-based random numbers (Philox4x32-10): keys, splitting, and lazy draws.
 * @namespace
 */
export const random = { key, split, uniform, normal, multivariateNormal };

export type { ReturnsOptions, CumulativeOptions } from './returns.js';
export type { RollingOptions, RollingVarOptions } from './rolling.js';
export type { RollingQuantileOptions } from './rolling-order.js';
export type { EwmOptions, EwmVarOptions } from './ewm.js';
export type { CovOptions } from './covariance.js';
export type { RatioOptions } from './ratios.js';
export type { TriangularOptions } from './linalg.js';
export type { QuantileMethod, QuantileOptions } from './quantile.js';
export type { TailOptions } from './value-at-risk.js';
export type { MonteCarloOptions, MonteCarloResult, Revaluation } from './monte-carlo.js';
export type { Greeks, OptionInputs } from './options.js';
export type { ImpliedVolInputs, ImpliedVolOptions, ImpliedVolResult } from './implied-vol.js';
export type { Key, NormalOptions, UniformOptions } from './random.js';

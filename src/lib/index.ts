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
import { checkInputs, checkOptions, publicFunction } from './arguments.js';
import { historicalCvar, historicalVar, parametricCvar, parametricVar } from './value-at-risk.js';

const EWM = ['alpha', 'span', 'halflife', 'com', 'adjust', 'ignoreNa', 'minPeriods', 'axis'];
const ROLLING = ['axis', 'minPeriods'];
const OPTION_INPUTS = ['spot', 'strike', 'time', 'rate'];

/** A public function whose options object, at argument `at`, may hold only `keys`. */
function withOptions<F extends (...args: never[]) => unknown>(fn: string, impl: F, at: number, keys: readonly string[]): F {
  return publicFunction(fn, impl, (...args) => checkOptions(fn, 'options', args[at], keys));
}
const plain = <F extends (...args: never[]) => unknown>(fn: string, impl: F): F => publicFunction(fn, impl);

/**
 * Returns, windows, cross-sectional statistics, linear algebra, VaR and options.
 * @namespace
 */
export const risk = {
  simpleReturns: withOptions('simpleReturns', simpleReturns, 1, ['axis']),
  logReturns: withOptions('logReturns', logReturns, 1, ['axis']),
  cumulativeReturns: withOptions('cumulativeReturns', cumulativeReturns, 1, ['axis', 'log']),
  runningMax: withOptions('runningMax', runningMax, 1, ['axis']),
  drawdown: withOptions('drawdown', drawdown, 1, ['axis']),
  maxDrawdown: withOptions('maxDrawdown', maxDrawdown, 1, ['axis']),
  rollingSum: withOptions('rollingSum', rollingSum, 2, ROLLING),
  rollingMean: withOptions('rollingMean', rollingMean, 2, ROLLING),
  rollingVar: withOptions('rollingVar', rollingVar, 2, [...ROLLING, 'ddof']),
  rollingStd: withOptions('rollingStd', rollingStd, 2, [...ROLLING, 'ddof']),
  rollingMin: withOptions('rollingMin', rollingMin, 2, ROLLING),
  rollingMax: withOptions('rollingMax', rollingMax, 2, ROLLING),
  rollingQuantile: withOptions('rollingQuantile', rollingQuantile, 3, [...ROLLING, 'method']),
  ewmMean: withOptions('ewmMean', ewmMean, 1, EWM),
  ewmVar: withOptions('ewmVar', ewmVar, 1, [...EWM, 'bias']),
  ewmStd: withOptions('ewmStd', ewmStd, 1, [...EWM, 'bias']),
  cov: withOptions('cov', cov, 1, ['ddof']),
  corr: plain('corr', corr),
  portfolioVariance: plain('portfolioVariance', portfolioVariance),
  portfolioVolatility: plain('portfolioVolatility', portfolioVolatility),
  beta: plain('beta', beta),
  sharpeRatio: withOptions('sharpeRatio', sharpeRatio, 1, ['periodsPerYear', 'axis', 'riskFree', 'ddof']),
  sortinoRatio: withOptions('sortinoRatio', sortinoRatio, 1, ['periodsPerYear', 'axis', 'target']),
  cholesky: plain('cholesky', cholesky),
  solveTriangular: withOptions('solveTriangular', solveTriangular, 2, ['lower', 'transpose', 'unitDiagonal']),
  solve: plain('solve', solve),
  inv: plain('inv', inv),
  quantile: withOptions('quantile', quantile, 2, ['axis', 'method', 'keepdims']),
  percentile: withOptions('percentile', percentile, 2, ['axis', 'method', 'keepdims']),
  normalCdf: plain('normalCdf', normalCdf),
  normalPdf: plain('normalPdf', normalPdf),
  normalPpf: plain('normalPpf', normalPpf),
  historicalVar: withOptions('historicalVar', historicalVar, 1, ['level', 'axis', 'method']),
  historicalCvar: withOptions('historicalCvar', historicalCvar, 1, ['level', 'axis']),
  parametricVar: withOptions('parametricVar', parametricVar, 2, ['level']),
  parametricCvar: withOptions('parametricCvar', parametricCvar, 2, ['level']),
  monteCarloVar: publicFunction('monteCarloVar', monteCarloVar, (...args) =>
    checkInputs('monteCarloVar', args[3], ['scenarios'], ['level', 'mean', 'revalue', 'blockSize', 'onProgress', 'cluster'], 'options')),
  blackScholes: publicFunction('blackScholes', blackScholes, (o) => checkInputs('blackScholes', o, [...OPTION_INPUTS, 'vol'], ['dividend', 'call'])),
  impliedVol: publicFunction('impliedVol', impliedVol, (inputs, options) => {
    checkInputs('impliedVol', inputs, [...OPTION_INPUTS, 'price'], ['dividend', 'call']);
    checkOptions('impliedVol', 'options', options, ['tolerance', 'maxIterations']);
  }),
};

/**
 * Counter-based random numbers (Philox4x32-10): keys, splitting, and lazy draws.
 * @namespace
 */
export const random = {
  key: plain('random.key', key),
  split: plain('random.split', split),
  uniform: withOptions('random.uniform', uniform, 2, ['dtype', 'low', 'high']),
  normal: withOptions('random.normal', normal, 2, ['dtype', 'mean', 'std']),
  multivariateNormal: plain('random.multivariateNormal', multivariateNormal),
};

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

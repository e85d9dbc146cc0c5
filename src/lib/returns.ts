/**
 * Returns and drawdowns of price (or wealth) series. Time runs along `axis`, default 0:
 * a [days x assets] matrix has one series per column, as in a pandas DataFrame. All
 * lazy: each function is a short ndarray expression that fuses with what follows.
 */
import { np, rollingStatistic, type ArrayInput, type NDArray } from '../frontend/index.js';
import { asFloat, requireNonEmpty, resolveAxis, sliceAlong } from './axis.js';

/** Options of `risk.simpleReturns` and `risk.logReturns`. */
export interface ReturnsOptions {
  /** The time axis. Default 0. */
  axis?: number;
}

function series(fn: string, x: ArrayInput, options: ReturnsOptions): { a: NDArray; axis: number } {
  const a = asFloat(x);
  return { a, axis: resolveAxis(fn, options.axis ?? 0, a.ndim) };
}

/**
 * (p[t] - p[t-1]) / p[t-1], one shorter along the axis. Written as a difference over
 * the old price rather than p[t] / p[t-1] - 1: the difference of two nearby prices is
 * exact, so a 0.01% return keeps full relative precision instead of losing four digits
 * to the subtraction of 1.
 */
export function simpleReturns(prices: ArrayInput, options: ReturnsOptions = {}): NDArray {
  const { a, axis } = series('simpleReturns', prices, options);
  const prev = sliceAlong(a, axis, ':-1');
  return sliceAlong(a, axis, '1:').sub(prev).div(prev);
}

/** ln(p[t] / p[t-1]), computed as log1p of the simple return for the same reason. */
export function logReturns(prices: ArrayInput, options: ReturnsOptions = {}): NDArray {
  return simpleReturns(prices, options).log1p();
}

/** Options of `risk.cumulativeReturns`. */
export interface CumulativeOptions extends ReturnsOptions {
  /** The returns are log returns: the cumulative return is exp(Σ r) - 1. Default false. */
  log?: boolean;
}

/** Growth of one unit since the start, minus one: Π(1 + r) - 1 (or exp(Σ r) - 1 for log returns). Same shape as the input. */
export function cumulativeReturns(returns: ArrayInput, options: CumulativeOptions = {}): NDArray {
  const { a, axis } = series('cumulativeReturns', returns, options);
  return options.log ? np.cumsum(a, axis).expm1() : np.cumprod(a.add(1), axis).sub(1);
}

/**
 * The maximum of the non-NaN entries up to each one along the axis: the rollingMax op
 * with a window as long as the series (one monotonic-deque pass per series). The
 * doubling composition it replaces, ⌈log2 n⌉ maximum passes over shifted views, ran
 * 2⌈log2 n⌉ kernels (18 of the report's 25 portfolio kernels at 1,000 days, #14).
 */
function peakSkippingNaN(a: NDArray, axis: number): NDArray {
  return rollingStatistic('rollingMax', a, axis, { window: Math.max(1, a.shape[axis]!), minPeriods: 1, ddof: 0 });
}

/**
 * Running maximum along the axis (NumPy's maximum.accumulate). A NaN propagates to every
 * later entry, as in NumPy: the peak of the non-NaN entries, NaN from the first NaN on
 * (a running count of NaNs, one scan).
 */
export function runningMax(x: ArrayInput, options: ReturnsOptions = {}): NDArray {
  const { a, axis } = series('runningMax', x, options);
  if (a.size === 0) return a;
  return np.where(np.cumsum(a.isnan(), axis).greater(0), NaN, peakSkippingNaN(a, axis));
}

/** Fall from the running peak, level / peak - 1 (0 at a new high, -0.25 a quarter below it). Levels must be positive. */
export function drawdown(levels: ArrayInput, options: ReturnsOptions = {}): NDArray {
  const { a, axis } = series('drawdown', levels, options);
  return a.div(runningMax(a, { axis })).sub(1);
}

/** The deepest drawdown along the axis, a number ≤ 0 (empyrical's convention): -0.25 for a 25% peak-to-trough fall. */
export function maxDrawdown(levels: ArrayInput, options: ReturnsOptions = {}): NDArray {
  const { a, axis } = series('maxDrawdown', levels, options);
  requireNonEmpty('maxDrawdown', a, axis);
  // The peak may skip NaNs here: a NaN level is a NaN drawdown, and the minimum is then
  // NaN whatever the later peaks are, as with NumPy's propagating running maximum.
  return a.div(peakSkippingNaN(a, axis)).sub(1).min(axis);
}

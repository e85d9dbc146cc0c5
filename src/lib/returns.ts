/**
 * Returns and drawdowns of price (or wealth) series. Time runs along `axis`, default 0:
 * a [days x assets] matrix has one series per column, as in a pandas DataFrame. All
 * lazy: each function is a short ndarray expression that fuses with what follows.
 */
import { np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { asFloat, requireNonEmpty, resolveAxis, sliceAlong, withAxisLength } from './axis.js';

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
 * Running maximum along the axis (NumPy's maximum.accumulate) by doubling: after step k
 * each entry holds the maximum of the 2^k entries ending at it, so ⌈log2 n⌉ elementwise
 * maximum passes over shifted views suffice, all lazy (there is no max-scan op). A NaN
 * propagates to every later entry, as in NumPy.
 */
export function runningMax(x: ArrayInput, options: ReturnsOptions = {}): NDArray {
  const { a, axis } = series('runningMax', x, options);
  const n = a.shape[axis]!;
  let m = a;
  for (let shift = 1; shift < n; shift *= 2) {
    const pad = np.full(withAxisLength(a.shape, axis, shift), -Infinity, a.dtype);
    m = np.maximum(m, np.concatenate([pad, sliceAlong(m, axis, `:${n - shift}`)], axis));
  }
  return m;
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
  return drawdown(a, { axis }).min(axis);
}

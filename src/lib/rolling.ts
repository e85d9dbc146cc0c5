/**
 * Rolling-window sums, means, variances and standard deviations with pandas' semantics:
 * the window at t covers the `window` entries ending at t along the axis, NaNs are
 * skipped, and a result needs at least `minPeriods` non-NaN entries (default: the whole
 * window) or it is NaN.
 *
 * All lazy and O(n) per series: a window sum is a difference of running sums,
 * W[t] = P[t] - P[t - window]. Plain running sums lose precision as P grows past the
 * window's own size, so each one carries its compensation: C is the running sum of the
 * exact rounding error of every step of P (recovered by Knuth's TwoSum), and
 * W = (P[t] - P[t-w]) + (C[t] - C[t-w]) is accurate to a few ulps of the window sum,
 * not of P. Variances use sums of (x - K) and (x - K)² for a per-series shift K (the
 * series mean), which removes the cancellation a large mean would cause.
 */
import { np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { asFloat, resolveAxis, sliceAlong, withAxisLength } from './axis.js';
import { ValueError } from './errors.js';

/**
 * Options of the rolling-window functions (`risk.rollingSum`, `rollingMean`, `rollingMin`,
 * ...), as pandas' `rolling(window, min_periods)`.
 */
export interface RollingOptions {
  /** The time axis. Default 0. */
  axis?: number;
  /** Fewest non-NaN entries a window needs for a result; default the window length. */
  minPeriods?: number;
}

/** Options of `risk.rollingVar` and `risk.rollingStd`. */
export interface RollingVarOptions extends RollingOptions {
  /** Delta degrees of freedom: the divisor is count - ddof. Default 1, as pandas. */
  ddof?: number;
}

export interface Window {
  a: NDArray;
  axis: number;
  window: number;
  minPeriods: number;
}

export function rollingWindow(fn: string, x: ArrayInput, window: number, options: RollingOptions): Window {
  const a = asFloat(x);
  const axis = resolveAxis(fn, options.axis ?? 0, a.ndim);
  if (!Number.isInteger(window) || window < 1) throw new ValueError(`${fn}: window must be a positive integer, got ${window}`);
  const minPeriods = options.minPeriods ?? window;
  if (!Number.isInteger(minPeriods) || minPeriods < 0 || minPeriods > window) {
    throw new ValueError(`${fn}: minPeriods must be an integer in [0, window = ${window}], got ${minPeriods}`);
  }
  return { a, axis, window, minPeriods };
}

/** x[t - lag] along the axis, with zeros before the start. */
function lagged(x: NDArray, axis: number, lag: number): NDArray {
  const n = x.shape[axis]!;
  const zeros = np.zeros(withAxisLength(x.shape, axis, Math.min(lag, n)), x.dtype);
  if (lag >= n) return zeros;
  return np.concatenate([zeros, sliceAlong(x, axis, `:${n - lag}`)], axis);
}

/** Sum over each window of a NaN-free series: compensated running sums, differenced. */
function windowSum(v: NDArray, axis: number, window: number): NDArray {
  const total = np.cumsum(v, axis);
  const before = lagged(total, axis, 1);
  // TwoSum(before, v): s + err == before + v exactly, for whatever order the scan added in.
  const s = before.add(v);
  const vv = s.sub(before);
  const err = before.sub(s.sub(vv)).add(v.sub(vv));
  const correction = np.cumsum(s.sub(total).add(err), axis);
  const main = total.sub(lagged(total, axis, window));
  return main.add(correction.sub(lagged(correction, axis, window)));
}

/** Entries of a boolean mask in each window (exact int32 running counts). */
function windowCount(mask: NDArray, axis: number, window: number): NDArray {
  const c = np.cumsum(mask.astype('int32'), axis);
  return c.sub(lagged(c, axis, window));
}

/** NaN where the window has fewer than minPeriods non-NaN entries. */
function gate(w: Window, count: NDArray, value: NDArray): NDArray {
  return w.minPeriods === 0 ? value : np.where(count.less(w.minPeriods), NaN, value);
}

/**
 * Rolling sum. An infinity in the window makes the sum that infinity (NaN if both signs
 * are present) and leaves no trace once it has left the window. With minPeriods 0 an
 * empty window sums to 0, as pandas.
 */
export function rollingSum(x: ArrayInput, window: number, options: RollingOptions = {}): NDArray {
  const w = rollingWindow('rollingSum', x, window, options);
  return gate(w, windowCount(w.a.isnan().logicalNot(), w.axis, window), finiteAwareSum(w));
}

function finiteAwareSum(w: Window): NDArray {
  const { a, axis, window } = w;
  const finite = a.isfinite();
  const sum = windowSum(np.where(finite, a, 0), axis, window);
  const pos = windowCount(a.equal(Infinity), axis, window).greater(0);
  const neg = windowCount(a.equal(-Infinity), axis, window).greater(0);
  return np.where(pos.logicalAnd(neg), NaN, np.where(pos, Infinity, np.where(neg, -Infinity, sum)));
}

/** Rolling mean of the non-NaN entries of each window. */
export function rollingMean(x: ArrayInput, window: number, options: RollingOptions = {}): NDArray {
  const w = rollingWindow('rollingMean', x, window, options);
  const count = windowCount(w.a.isnan().logicalNot(), w.axis, window);
  return gate(w, count, finiteAwareSum(w).div(count.astype(w.a.dtype)));
}

/**
 * Rolling variance, divisor count - ddof (NaN when that is not positive). An infinity in
 * the window gives NaN. Rounding can leave a constant window a tiny positive variance
 * (~1e-16 of the squared level) rather than exactly 0.
 */
export function rollingVar(x: ArrayInput, window: number, options: RollingVarOptions = {}): NDArray {
  const w = rollingWindow('rollingVar', x, window, options);
  const ddof = options.ddof ?? 1;
  if (!Number.isFinite(ddof)) throw new ValueError(`rollingVar: ddof must be a finite number, got ${ddof}`);
  const { a, axis } = w;
  const finite = a.isfinite();
  const finiteCount = np.sum(finite.astype('int32'), { axis, keepdims: true });
  const shift = np.sum(np.where(finite, a, 0), { axis, keepdims: true }).div(np.maximum(finiteCount, 1).astype(a.dtype));
  const y = np.where(finite, a.sub(shift), 0);
  const count = windowCount(finite, axis, window);
  const n = count.astype(a.dtype);
  const s = windowSum(y, axis, window);
  const ss = windowSum(y.square(), axis, window);
  const variance = np.maximum(ss.sub(s.square().div(n)), 0).div(n.sub(ddof));
  const infinities = windowCount(a.isinf(), axis, window);
  const undefinedVar = count.lessEqual(ddof).logicalOr(infinities.greater(0));
  // Non-NaN entries are the finite ones plus the infinite ones: no third running count.
  return gate(w, count.add(infinities), np.where(undefinedVar, NaN, variance));
}

/** Square root of rollingVar. */
export function rollingStd(x: ArrayInput, window: number, options: RollingVarOptions = {}): NDArray {
  return rollingVar(x, window, options).sqrt();
}

/**
 * Rolling-window sums, means, variances and standard deviations with pandas' semantics:
 * the window at t covers the `window` entries ending at t along the axis, NaNs are
 * skipped, and a result needs at least `minPeriods` non-NaN entries (default: the whole
 * window) or it is NaN.
 *
 * Each is one lazy op of the table (graph/ops.ts ROLLING): one O(n) pass per series with
 * the window's sums compensated (TwoSum) on the way in and out, so accurate to a few ulps
 * of the window sum however long the series (src/backend/js/rolling.ts is the reference).
 * This file checks the arguments and names its functions in errors.
 */
import { rollingStatistic, type ArrayInput, type NDArray } from '../frontend/index.js';
import { asFloat, resolveAxis } from './axis.js';
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

type RollingOp = Parameters<typeof rollingStatistic>[0];

/** The rolling op over the checked window; `ddof` only matters to var and std. */
function rolled(op: RollingOp, w: Window, ddof = 1): NDArray {
  return rollingStatistic(op, w.a, w.axis, { window: w.window, minPeriods: w.minPeriods, ddof });
}

/**
 * Rolling sum. An infinity in the window makes the sum that infinity (NaN if both signs
 * are present) and leaves no trace once it has left the window. With minPeriods 0 an
 * empty window sums to 0, as pandas.
 */
export function rollingSum(x: ArrayInput, window: number, options: RollingOptions = {}): NDArray {
  return rolled('rollingSum', rollingWindow('rollingSum', x, window, options));
}

/** Rolling mean of the non-NaN entries of each window. */
export function rollingMean(x: ArrayInput, window: number, options: RollingOptions = {}): NDArray {
  return rolled('rollingMean', rollingWindow('rollingMean', x, window, options));
}

function checkedDdof(fn: string, options: RollingVarOptions): number {
  const ddof = options.ddof ?? 1;
  if (!Number.isFinite(ddof)) throw new ValueError(`${fn}: ddof must be a finite number, got ${ddof}`);
  return ddof;
}

/**
 * Rolling variance, divisor count - ddof (NaN when that is not positive). An infinity in
 * the window gives NaN. Rounding can leave a constant window a tiny positive variance
 * (~1e-16 of the squared level) rather than exactly 0.
 */
export function rollingVar(x: ArrayInput, window: number, options: RollingVarOptions = {}): NDArray {
  const w = rollingWindow('rollingVar', x, window, options);
  return rolled('rollingVar', w, checkedDdof('rollingVar', options));
}

/** Square root of rollingVar. */
export function rollingStd(x: ArrayInput, window: number, options: RollingVarOptions = {}): NDArray {
  const w = rollingWindow('rollingVar', x, window, options);
  return rolled('rollingStd', w, checkedDdof('rollingVar', options));
}

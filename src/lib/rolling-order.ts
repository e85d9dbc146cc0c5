/**
 * Rolling order statistics (min, max, quantile) with pandas' window semantics (see
 * rolling.ts). Min and max are ops of the table (graph/ops.ts ROLLING: a monotonic deque
 * of indices per series, amortised O(1) per step); they stay async as they were when
 * they swept in JS. The quantile is a sequential sweep the ndarray ops do not express:
 * it reads the input (`await x.data()`), keeps the window's non-NaN values sorted (binary
 * search, O(window) shifts per step) and applies NumPy's quantile definitions.
 */
import { rollingStatistic, type ArrayInput, type NDArray } from '../frontend/index.js';
import { forEachSeries, resultArray } from './axis.js';
import { checkProbability, quantileOfSorted, type QuantileMethod } from './quantile.js';
import { rollingWindow, type RollingOptions, type Window } from './rolling.js';

async function sweep(w: Window, perSeries: (src: ArrayLike<number>, out: Float64Array, base: number, stride: number, n: number) => void): Promise<NDArray> {
  const src = await w.a.data();
  const out = new Float64Array(src.length);
  forEachSeries(w.a.shape, w.axis, (base, stride, n) => perSeries(src, out, base, stride, n));
  return resultArray(out, w.a.shape, w.a);
}

/** Rolling maximum, NaNs skipped: the rollingMax op (a monotonic deque per series). Async, as it always was. */
export async function rollingMax(x: ArrayInput, window: number, options: RollingOptions = {}): Promise<NDArray> {
  return extreme('rollingMax', rollingWindow('rollingMax', x, window, options));
}

/** Rolling minimum, NaNs skipped: the rollingMin op. Async. */
export async function rollingMin(x: ArrayInput, window: number, options: RollingOptions = {}): Promise<NDArray> {
  return extreme('rollingMin', rollingWindow('rollingMin', x, window, options));
}

const extreme = (op: 'rollingMin' | 'rollingMax', w: Window): NDArray =>
  rollingStatistic(op, w.a, w.axis, { window: w.window, minPeriods: w.minPeriods, ddof: 0 });

/** Options of `risk.rollingQuantile`. */
export interface RollingQuantileOptions extends RollingOptions {
  /** NumPy's quantile method (pandas' `interpolation`); default 'linear'. */
  method?: QuantileMethod;
}

/** First index in sorted[0, m) whose value is not less than v. */
function lowerBound(sorted: Float64Array, m: number, v: number): number {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rolling quantile q of each window's non-NaN values. Async. */
export async function rollingQuantile(x: ArrayInput, window: number, q: number, options: RollingQuantileOptions = {}): Promise<NDArray> {
  const w = rollingWindow('rollingQuantile', x, window, options);
  checkProbability('rollingQuantile', q);
  const method = options.method ?? 'linear';
  // A window longer than the series never holds more than the series.
  const sorted = new Float64Array(Math.min(window, w.a.shape[w.axis]!));
  return sweep(w, (src, out, base, stride, n) => {
    let m = 0;
    for (let t = 0; t < n; t++) {
      const leaving = t - window;
      if (leaving >= 0) {
        const old = src[base + leaving * stride]!;
        if (old === old) {
          const at = lowerBound(sorted, m, old);
          sorted.copyWithin(at, at + 1, m);
          m--;
        }
      }
      const v = src[base + t * stride]!;
      if (v === v) {
        const at = lowerBound(sorted, m, v);
        sorted.copyWithin(at + 1, at, m);
        sorted[at] = v;
        m++;
      }
      out[base + t * stride] = m > 0 && m >= w.minPeriods ? quantileOfSorted(sorted, m, q, method) : NaN;
    }
  });
}

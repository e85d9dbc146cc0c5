/**
 * Rolling order statistics (min, max, quantile) with pandas' window semantics (see
 * rolling.ts). Each is a sequential sweep per series, which the ndarray ops do not
 * express in O(n), so these read the input (`await x.data()`), loop in JS and return a
 * new array: they are async.
 *   min / max: a monotonic deque of indices (amortised O(1) per step, O(n) per series).
 *   quantile: the window's non-NaN values kept sorted (binary search, O(window) shifts
 *   per step), then NumPy's quantile definitions.
 */
import type { ArrayInput, NDArray } from '../frontend/index.js';
import { forEachSeries, resultArray } from './axis.js';
import { checkProbability, quantileOfSorted, type QuantileMethod } from './quantile.js';
import { rollingWindow, type RollingOptions, type Window } from './rolling.js';

async function sweep(w: Window, perSeries: (src: ArrayLike<number>, out: Float64Array, base: number, stride: number, n: number) => void): Promise<NDArray> {
  const src = await w.a.data();
  const out = new Float64Array(src.length);
  forEachSeries(w.a.shape, w.axis, (base, stride, n) => perSeries(src, out, base, stride, n));
  return resultArray(out, w.a.shape, w.a);
}

/** Rolling max (or min with `less`), by the monotonic deque: indices whose values decrease from the front. */
async function extreme(fn: string, x: ArrayInput, window: number, options: RollingOptions, better: (a: number, b: number) => boolean): Promise<NDArray> {
  const w = rollingWindow(fn, x, window, options);
  const deque = new Int32Array(w.a.shape[w.axis]!);
  return sweep(w, (src, out, base, stride, n) => {
    let head = 0;
    let tail = 0;
    let valid = 0;
    for (let t = 0; t < n; t++) {
      const v = src[base + t * stride]!;
      if (v === v) {
        valid++;
        // Entries no better than v can never be the window's extreme again.
        while (tail > head && !better(src[base + deque[tail - 1]! * stride]!, v)) tail--;
        deque[tail++] = t;
      }
      const leaving = t - window;
      if (leaving >= 0) {
        if (src[base + leaving * stride] === src[base + leaving * stride]) valid--;
        if (tail > head && deque[head] === leaving) head++;
      }
      out[base + t * stride] = valid > 0 && valid >= w.minPeriods ? src[base + deque[head]! * stride]! : NaN;
    }
  });
}

/** Rolling maximum, NaNs skipped. Async (see the file comment). */
export async function rollingMax(x: ArrayInput, window: number, options: RollingOptions = {}): Promise<NDArray> {
  return extreme('rollingMax', x, window, options, (a, b) => a > b);
}

/** Rolling minimum, NaNs skipped. Async. */
export async function rollingMin(x: ArrayInput, window: number, options: RollingOptions = {}): Promise<NDArray> {
  return extreme('rollingMin', x, window, options, (a, b) => a < b);
}

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

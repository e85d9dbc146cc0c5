import type { RollingAttrs } from '../../graph/node.js';
import type { RollingOp } from '../../graph/ops.js';

/**
 * A window's running state: counts of non-NaN entries and of each infinity, and the
 * compensated sums of the finite entries (shifted by `shift`) and of their squares.
 * Each add or remove is Knuth's TwoSum, its exact rounding error kept in the companion
 * (`sumErr`, `sqErr`): sum + sumErr is the window's sum to a few ulps of the window,
 * however long the series has run (a plain running sum would carry the error of every
 * value that ever passed through).
 */
class WindowState {
  present = 0;
  posInf = 0;
  negInf = 0;
  sum = 0;
  sumErr = 0;
  sq = 0;
  sqErr = 0;

  constructor(readonly shift: number, readonly squares: boolean) {}

  /** Adds v to the window (sign 1) or takes it out (sign -1). */
  update(v: number, sign: 1 | -1): void {
    if (v !== v) return;
    this.present += sign;
    if (v === Infinity) this.posInf += sign;
    else if (v === -Infinity) this.negInf += sign;
    else {
      const y = v - this.shift;
      [this.sum, this.sumErr] = twoSumInto(this.sum, this.sumErr, sign * y);
      if (this.squares) [this.sq, this.sqErr] = twoSumInto(this.sq, this.sqErr, sign * y * y);
    }
  }
}

/** s + v with TwoSum's exact error added to `err`. */
function twoSumInto(s: number, err: number, v: number): [number, number] {
  const t = s + v;
  const vv = t - s;
  return [t, err + ((s - (t - vv)) + (v - vv))];
}

type MomentOp = Exclude<RollingOp, 'rollingMin' | 'rollingMax'>;

/** The statistic of a window, or NaN (the minPeriods gate, an undefined variance). */
function statistic(op: MomentOp, w: WindowState, { minPeriods, ddof }: RollingAttrs): number {
  if (w.present < minPeriods) return NaN;
  const finite = w.present - w.posInf - w.negInf;
  // An empty window sums to exactly 0, whatever the compensated sums carry.
  const sum = finite === 0 ? 0 : w.sum + w.sumErr;
  switch (op) {
    case 'rollingSum':
    case 'rollingMean': {
      const total = w.posInf > 0 ? (w.negInf > 0 ? NaN : Infinity) : w.negInf > 0 ? -Infinity : sum;
      return op === 'rollingSum' ? total : total / w.present;
    }
    case 'rollingVar':
    case 'rollingStd': {
      if (finite <= ddof || w.posInf + w.negInf > 0) return NaN;
      const variance = Math.max(w.sq + w.sqErr - (sum * sum) / finite, 0) / (finite - ddof);
      return op === 'rollingVar' ? variance : Math.sqrt(variance);
    }
    default:
      return op satisfies never;
  }
}

/**
 * Rolling max (or min with `better` = less) by the monotonic deque: the window's non-NaN
 * indices whose values decrease (increase) from the front, so the front is the extreme;
 * amortised O(1) per step. NaN when the window has no non-NaN entry or fewer than minPeriods.
 */
function extremes(x: Float64Array, out: Float64Array, { window, minPeriods }: RollingAttrs, better: (a: number, b: number) => boolean): void {
  const deque = new Int32Array(x.length);
  let head = 0;
  let tail = 0;
  let valid = 0;
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!;
    if (v === v) {
      valid++;
      // Entries no better than v can never be the window's extreme again.
      while (tail > head && !better(x[deque[tail - 1]!]!, v)) tail--;
      deque[tail++] = t;
    }
    const leaving = t - window;
    if (leaving >= 0) {
      if (x[leaving] === x[leaving]) valid--;
      if (tail > head && deque[head] === leaving) head++;
    }
    out[t] = valid > 0 && valid >= minPeriods ? x[deque[head]!]! : NaN;
  }
}

/**
 * One series' rolling statistic in float64 (the reference every backend is diffed
 * against): `out[t]` covers x[t - window + 1 .. t]. Variances shift every value by the
 * mean of the series' finite values first, which removes the cancellation a large level
 * would cause in sum of squares - sum² / n.
 */
export function rollingSeries(op: RollingOp, attrs: RollingAttrs, x: Float64Array, out: Float64Array): void {
  if (op === 'rollingMin') return extremes(x, out, attrs, (a, b) => a < b);
  if (op === 'rollingMax') return extremes(x, out, attrs, (a, b) => a > b);
  const squares = op === 'rollingVar' || op === 'rollingStd';
  let shift = 0;
  if (squares) {
    let total = 0;
    let count = 0;
    for (const v of x) {
      if (Number.isFinite(v)) {
        total += v;
        count++;
      }
    }
    shift = total / Math.max(count, 1);
  }
  const w = new WindowState(shift, squares);
  for (let t = 0; t < x.length; t++) {
    w.update(x[t]!, 1);
    if (t >= attrs.window) w.update(x[t - attrs.window]!, -1);
    out[t] = statistic(op, w, attrs);
  }
}

/**
 * Quantiles by NumPy's definitions (np.quantile's `method`, Hyndman & Fan 1996 type 7
 * for the default 'linear'). Along one axis of n values sorted ascending, quantile q
 * sits at the virtual index v = (n - 1) q:
 *   linear    sorted[⌊v⌋] + (v - ⌊v⌋)(sorted[⌊v⌋ + 1] - sorted[⌊v⌋])
 *   lower     sorted[⌊v⌋]            higher   sorted[⌈v⌉]
 *   nearest   sorted[round-half-even(v)]
 *   midpoint  (sorted[⌊v⌋] + sorted[⌈v⌉]) / 2
 * The positions depend only on n and q, so they are JS numbers; the values come from
 * a lazy sort and gathers.
 */
import { np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { asFloat, requireNonEmpty, resolveAxis, sliceAlong } from './axis.js';
import { numbersArg } from './arguments.js';
import { ValueError } from './errors.js';

/**
 * How a quantile between two order statistics is taken, NumPy's `method`: interpolate
 * linearly (default), take the lower, the higher or the nearest, or their midpoint.
 */
export type QuantileMethod = 'linear' | 'lower' | 'higher' | 'nearest' | 'midpoint';
const METHODS: readonly QuantileMethod[] = ['linear', 'lower', 'higher', 'nearest', 'midpoint'];

/**
 * Where quantile q of n sorted values lies: the two neighbours and the weight of the
 * upper one. 'linear' and 'midpoint' always interpolate, even with weight 0, as NumPy
 * does (so an infinite neighbour gives NaN there: -inf + 0 × inf); the other methods
 * pick one value (lo = hi).
 */
export interface QuantilePosition {
  lo: number;
  hi: number;
  gamma: number;
  interpolate: boolean;
}

/** Python's round(): ties go to the even neighbour, as np.around does. */
const roundHalfEven = (v: number): number => {
  const f = Math.floor(v);
  const d = v - f;
  return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
};

export function quantilePosition(n: number, q: number, method: QuantileMethod): QuantilePosition {
  const v = (n - 1) * q;
  const lo = Math.floor(v);
  const hi = Math.min(lo + 1, n - 1);
  const pick = (i: number): QuantilePosition => ({ lo: i, hi: i, gamma: 0, interpolate: false });
  switch (method) {
    case 'linear':
      return { lo, hi, gamma: v - lo, interpolate: true };
    case 'lower':
      return pick(lo);
    case 'higher':
      return pick(Math.min(Math.ceil(v), n - 1));
    case 'nearest':
      return pick(roundHalfEven(v));
    case 'midpoint':
      return { lo, hi, gamma: v === lo ? 0 : 0.5, interpolate: true };
    default:
      throw new ValueError(`quantile: method must be one of ${METHODS.join(', ')}, got '${method satisfies never}'`);
  }
}

/**
 * a + (b - a) t, computed from whichever end is nearer (NumPy's _lerp), so that t = 1
 * gives b exactly and the result is monotone in t.
 */
export function lerp(a: number, b: number, t: number): number {
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** Quantile q of the first n entries of an ascending JS array (no NaNs): the scalar form, for the functions that loop. */
export function quantileOfSorted(sorted: ArrayLike<number>, n: number, q: number, method: QuantileMethod): number {
  const { lo, hi, gamma, interpolate } = quantilePosition(n, q, method);
  return interpolate ? lerp(sorted[lo]!, sorted[hi]!, gamma) : sorted[lo]!;
}

export function checkProbability(fn: string, q: number): void {
  if (!(q >= 0 && q <= 1)) throw new ValueError(`${fn}: quantiles must be in [0, 1], got ${q}`);
}

function checkMethod(fn: string, method: string): QuantileMethod {
  if (!METHODS.includes(method as QuantileMethod)) throw new ValueError(`${fn}: method must be one of ${METHODS.join(', ')}, got '${method}'`);
  return method as QuantileMethod;
}

/** Options of `risk.quantile` and `risk.percentile`. */
export interface QuantileOptions {
  /** Axis to take quantiles along; null flattens first (NumPy's default). Default null. */
  axis?: number | null;
  method?: QuantileMethod;
  keepdims?: boolean;
}

/** Gathers the value at one position from an array sorted along `axis` (ascending, NaNs last). */
function atPosition(sorted: NDArray, axis: number, { lo, hi, gamma, interpolate }: QuantilePosition): NDArray {
  const a = sliceAlong(sorted, axis, `${lo}:${lo + 1}`);
  if (!interpolate) return a;
  const b = sliceAlong(sorted, axis, `${hi}:${hi + 1}`);
  const d = b.sub(a);
  return gamma >= 0.5 ? b.sub(d.mul(1 - gamma)) : a.add(d.mul(gamma));
}

/**
 * np.quantile(x, q, axis, method): q a number gives the reduced shape; q a list puts
 * its axis first, as NumPy does. A NaN anywhere along the axis makes that result NaN
 * (NumPy's quantile, not nanquantile). Lazy: one sort along the axis, then gathers.
 */
export function quantile(x: ArrayInput, q: number | readonly number[], options: QuantileOptions = {}): NDArray {
  const method = checkMethod('quantile', options.method ?? 'linear');
  const qs = numbersArg('quantile', 'q', q);
  qs.forEach((v) => checkProbability('quantile', v));
  let a = asFloat(x);
  const flat = options.axis === null || options.axis === undefined;
  if (flat) a = a.reshape(-1);
  const axis = flat ? 0 : resolveAxis('quantile', options.axis!, a.ndim);
  const n = requireNonEmpty('quantile', a, axis);
  const sorted = np.sort(a, axis);
  const hasNaN = sliceAlong(sorted, axis, `${n - 1}:${n}`).isnan();
  const values = qs.map((v) => np.where(hasNaN, NaN, atPosition(sorted, axis, quantilePosition(n, v, method))));
  const keptShape = (r: NDArray): NDArray => {
    if (options.keepdims) return flat ? r.reshape(asFloat(x).shape.map(() => 1)) : r;
    return r.squeeze(axis);
  };
  if (typeof q === 'number') return keptShape(values[0]!);
  return np.stack(values.map(keptShape), 0);
}

/** np.percentile: quantile with q in percent (0-100). */
export function percentile(x: ArrayInput, p: number | readonly number[], options: QuantileOptions = {}): NDArray {
  const toQ = (v: number): number => {
    if (!(v >= 0 && v <= 100)) throw new ValueError(`percentile: percentiles must be in [0, 100], got ${v}`);
    return v / 100;
  };
  const ps = numbersArg('percentile', 'p', p).map(toQ);
  return quantile(x, typeof p === 'number' ? ps[0]! : ps, options);
}

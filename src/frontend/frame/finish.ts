import { allocate, type AnyTypedArray, type DType } from '../../graph/dtype.js';
import { statRow, type GroupState, type StatRows } from '../../runtime/stream/group-state.js';
import type { AggOutput } from './agg-spec.js';

/** Integers where pandas gives integers (counts, row positions); -1 marks a group with no non-NaN value for argmin/argmax. */
function toInt32(x: Float64Array): Int32Array {
  const out = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] === x[i] ? x[i]! : -1;
  return out;
}

/** out[j] = f(order[j]) for each group, in a plain loop (TypedArray.from with a map function is several times slower in V8). */
function byGroup(order: Int32Array, f: (g: number) => number): Float64Array {
  const out = new Float64Array(order.length);
  for (let j = 0; j < order.length; j++) out[j] = f(order[j]!);
  return out;
}

/** Back to the column's own dtype, as pandas keeps it for min, max, first and last of integer columns. */
function keepDType(x: Float64Array, dtype: DType): AnyTypedArray {
  if (dtype === 'float64') return x;
  const out = allocate(dtype, x.length);
  out.set(x);
  return out;
}

/**
 * One output column from the partial statistics, in group order `order`. Sums are
 * float64 whatever the column's dtype (exact up to 2^53); var is m2 / (count - ddof),
 * NaN when that divisor is not positive, as pandas gives for a single-row group.
 */
export function finish(s: GroupState, o: AggOutput, dtype: DType, order: Int32Array): AnyTypedArray {
  const row = (stat: Parameters<StatRows['index']>[1]) => statRow(s, s.layout.index(o.column, stat, o.q));
  const pick = (x: Float64Array) => byGroup(order, (g) => x[g]!);
  const divided = (num: Float64Array, den: Float64Array, shift: number, f: (v: number) => number) =>
    byGroup(order, (g) => (den[g]! - shift > 0 ? f(num[g]! / (den[g]! - shift)) : NaN));
  switch (o.agg) {
    case 'sum':
      return pick(row('sum'));
    case 'mean':
      return divided(row('sum'), row('count'), 0, (v) => v);
    case 'count':
    case 'size':
    case 'nunique':
      return toInt32(pick(row(o.agg === 'size' ? 'size' : o.agg)));
    case 'var':
    case 'std':
      return divided(row('m2'), row('count'), o.ddof, o.agg === 'std' ? Math.sqrt : (v) => v);
    case 'min':
    case 'max':
    case 'first':
    case 'last':
      return keepDType(pick(row(o.agg)), dtype);
    case 'median':
    case 'quantile':
      return pick(row('quantile'));
    case 'argmin':
    case 'argmax':
      return toInt32(pick(row(o.agg)));
  }
}

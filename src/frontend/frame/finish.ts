import { allocate, type AnyTypedArray, type DType } from '../../graph/dtype.js';
import { statRow, type GroupState, type StatRows } from '../../runtime/stream/group-state.js';
import type { AggOutput } from './agg-spec.js';

/** Integers where pandas gives integers (counts, row positions); -1 marks a group with no non-NaN value for argmin/argmax. */
function toInt32(x: Float64Array): Int32Array {
  const out = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] === x[i] ? x[i]! : -1;
  return out;
}

/**
 * x's values in group order: gathered through `order`, or x itself when the groups are
 * already in order (undefined). x is a row of the grouping's own statistics, which
 * nothing else holds, so the result column may be a view of it.
 */
function pick(x: Float64Array, order: Int32Array | undefined): Float64Array {
  if (!order) return x;
  const out = new Float64Array(order.length);
  for (let j = 0; j < order.length; j++) out[j] = x[order[j]!]!;
  return out;
}

/** f(num / (den - shift)) per group in order, NaN where that divisor is not positive; plain loops (a callback per element costs several times more in V8). */
function divided(num: Float64Array, den: Float64Array, shift: number, order: Int32Array | undefined, sqrt: boolean): Float64Array {
  const out = new Float64Array(order ? order.length : num.length);
  for (let j = 0; j < out.length; j++) {
    const g = order ? order[j]! : j;
    const d = den[g]! - shift;
    const v = d > 0 ? num[g]! / d : NaN;
    out[j] = sqrt ? Math.sqrt(v) : v;
  }
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
 * One output column from the partial statistics, groups in `order` (undefined: as they
 * are). Sums are float64 whatever the column's dtype (exact up to 2^53); var is
 * m2 / (count - ddof), NaN when that divisor is not positive, as pandas gives for a
 * single-row group.
 */
export function finish(s: GroupState, o: AggOutput, dtype: DType, order: Int32Array | undefined): AnyTypedArray {
  const row = (stat: Parameters<StatRows['index']>[1]) => statRow(s, s.layout.index(o.column, stat, o.q));
  switch (o.agg) {
    case 'sum':
      return pick(row('sum'), order);
    case 'mean':
      return divided(row('sum'), row('count'), 0, order, false);
    case 'count':
    case 'size':
    case 'nunique':
      return toInt32(pick(row(o.agg === 'size' ? 'size' : o.agg), order));
    case 'var':
    case 'std':
      return divided(row('m2'), row('count'), o.ddof, order, o.agg === 'std');
    case 'min':
    case 'max':
    case 'first':
    case 'last':
      return keepDType(pick(row(o.agg), order), dtype);
    case 'median':
    case 'quantile':
      return pick(row('quantile'), order);
    case 'argmin':
    case 'argmax':
      return toInt32(pick(row(o.agg), order));
  }
}

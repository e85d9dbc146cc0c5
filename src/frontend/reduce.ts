import type { DType } from '../graph/dtype.js';
import { ValueError, fmtShape } from '../graph/errors.js';
import { Node } from '../graph/node.js';
import type { ReduceOp } from '../graph/ops.js';
import { normalizeAxes, normalizeAxis, sizeOf } from '../graph/shape.js';
import { binary, unary } from './elementwise.js';
import { reshape } from './movement.js';
import type { NDArray } from './ndarray.js';
import { castNode, toNode, wrap, type ArrayInput } from './operand.js';

/**
 * The axis or axes a reduction runs along: a number (negative counts from the end), a list,
 * or null/undefined for all of them.
 */
export type Axis = number | readonly number[] | null | undefined;
/**
 * Options of a reduction: the axes to reduce (default all) and whether to keep them as
 * length-1 dimensions, as NumPy's `keepdims`.
 */
export interface ReduceOptions {
  axis?: Axis;
  keepdims?: boolean;
}
/** Options of `var` and `std`: a reduction's options plus NumPy's `ddof`. */
export interface VarOptions extends ReduceOptions {
  /** Delta degrees of freedom: the divisor is n - ddof (NumPy's default 0). */
  ddof?: number;
}
/** An axis (number or list), or the options object. */
export type ReduceArg = Axis | ReduceOptions;

export function reduceOptions(arg: ReduceArg | VarOptions): VarOptions {
  return arg !== null && typeof arg === 'object' && !Array.isArray(arg) ? (arg as VarOptions) : { axis: arg as Axis };
}

/** The dtype NumPy accumulates in, within Quiver's set: bool and int32 sum in int32 (NumPy: int64). */
const accumulateDType = (d: DType): DType => (d === 'bool' ? 'int32' : d);
const floatDType = (d: DType): DType => (d === 'float32' ? 'float32' : 'float64');

const NO_IDENTITY: Partial<Record<ReduceOp, string>> = { min: 'minimum', max: 'maximum' };

function record(op: ReduceOp, x: ArrayInput, arg: ReduceArg, dtype: (d: DType) => DType, attrs: { ddof?: number } = {}): NDArray {
  const node = toNode(op, x);
  const { axis, keepdims } = reduceOptions(arg);
  const axes = normalizeAxes(op, axis, node.shape.length);
  if (NO_IDENTITY[op] && axes.some((a) => node.shape[a] === 0)) {
    throw new ValueError(`${op}: zero-size array ${fmtShape(node.shape)} to reduction operation ${NO_IDENTITY[op]} which has no identity`);
  }
  const input = castNode(node, dtype(node.dtype));
  const kept = node.shape.filter((_, i) => !axes.includes(i));
  const reduced = axes.length === 0 ? input : new Node(op, [input], kept, op === 'any' || op === 'all' ? 'bool' : input.dtype, { axes, ...attrs });
  return keepdims ? reshape(wrap(reduced), node.shape.map((d, i) => (axes.includes(i) ? 1 : d))) : wrap(reduced);
}

/**
 * np.sum: `arg` is an axis, a list of axes, or `{ axis, keepdims }`; by default all axes.
 * bool and int32 sum in int32, uint32 in uint32, floats in their own dtype.
 */
export const sum = (x: ArrayInput, arg: ReduceArg = {}): NDArray => record('sum', x, arg, accumulateDType);
/**
 * np.prod: `arg` is an axis, a list of axes, or `{ axis, keepdims }`; by default all axes.
 * Integer products wrap, as the sums' dtype rule keeps them in 32 bits.
 */
export const prod = (x: ArrayInput, arg: ReduceArg = {}): NDArray => record('prod', x, arg, accumulateDType);
/**
 * np.min: `arg` is an axis, a list of axes, or `{ axis, keepdims }`; by default all axes.
 * NaN propagates; an empty reduction raises.
 */
export const min = (x: ArrayInput, arg: ReduceArg = {}): NDArray => record('min', x, arg, (d) => d);
/**
 * np.max: `arg` is an axis, a list of axes, or `{ axis, keepdims }`; by default all axes.
 * NaN propagates; an empty reduction raises.
 */
export const max = (x: ArrayInput, arg: ReduceArg = {}): NDArray => record('max', x, arg, (d) => d);
/**
 * np.any: whether any element is truthy, as bool. `arg` is an axis, a list of axes, or `{
 * axis, keepdims }`; by default all axes.
 */
export const any = (x: ArrayInput, arg: ReduceArg = {}): NDArray => record('any', x, arg, () => 'bool');
/**
 * np.all: whether every element is truthy, as bool. `arg` is an axis, a list of axes, or `{
 * axis, keepdims }`; by default all axes.
 */
export const all = (x: ArrayInput, arg: ReduceArg = {}): NDArray => record('all', x, arg, () => 'bool');

/** Number of elements each output of a reduction over `axis` combines. */
function countOf(x: NDArray, axis: Axis): number {
  return sizeOf(normalizeAxes('mean', axis, x.ndim).map((a) => x.shape[a]!));
}

/** sum / n in the float dtype (float32 stays float32, integers go to float64); empty gives NaN. */
export function mean(x: ArrayInput, arg: ReduceArg = {}): NDArray {
  const opts = reduceOptions(arg);
  const a = wrap(toNode('mean', x));
  const f = a.astype(floatDType(a.dtype));
  return binary('div', sum(f, opts), countOf(a, opts.axis));
}

/**
 * Mean squared deviation from the mean, divided by n - ddof (NaN or Inf when that is
 * not positive, as NumPy). One reduction op rather than a composition of two passes,
 * so mean and var of the same input share one read of it.
 */
export function variance(x: ArrayInput, arg: VarOptions | Axis = {}): NDArray {
  const opts = reduceOptions(arg);
  const ddof = opts.ddof ?? 0;
  if (!Number.isFinite(ddof)) throw new ValueError(`var: ddof must be a finite number, got ${ddof}`);
  const a = wrap(toNode('var', x));
  return record('var', a.astype(floatDType(a.dtype)), opts, (d) => d, { ddof });
}

/**
 * np.std: square root of `variance`; `ddof` 0 by default, as NumPy (pass `{ ddof: 1 }` for
 * the sample standard deviation).
 */
export const std = (x: ArrayInput, arg: VarOptions | Axis = {}): NDArray => unary('sqrt', variance(x, arg));

/** Options of `argmin`/`argmax` and their nan variants: `keepdims` keeps the reduced axis as length 1. */
export interface ArgOptions {
  keepdims?: boolean;
}

/**
 * Index (int32) of the first minimum or maximum along one axis, or of the flattened array.
 * The nan variants pass over NaN; a slice of nothing but NaN raises ValueError when the
 * result is computed, since only the data can tell.
 */
function argReduce(op: 'argmin' | 'argmax' | 'nanargmin' | 'nanargmax', x: ArrayInput, axis: number | null | undefined, opts: ArgOptions): NDArray {
  const node = toNode(op, x);
  const flat = axis === null || axis === undefined;
  const src = flat ? toNode(op, reshape(wrap(node), [-1])) : node;
  const ax = flat ? 0 : normalizeAxis(op, axis, node.shape.length);
  if (src.shape[ax] === 0) throw new ValueError(`${op}: attempt to get ${op} of an empty sequence`);
  const kept = src.shape.filter((_, i) => i !== ax);
  const out = wrap(new Node(op, [src], kept, 'int32', { axes: [ax] }));
  if (!opts.keepdims) return out;
  return reshape(out, flat ? node.shape.map(() => 1) : node.shape.map((d, i) => (i === ax ? 1 : d)));
}
/**
 * np.argmin: index (int32) of the first minimum along `axis`, or of the flattened array when
 * axis is null or omitted; NaN counts as the minimum.
 */
export const argmin = (x: ArrayInput, axis?: number | null, opts: ArgOptions = {}): NDArray => argReduce('argmin', x, axis, opts);
/**
 * np.argmax: index (int32) of the first maximum along `axis`, or of the flattened array when
 * axis is null or omitted; NaN counts as the maximum.
 */
export const argmax = (x: ArrayInput, axis?: number | null, opts: ArgOptions = {}): NDArray => argReduce('argmax', x, axis, opts);
/** np.nanargmin: as argmin but passing over NaN; an all-NaN slice raises ValueError when the result is computed. */
export const nanargmin = (x: ArrayInput, axis?: number | null, opts: ArgOptions = {}): NDArray => argReduce('nanargmin', x, axis, opts);
/** np.nanargmax: as argmax but passing over NaN; an all-NaN slice raises ValueError when the result is computed. */
export const nanargmax = (x: ArrayInput, axis?: number | null, opts: ArgOptions = {}): NDArray => argReduce('nanargmax', x, axis, opts);

/** Running sum or product along `axis` (the flattened array when omitted), accumulating as sum does. */
function scan(op: 'cumsum' | 'cumprod', x: ArrayInput, axis?: number | null): NDArray {
  let node = toNode(op, x);
  if (axis === null || axis === undefined) node = toNode(op, reshape(wrap(node), [-1]));
  const ax = normalizeAxis(op, axis ?? 0, node.shape.length);
  const input = castNode(node, accumulateDType(node.dtype));
  return wrap(new Node(op, [input], input.shape, input.dtype, { axis: ax }));
}
/**
 * np.cumsum: running sum along `axis`, or over the flattened array when axis is null or
 * omitted; same dtype rule as sum.
 */
export const cumsum = (x: ArrayInput, axis?: number | null): NDArray => scan('cumsum', x, axis);
/** np.cumprod: running product along `axis`, or over the flattened array when axis is null or omitted. */
export const cumprod = (x: ArrayInput, axis?: number | null): NDArray => scan('cumprod', x, axis);

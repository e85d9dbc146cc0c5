import type { DType } from '../graph/dtype.js';
import { ValueError, fmtShape } from '../graph/errors.js';
import { Node } from '../graph/node.js';
import type { ReduceOp } from '../graph/ops.js';
import { normalizeAxes, normalizeAxis, sizeOf } from '../graph/shape.js';
import { binary, unary } from './elementwise.js';
import { reshape } from './movement.js';
import type { NDArray } from './ndarray.js';
import { castNode, toNode, wrap, type ArrayInput } from './operand.js';
import { axesArg, axisArg, boolArg, callOptions, numberArg } from './arguments.js';

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

const REDUCE_KEYS = ['axis', 'keepdims'] as const;
const VAR_KEYS = ['axis', 'keepdims', 'ddof'] as const;

/** `axis` positionally or in the trailing options object, every value checked. */
export function reduceOptions(op: string, arg: ReduceArg | VarOptions | undefined, options?: ReduceOptions | VarOptions, accepted: readonly string[] = REDUCE_KEYS): VarOptions {
  const o = callOptions(op, [arg, options], ['axis'], accepted);
  return { axis: axesArg(op, o.axis), keepdims: boolArg(op, 'keepdims', o.keepdims), ddof: numberArg(op, 'ddof', o.ddof) };
}

/** The dtype NumPy accumulates in, within Quiver's set: bool and int32 sum in int32 (NumPy: int64). */
const accumulateDType = (d: DType): DType => (d === 'bool' ? 'int32' : d);
const floatDType = (d: DType): DType => (d === 'float32' ? 'float32' : 'float64');

const NO_IDENTITY: Partial<Record<ReduceOp, string>> = { min: 'minimum', max: 'maximum' };

function record(op: ReduceOp, x: ArrayInput, opts: ReduceOptions, dtype: (d: DType) => DType, attrs: { ddof?: number } = {}): NDArray {
  const node = toNode(op, x);
  const { axis, keepdims } = opts;
  const axes = normalizeAxes(op, axis, node.shape.length);
  if (NO_IDENTITY[op] && axes.some((a) => node.shape[a] === 0)) {
    throw new ValueError(`${op}: zero-size array ${fmtShape(node.shape)} to reduction operation ${NO_IDENTITY[op]} which has no identity`);
  }
  const input = castNode(node, dtype(node.dtype));
  const kept = node.shape.filter((_, i) => !axes.includes(i));
  const reduced = axes.length === 0 ? input : new Node(op, [input], kept, op === 'any' || op === 'all' ? 'bool' : input.dtype, { axes, ...attrs });
  return keepdims ? reshape(wrap(reduced), node.shape.map((d, i) => (axes.includes(i) ? 1 : d))) : wrap(reduced);
}

type Reduction = (x: ArrayInput, arg?: ReduceArg, options?: ReduceOptions) => NDArray;
const reduction = (op: ReduceOp, dtype: (d: DType) => DType): Reduction => (x, arg, options) => {
  const opts = reduceOptions(op, arg, options);
  return record(op, x, opts, dtype);
};
/**
 * np.sum: `arg` is an axis, a list of axes, or `{ axis, keepdims }`; by default all axes.
 * bool and int32 sum in int32, uint32 in uint32, floats in their own dtype.
 */
export const sum = reduction('sum', accumulateDType);
/**
 * np.prod: `arg` is an axis, a list of axes, or `{ axis, keepdims }`; by default all axes.
 * Integer products wrap, as the sums' dtype rule keeps them in 32 bits.
 */
export const prod = reduction('prod', accumulateDType);
/**
 * np.min: `arg` is an axis, a list of axes, or `{ axis, keepdims }`; by default all axes.
 * NaN propagates; an empty reduction raises.
 */
export const min = reduction('min', (d) => d);
/**
 * np.max: `arg` is an axis, a list of axes, or `{ axis, keepdims }`; by default all axes.
 * NaN propagates; an empty reduction raises.
 */
export const max = reduction('max', (d) => d);
/**
 * np.any: whether any element is truthy, as bool. `arg` is an axis, a list of axes, or `{
 * axis, keepdims }`; by default all axes.
 */
export const any = reduction('any', () => 'bool');
/**
 * np.all: whether every element is truthy, as bool. `arg` is an axis, a list of axes, or `{
 * axis, keepdims }`; by default all axes.
 */
export const all = reduction('all', () => 'bool');

/** Number of elements each output of a reduction over `axis` combines. */
function countOf(x: NDArray, axis: Axis): number {
  return sizeOf(normalizeAxes('mean', axis, x.ndim).map((a) => x.shape[a]!));
}

/** sum / n in the float dtype (float32 stays float32, integers go to float64); empty gives NaN. */
export function mean(x: ArrayInput, arg?: ReduceArg, options?: ReduceOptions): NDArray {
  const opts = reduceOptions('mean', arg, options);
  const a = wrap(toNode('mean', x));
  const f = a.astype(floatDType(a.dtype));
  const count = countOf(a, opts.axis);
  return binary('div', record('sum', f, opts, accumulateDType), count);
}

/**
 * Mean squared deviation from the mean, divided by n - ddof (NaN or Inf when that is
 * not positive, as NumPy). One reduction op rather than a composition of two passes,
 * so mean and var of the same input share one read of it.
 */
function varianceAs(op: 'var' | 'std', x: ArrayInput, arg?: VarOptions | Axis, options?: VarOptions): NDArray {
  const opts = reduceOptions(op, arg, options, VAR_KEYS);
  const ddof = opts.ddof ?? 0;
  const a = wrap(toNode(op, x));
  const f = a.astype(floatDType(a.dtype));
  if (normalizeAxes(op, opts.axis, a.ndim).length === 0) return noAxesVariance(f, ddof);
  return record('var', f, opts, (d) => d, { ddof });
}

/**
 * Over no axes each element is its own mean: NumPy gives (x - x)**2 / max(1 - ddof, 0),
 * so 0, NaN when ddof >= 1, and NaN where x is infinite or NaN (#20).
 */
function noAxesVariance(x: NDArray, ddof: number): NDArray {
  const deviation = binary('sub', x, x);
  return binary('div', binary('mul', deviation, deviation), Math.max(1 - ddof, 0));
}

/** np.var: mean squared deviation from the mean over axes, divided by n - ddof (`ddof` 0 by default, as NumPy). */
export const variance = (x: ArrayInput, arg?: VarOptions | Axis, options?: VarOptions): NDArray => varianceAs('var', x, arg, options);
/**
 * np.std: square root of `variance`; `ddof` 0 by default, as NumPy (pass `{ ddof: 1 }` for
 * the sample standard deviation).
 */
export const std = (x: ArrayInput, arg?: VarOptions | Axis, options?: VarOptions): NDArray => unary('sqrt', varianceAs('std', x, arg, options));

/** Keywords of argmin / argmax and their nan variants. */
export interface ArgOptions {
  axis?: number | null;
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
type ArgReduction = (x: ArrayInput, axis?: number | null | ArgOptions, options?: ArgOptions) => NDArray;
const argReduction = (op: 'argmin' | 'argmax' | 'nanargmin' | 'nanargmax'): ArgReduction => (x, axis, options) => {
  const o = callOptions(op, [axis, options], ['axis'], ['axis', 'keepdims']);
  return argReduce(op, x, axisArg(op, o.axis), { keepdims: boolArg(op, 'keepdims', o.keepdims) });
};
/**
 * np.argmin: index (int32) of the first minimum along `axis`, or of the flattened array when
 * axis is null or omitted; NaN counts as the minimum.
 */
export const argmin = argReduction('argmin');
/**
 * np.argmax: index (int32) of the first maximum along `axis`, or of the flattened array when
 * axis is null or omitted; NaN counts as the maximum.
 */
export const argmax = argReduction('argmax');
/** np.nanargmin: as argmin but passing over NaN; an all-NaN slice raises ValueError when the result is computed. */
export const nanargmin = argReduction('nanargmin');
/** np.nanargmax: as argmax but passing over NaN; an all-NaN slice raises ValueError when the result is computed. */
export const nanargmax = argReduction('nanargmax');

/** Running sum or product along `axis` (the flattened array when omitted), accumulating as sum does. */
function scan(op: 'cumsum' | 'cumprod', x: ArrayInput, axis?: number | null): NDArray {
  let node = toNode(op, x);
  if (axis === null || axis === undefined) node = toNode(op, reshape(wrap(node), [-1]));
  const ax = normalizeAxis(op, axis ?? 0, node.shape.length);
  const input = castNode(node, accumulateDType(node.dtype));
  return wrap(new Node(op, [input], input.shape, input.dtype, { axis: ax }));
}
/** Options of cumsum / cumprod. */
export interface ScanOptions {
  axis?: number | null;
}
type Scan = (x: ArrayInput, axis?: number | null | ScanOptions, options?: ScanOptions) => NDArray;
const scanning = (op: 'cumsum' | 'cumprod'): Scan => (x, axis, options) => scan(op, x, axisArg(op, callOptions(op, [axis, options], ['axis']).axis));
/**
 * np.cumsum: running sum along `axis`, or over the flattened array when axis is null or
 * omitted; same dtype rule as sum.
 */
export const cumsum = scanning('cumsum');
/** np.cumprod: running product along `axis`, or over the flattened array when axis is null or omitted. */
export const cumprod = scanning('cumprod');

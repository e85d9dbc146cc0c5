import type { AnyTypedArray, DType } from '../graph/dtype.js';
import type { Node } from '../graph/node.js';
import { planFor, realizeSync } from '../runtime/evaluate.js';
import { explainPlan, toDot } from '../runtime/explain.js';
import type { Plan } from '../kernel/plan.js';
import { activeBackend } from '../runtime/init.js';
import { persistNodes, pinNode, unpinNode } from '../runtime/memory.js';
import { isRealized } from '../runtime/node-state.js';
import { readContiguous } from '../runtime/read.js';
import * as ew from './elementwise.js';
import { formatArray } from './format.js';
import { attach, disposeHandle, isDisposed, nodeOf } from './handle.js';
import { broadcastTo, flip, reshape, slice, squeeze, transpose, type AxesOptions, type AxisListOptions, type ShapeOptions, type SliceSpec } from './movement.js';
import { isOptionsObject } from './arguments.js';
import { checkElements } from './limits.js';
import type { ArrayInput } from './operand.js';
import * as red from './reduce.js';
import { data, dataSync, itemOf, nest, type DataOptions, type Nested, type Scalar } from './read.js';
import { dot, matmul } from './linalg.js';
import { argsort, compress, nonzero, sort, take, type AxisOptions } from './sorting.js';

/**
 * A lazy n-dimensional array. Every method records a node and returns at once with
 * the result's shape and dtype; work happens when a value is read (`await x.data()`).
 * Arrays are immutable: methods NumPy runs in place (sort) return a new array here.
 */
export class NDArray {
  constructor(node: Node) {
    checkElements(node.op, node.shape);
    attach(this, node);
  }

  /** @internal The graph node behind this handle. */
  node(op = 'use'): Node {
    return nodeOf(op, this);
  }

  /** The length of each dimension; known as soon as the array is built. */
  get shape(): number[] {
    return [...this.node('shape').shape];
  }
  /** The element type: float32, float64, int32, uint32 or bool. */
  get dtype(): DType {
    return this.node('dtype').dtype;
  }
  /** The number of dimensions. */
  get ndim(): number {
    return this.node('ndim').shape.length;
  }
  /** The number of elements (1 for a 0-d array). */
  get size(): number {
    return this.node('size').shape.reduce((a, b) => a * b, 1);
  }
  /** Whether `dispose()` has freed this array. */
  get disposed(): boolean {
    return isDisposed(this);
  }

  // Reading results.
  /**
   * Computes the array and gives its values as a TypedArray of its dtype, in row-major (C)
   * order: a fresh one, or `{ into }`, the caller's TypedArray of the same storage and
   * size, filled and returned (`await x.data({ into: out })` in a loop allocates nothing).
   */
  async data(options?: DataOptions): Promise<AnyTypedArray> {
    return data('data', this.node('data'), options);
  }
  /**
   * As `data()`, synchronously: on the CPU backends (js, wasm) only; on webgpu it throws and
   * asks for `await x.data()`.
   */
  dataSync(options?: DataOptions): AnyTypedArray {
    return dataSync(this.node('dataSync'), options);
  }
  /** The value of a one-element array as a JS number (a boolean for bool). */
  async item(): Promise<Scalar> {
    return itemOf(await data('item', this.node('item')), this.shape, this.dtype);
  }
  /** The values as nested JS arrays of the array's shape (a number or boolean for a 0-d array). */
  async toArray(): Promise<Nested> {
    return nest(await data('toArray', this.node('toArray')), this.shape, this.dtype);
  }
  /** NumPy's repr. Reads the values synchronously on CPU backends; a GPU backend shows the shape only. */
  toString(): string {
    const node = this.node('toString');
    if (!isRealized(node) && !activeBackend('toString').executeSync) {
      return `NDArray(shape=(${node.shape.join(', ')}), dtype=${node.dtype}) <not evaluated: await x.data()>`;
    }
    return formatArray(readContiguous(realizeSync('toString', [node])[0]!), node.shape, node.dtype);
  }

  // Seeing the plan.
  /** The optimized plan that reading this array would run: kernels, views, fused ops, bytes. */
  plan(): Plan {
    return planFor([this.node('plan')]);
  }
  /** The plan as readable text. */
  explain(): string {
    return explainPlan(this.plan());
  }
  /** Graphviz DOT of the graph and of the kernels it becomes. */
  toDot(): string {
    const node = this.node('toDot');
    return toDot([node], planFor([node]));
  }

  // Memory.
  /** Frees this array's result now; using it afterwards throws. Arrays built from it stay valid. */
  dispose(): void {
    disposeHandle(this);
  }
  /** Frees the array at the end of a `using` block, as `dispose()`. */
  [Symbol.dispose](): void {
    disposeHandle(this);
  }
  /**
   * Computes this array and keeps the result, as Dask's persist does: under memory
   * pressure it spills to disk instead of being dropped and recomputed.
   */
  async persist(): Promise<this> {
    await persistNodes([this.node('persist')]);
    return this;
  }
  /** Keeps this array's buffer in host memory (never evicted) until `unpin()`; an unevaluated array is pinned once computed. */
  pin(): this {
    pinNode(this.node('pin'));
    return this;
  }
  /** Undoes `pin()`: the buffer may be evicted again under memory pressure. */
  unpin(): this {
    unpinNode(this.node('unpin'));
    return this;
  }

  // Dtype and views.
  /** A copy cast to `dtype` with NumPy's unsafe casting (floats truncate toward zero, integers wrap). */
  astype(dtype: DType | { dtype: DType }, options?: { dtype?: DType }): NDArray {
    return ew.astype(this, dtype, options);
  }
  /** `x.reshape(2, 3)`, `x.reshape([2, 3])` or `x.reshape({ shape: [2, 3] })`. */
  reshape(...shape: (number | readonly number[] | ShapeOptions)[]): NDArray {
    const [first] = shape;
    return shape.length === 1 && isOptionsObject(first) ? reshape(this, first) : reshape(this, shape.flat() as number[]);
  }
  /** Reverses the axes, or orders them as `axes` (a view). */
  transpose(axes?: readonly number[] | AxesOptions, options?: AxesOptions): NDArray {
    return transpose(this, axes, options);
  }
  /** The transpose, as `transpose()`. */
  get T(): NDArray {
    return transpose(this);
  }
  /** Removes the given length-1 axes, or all of them (a view). */
  squeeze(axis?: number | readonly number[] | AxisListOptions, options?: AxisListOptions): NDArray {
    return squeeze(this, axis, options);
  }
  /** Reverses the elements along `axis` (all axes by default): a negative-stride view. */
  flip(axis?: number | readonly number[] | null | AxisListOptions, options?: AxisListOptions): NDArray {
    return flip(this, axis, options);
  }
  /** A view of this array broadcast to `shape`, as np.broadcast_to. */
  broadcastTo(shape: readonly number[] | ShapeOptions, options?: ShapeOptions): NDArray {
    return broadcastTo(this, shape, options);
  }
  /** The elements as one dimension in row-major order (a view when contiguous). */
  flatten(): NDArray {
    return reshape(this, [-1]);
  }
  /** Basic indexing: `x.slice('1:, ::-1')`, `x.slice(0, ':', null)`; see `np.slice`. */
  slice(...specs: SliceSpec[]): NDArray {
    return slice(this, ...specs);
  }

  // Elementwise.
  /** Sum, elementwise, with NumPy broadcasting; logical or on bool. */
  add(b: ArrayInput): NDArray { return ew.binary('add', this, b); }
  /** Difference, elementwise, with NumPy broadcasting. */
  sub(b: ArrayInput): NDArray { return ew.binary('sub', this, b); }
  /** Product, elementwise, with NumPy broadcasting; logical and on bool. */
  mul(b: ArrayInput): NDArray { return ew.binary('mul', this, b); }
  /** True division, elementwise, with NumPy broadcasting; integers divide in float64. */
  div(b: ArrayInput): NDArray { return ew.binary('div', this, b); }
  /**
   * Floor division, floor(a / b), elementwise, with NumPy broadcasting; integer division by
   * zero gives 0, as in NumPy.
   */
  floorDiv(b: ArrayInput): NDArray { return ew.binary('floorDiv', this, b); }
  /** Remainder with the sign of the divisor (NumPy's `remainder`), elementwise, with NumPy broadcasting. */
  mod(b: ArrayInput): NDArray { return ew.binary('mod', this, b); }
  /** Power a ** b, elementwise, with NumPy broadcasting; integer powers wrap, negative integer exponents raise. */
  pow(b: ArrayInput): NDArray { return ew.binary('pow', this, b); }
  /** Angle of the point (b, a) in radians, in [-π, π], elementwise, with NumPy broadcasting. */
  arctan2(b: ArrayInput): NDArray { return ew.binary('arctan2', this, b); }
  /** √(a² + b²) without intermediate overflow, elementwise, with NumPy broadcasting. */
  hypot(b: ArrayInput): NDArray { return ew.binary('hypot', this, b); }
  /** Smaller of the two, elementwise, with NumPy broadcasting; NaN propagates. */
  minimum(b: ArrayInput): NDArray { return ew.binary('minimum', this, b); }
  /** Larger of the two, elementwise, with NumPy broadcasting; NaN propagates. */
  maximum(b: ArrayInput): NDArray { return ew.binary('maximum', this, b); }
  /** a == b as bool, elementwise, with NumPy broadcasting. */
  equal(b: ArrayInput): NDArray { return ew.binary('equal', this, b); }
  /** a != b as bool, elementwise, with NumPy broadcasting. */
  notEqual(b: ArrayInput): NDArray { return ew.binary('notEqual', this, b); }
  /** a < b as bool, elementwise, with NumPy broadcasting. */
  less(b: ArrayInput): NDArray { return ew.binary('less', this, b); }
  /** a <= b as bool, elementwise, with NumPy broadcasting. */
  lessEqual(b: ArrayInput): NDArray { return ew.binary('lessEqual', this, b); }
  /** a > b as bool, elementwise, with NumPy broadcasting. */
  greater(b: ArrayInput): NDArray { return ew.binary('greater', this, b); }
  /** a >= b as bool, elementwise, with NumPy broadcasting. */
  greaterEqual(b: ArrayInput): NDArray { return ew.binary('greaterEqual', this, b); }
  /** Both truthy, elementwise with broadcasting, as bool. */
  logicalAnd(b: ArrayInput): NDArray { return ew.logicalAnd(this, b); }
  /** Either truthy, elementwise with broadcasting, as bool. */
  logicalOr(b: ArrayInput): NDArray { return ew.logicalOr(this, b); }
  /** Exactly one truthy, elementwise with broadcasting, as bool. */
  logicalXor(b: ArrayInput): NDArray { return ew.logicalXor(this, b); }
  /** True where the element is falsy (0 or false), as bool. */
  logicalNot(): NDArray { return ew.logicalNot(this); }
  /** Negation, elementwise; integers wrap (neg of the smallest int32 is itself). */
  neg(): NDArray { return ew.unary('neg', this); }
  /** Absolute value, elementwise; the smallest int32 wraps to itself, as in NumPy. */
  abs(): NDArray { return ew.unary('abs', this); }
  /** Sign, elementwise: -1, 0 or 1; NaN stays NaN. */
  sign(): NDArray { return ew.unary('sign', this); }
  /** Square root, elementwise (float result). */
  sqrt(): NDArray { return ew.unary('sqrt', this); }
  /** Cube root, elementwise (float result). */
  cbrt(): NDArray { return ew.unary('cbrt', this); }
  /** x², elementwise; bool squares in int32, as NumPy's integer loop does. */
  square(): NDArray { return ew.square(this); }
  /** 1 / x, elementwise; integer reciprocal truncates, as in NumPy. */
  reciprocal(): NDArray { return ew.unary('reciprocal', this); }
  /** eˣ, elementwise. */
  exp(): NDArray { return ew.unary('exp', this); }
  /** eˣ - 1, elementwise, accurate near 0 where exp(x) - 1 cancels. */
  expm1(): NDArray { return ew.unary('expm1', this); }
  /** 2ˣ, elementwise. */
  exp2(): NDArray { return ew.unary('exp2', this); }
  /** Natural logarithm, elementwise. */
  log(): NDArray { return ew.unary('log', this); }
  /** ln(1 + x), elementwise, accurate near 0. */
  log1p(): NDArray { return ew.unary('log1p', this); }
  /** Base-2 logarithm, elementwise, exact at powers of two. */
  log2(): NDArray { return ew.unary('log2', this); }
  /** Base-10 logarithm, elementwise, exact at powers of ten. */
  log10(): NDArray { return ew.unary('log10', this); }
  /** Sine (radians), elementwise. */
  sin(): NDArray { return ew.unary('sin', this); }
  /** Cosine (radians), elementwise. */
  cos(): NDArray { return ew.unary('cos', this); }
  /** Tangent (radians), elementwise. */
  tan(): NDArray { return ew.unary('tan', this); }
  /** Inverse sine in radians, elementwise. */
  arcsin(): NDArray { return ew.unary('arcsin', this); }
  /** Inverse cosine in radians, elementwise. */
  arccos(): NDArray { return ew.unary('arccos', this); }
  /** Inverse tangent in radians, elementwise. */
  arctan(): NDArray { return ew.unary('arctan', this); }
  /** Hyperbolic sine, elementwise. */
  sinh(): NDArray { return ew.unary('sinh', this); }
  /** Hyperbolic cosine, elementwise. */
  cosh(): NDArray { return ew.unary('cosh', this); }
  /** Hyperbolic tangent, elementwise. */
  tanh(): NDArray { return ew.unary('tanh', this); }
  /** Error function, elementwise. */
  erf(): NDArray { return ew.unary('erf', this); }
  /** Complementary error function 1 - erf(x), elementwise, accurate in the tail where that difference cancels. */
  erfc(): NDArray { return ew.unary('erfc', this); }
  /** Round toward -∞, elementwise; identity on integers. */
  floor(): NDArray { return ew.unary('floor', this); }
  /** Round toward +∞, elementwise; identity on integers. */
  ceil(): NDArray { return ew.unary('ceil', this); }
  /** Round toward zero, elementwise; identity on integers. */
  trunc(): NDArray { return ew.unary('trunc', this); }
  /** Rounds half to even at `decimals` decimal digits (default 0), as NumPy. */
  round(decimals?: number | { decimals?: number }, options?: { decimals?: number }): NDArray { return ew.round(this, decimals, options); }
  /** Whether each element is NaN (bool). */
  isnan(): NDArray { return ew.unary('isnan', this); }
  /** Whether each element is +∞ or -∞ (bool). */
  isinf(): NDArray { return ew.unary('isinf', this); }
  /** Whether each element is neither NaN nor ±∞ (bool). */
  isfinite(): NDArray { return ew.unary('isfinite', this); }
  /** Limits each element to [lo, hi] (arrays or numbers, broadcast); NaN stays NaN. */
  clip(lo: ArrayInput, hi: ArrayInput): NDArray { return ew.clip(this, lo, hi); }

  // Reductions and scans.
  /** Sum over axes: `arg` is an axis, a list of axes, or `{ axis, keepdims }`; by default all axes. */
  sum(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.sum(this, arg, options); }
  /** Product over axes: `arg` is an axis, a list of axes, or `{ axis, keepdims }`; by default all axes. */
  prod(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.prod(this, arg, options); }
  /**
   * Mean over axes in a float dtype (float32 stays float32, integers give float64): `arg` is
   * an axis, a list of axes, or `{ axis, keepdims }`; by default all axes.
   */
  mean(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.mean(this, arg, options); }
  /**
   * Variance over axes with divisor n - ddof (default 0, as NumPy): an axis, a list of axes,
   * or `{ axis, keepdims, ddof }`.
   */
  var(arg?: red.VarOptions | red.Axis, options?: red.VarOptions): NDArray { return red.variance(this, arg, options); }
  /** Standard deviation, the square root of `var` with the same arguments. */
  std(arg?: red.VarOptions | red.Axis, options?: red.VarOptions): NDArray { return red.std(this, arg, options); }
  /**
   * Minimum over axes; NaN propagates, an empty reduction raises: `arg` is an axis, a list
   * of axes, or `{ axis, keepdims }`; by default all axes.
   */
  min(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.min(this, arg, options); }
  /**
   * Maximum over axes; NaN propagates, an empty reduction raises: `arg` is an axis, a list
   * of axes, or `{ axis, keepdims }`; by default all axes.
   */
  max(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.max(this, arg, options); }
  /**
   * Whether any element is truthy, as bool: `arg` is an axis, a list of axes, or `{ axis,
   * keepdims }`; by default all axes.
   */
  any(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.any(this, arg, options); }
  /**
   * Whether every element is truthy, as bool: `arg` is an axis, a list of axes, or `{ axis,
   * keepdims }`; by default all axes.
   */
  all(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.all(this, arg, options); }
  /** Index (int32) of the first minimum along `axis`, or of the flattened array when axis is null or omitted. */
  argmin(axis?: number | null | red.ArgOptions, options?: red.ArgOptions): NDArray { return red.argmin(this, axis, options); }
  /** Index (int32) of the first maximum along `axis`, or of the flattened array when axis is null or omitted. */
  argmax(axis?: number | null | red.ArgOptions, options?: red.ArgOptions): NDArray { return red.argmax(this, axis, options); }
  /** As `argmin`, passing over NaN; an all-NaN slice raises ValueError when computed. */
  nanargmin(axis?: number | null | red.ArgOptions, options?: red.ArgOptions): NDArray { return red.nanargmin(this, axis, options); }
  /** As `argmax`, passing over NaN; an all-NaN slice raises ValueError when computed. */
  nanargmax(axis?: number | null | red.ArgOptions, options?: red.ArgOptions): NDArray { return red.nanargmax(this, axis, options); }
  /** Running sum along `axis`, or over the flattened array when axis is null or omitted. */
  cumsum(axis?: number | null | red.ScanOptions, options?: red.ScanOptions): NDArray { return red.cumsum(this, axis, options); }
  /** Running product along `axis`, or over the flattened array when axis is null or omitted. */
  cumprod(axis?: number | null | red.ScanOptions, options?: red.ScanOptions): NDArray { return red.cumprod(this, axis, options); }

  // Products, sorting and selection.
  /** Matrix product with this array on the left, as np.matmul (`@`): stacks of matrices broadcast. */
  matmul(b: ArrayInput): NDArray { return matmul(this, b); }
  /** np.dot: matrix product for 2-d arrays, inner product for 1-d ones. */
  dot(b: ArrayInput): NDArray { return dot(this, b); }
  /** A sorted copy along `axis` (default the last; null sorts the flattened array); NaN sorts last, as NumPy. */
  sort(axis?: number | null | AxisOptions, options?: AxisOptions): NDArray { return sort(this, axis, options); }
  /** Indices (int32) that sort along `axis` (default the last); a stable sort. */
  argsort(axis?: number | null | AxisOptions, options?: AxisOptions): NDArray { return argsort(this, axis, options); }
  /** Elements at `indices` along `axis`, or of the flattened array when axis is null or omitted, as np.take. */
  take(indices: ArrayInput, axis?: number | null | AxisOptions, options?: AxisOptions): NDArray { return take(this, indices, axis, options); }
  /**
   * The slices along `axis` (or the flattened elements) where `condition` is true; async,
   * since the result's length depends on the data.
   */
  async compress(condition: ArrayInput, axis?: number | null | AxisOptions, options?: AxisOptions): Promise<NDArray> { return compress(condition, this, axis, options); }
  /**
   * Indices of the non-zero elements, one int32 array per dimension, as np.nonzero; async,
   * since their length depends on the data.
   */
  async nonzero(): Promise<NDArray[]> { return nonzero(this); }
}

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
import { data, dataSync, itemOf, nest, type Nested, type Scalar } from './read.js';
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

  get shape(): number[] {
    return [...this.node('shape').shape];
  }
  get dtype(): DType {
    return this.node('dtype').dtype;
  }
  get ndim(): number {
    return this.node('ndim').shape.length;
  }
  get size(): number {
    return this.node('size').shape.reduce((a, b) => a * b, 1);
  }
  get disposed(): boolean {
    return isDisposed(this);
  }

  // Reading results.
  async data(): Promise<AnyTypedArray> {
    return data(this.node('data'));
  }
  dataSync(): AnyTypedArray {
    return dataSync(this.node('dataSync'));
  }
  async item(): Promise<Scalar> {
    return itemOf(await data(this.node('item')), this.shape, this.dtype);
  }
  async toArray(): Promise<Nested> {
    return nest(await data(this.node('toArray')), this.shape, this.dtype);
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
  unpin(): this {
    unpinNode(this.node('unpin'));
    return this;
  }

  // Dtype and views.
  astype(dtype: DType | { dtype: DType }, options?: { dtype?: DType }): NDArray {
    return ew.astype(this, dtype, options);
  }
  /** `x.reshape(2, 3)`, `x.reshape([2, 3])` or `x.reshape({ shape: [2, 3] })`. */
  reshape(...shape: (number | readonly number[] | ShapeOptions)[]): NDArray {
    const [first] = shape;
    return shape.length === 1 && isOptionsObject(first) ? reshape(this, first) : reshape(this, shape.flat() as number[]);
  }
  transpose(axes?: readonly number[] | AxesOptions, options?: AxesOptions): NDArray {
    return transpose(this, axes, options);
  }
  get T(): NDArray {
    return transpose(this);
  }
  squeeze(axis?: number | readonly number[] | AxisListOptions, options?: AxisListOptions): NDArray {
    return squeeze(this, axis, options);
  }
  flip(axis?: number | readonly number[] | null | AxisListOptions, options?: AxisListOptions): NDArray {
    return flip(this, axis, options);
  }
  broadcastTo(shape: readonly number[] | ShapeOptions, options?: ShapeOptions): NDArray {
    return broadcastTo(this, shape, options);
  }
  flatten(): NDArray {
    return reshape(this, [-1]);
  }
  /** Basic indexing: `x.slice('1:, ::-1')`, `x.slice(0, ':', null)`; see `np.slice`. */
  slice(...specs: SliceSpec[]): NDArray {
    return slice(this, ...specs);
  }

  // Elementwise.
  add(b: ArrayInput): NDArray { return ew.binary('add', this, b); }
  sub(b: ArrayInput): NDArray { return ew.binary('sub', this, b); }
  mul(b: ArrayInput): NDArray { return ew.binary('mul', this, b); }
  div(b: ArrayInput): NDArray { return ew.binary('div', this, b); }
  floorDiv(b: ArrayInput): NDArray { return ew.binary('floorDiv', this, b); }
  mod(b: ArrayInput): NDArray { return ew.binary('mod', this, b); }
  pow(b: ArrayInput): NDArray { return ew.binary('pow', this, b); }
  arctan2(b: ArrayInput): NDArray { return ew.binary('arctan2', this, b); }
  hypot(b: ArrayInput): NDArray { return ew.binary('hypot', this, b); }
  minimum(b: ArrayInput): NDArray { return ew.binary('minimum', this, b); }
  maximum(b: ArrayInput): NDArray { return ew.binary('maximum', this, b); }
  equal(b: ArrayInput): NDArray { return ew.binary('equal', this, b); }
  notEqual(b: ArrayInput): NDArray { return ew.binary('notEqual', this, b); }
  less(b: ArrayInput): NDArray { return ew.binary('less', this, b); }
  lessEqual(b: ArrayInput): NDArray { return ew.binary('lessEqual', this, b); }
  greater(b: ArrayInput): NDArray { return ew.binary('greater', this, b); }
  greaterEqual(b: ArrayInput): NDArray { return ew.binary('greaterEqual', this, b); }
  logicalAnd(b: ArrayInput): NDArray { return ew.logicalAnd(this, b); }
  logicalOr(b: ArrayInput): NDArray { return ew.logicalOr(this, b); }
  logicalXor(b: ArrayInput): NDArray { return ew.logicalXor(this, b); }
  logicalNot(): NDArray { return ew.logicalNot(this); }
  neg(): NDArray { return ew.unary('neg', this); }
  abs(): NDArray { return ew.unary('abs', this); }
  sign(): NDArray { return ew.unary('sign', this); }
  sqrt(): NDArray { return ew.unary('sqrt', this); }
  cbrt(): NDArray { return ew.unary('cbrt', this); }
  square(): NDArray { return ew.square(this); }
  reciprocal(): NDArray { return ew.unary('reciprocal', this); }
  exp(): NDArray { return ew.unary('exp', this); }
  expm1(): NDArray { return ew.unary('expm1', this); }
  exp2(): NDArray { return ew.unary('exp2', this); }
  log(): NDArray { return ew.unary('log', this); }
  log1p(): NDArray { return ew.unary('log1p', this); }
  log2(): NDArray { return ew.unary('log2', this); }
  log10(): NDArray { return ew.unary('log10', this); }
  sin(): NDArray { return ew.unary('sin', this); }
  cos(): NDArray { return ew.unary('cos', this); }
  tan(): NDArray { return ew.unary('tan', this); }
  arcsin(): NDArray { return ew.unary('arcsin', this); }
  arccos(): NDArray { return ew.unary('arccos', this); }
  arctan(): NDArray { return ew.unary('arctan', this); }
  sinh(): NDArray { return ew.unary('sinh', this); }
  cosh(): NDArray { return ew.unary('cosh', this); }
  tanh(): NDArray { return ew.unary('tanh', this); }
  erf(): NDArray { return ew.unary('erf', this); }
  erfc(): NDArray { return ew.unary('erfc', this); }
  floor(): NDArray { return ew.unary('floor', this); }
  ceil(): NDArray { return ew.unary('ceil', this); }
  trunc(): NDArray { return ew.unary('trunc', this); }
  round(decimals?: number | { decimals?: number }, options?: { decimals?: number }): NDArray { return ew.round(this, decimals, options); }
  isnan(): NDArray { return ew.unary('isnan', this); }
  isinf(): NDArray { return ew.unary('isinf', this); }
  isfinite(): NDArray { return ew.unary('isfinite', this); }
  clip(lo: ArrayInput, hi: ArrayInput): NDArray { return ew.clip(this, lo, hi); }

  // Reductions and scans.
  sum(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.sum(this, arg, options); }
  prod(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.prod(this, arg, options); }
  mean(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.mean(this, arg, options); }
  var(arg?: red.VarOptions | red.Axis, options?: red.VarOptions): NDArray { return red.variance(this, arg, options); }
  std(arg?: red.VarOptions | red.Axis, options?: red.VarOptions): NDArray { return red.std(this, arg, options); }
  min(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.min(this, arg, options); }
  max(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.max(this, arg, options); }
  any(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.any(this, arg, options); }
  all(arg?: red.ReduceArg, options?: red.ReduceOptions): NDArray { return red.all(this, arg, options); }
  argmin(axis?: number | null | red.ArgOptions, options?: red.ArgOptions): NDArray { return red.argmin(this, axis, options); }
  argmax(axis?: number | null | red.ArgOptions, options?: red.ArgOptions): NDArray { return red.argmax(this, axis, options); }
  nanargmin(axis?: number | null | red.ArgOptions, options?: red.ArgOptions): NDArray { return red.nanargmin(this, axis, options); }
  nanargmax(axis?: number | null | red.ArgOptions, options?: red.ArgOptions): NDArray { return red.nanargmax(this, axis, options); }
  cumsum(axis?: number | null | red.ScanOptions, options?: red.ScanOptions): NDArray { return red.cumsum(this, axis, options); }
  cumprod(axis?: number | null | red.ScanOptions, options?: red.ScanOptions): NDArray { return red.cumprod(this, axis, options); }

  // Products, sorting and selection.
  matmul(b: ArrayInput): NDArray { return matmul(this, b); }
  dot(b: ArrayInput): NDArray { return dot(this, b); }
  sort(axis?: number | null | AxisOptions, options?: AxisOptions): NDArray { return sort(this, axis, options); }
  argsort(axis?: number | null | AxisOptions, options?: AxisOptions): NDArray { return argsort(this, axis, options); }
  take(indices: ArrayInput, axis?: number | null | AxisOptions, options?: AxisOptions): NDArray { return take(this, indices, axis, options); }
  async compress(condition: ArrayInput, axis?: number | null | AxisOptions, options?: AxisOptions): Promise<NDArray> { return compress(condition, this, axis, options); }
  async nonzero(): Promise<NDArray[]> { return nonzero(this); }
}

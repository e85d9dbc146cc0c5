import { allocate, dtypeOfTypedArray, type AnyTypedArray, type DType } from '../graph/dtype.js';
import { ArgumentError, ValueError, fmtShape } from '../graph/errors.js';
import type { Node } from '../graph/node.js';
import { sizeOf } from '../graph/shape.js';
import { realizeRead, realizeSync } from '../runtime/evaluate.js';
import { readContiguous } from '../runtime/read.js';
import { checkOptions, describe } from './arguments.js';

export type Scalar = number | boolean;
export type Nested = Scalar | Nested[];

/** The options of `x.data()` and `x.dataSync()`. */
export interface DataOptions {
  /**
   * A TypedArray to read the values into, instead of a fresh one: the array's storage
   * type (Float64Array for float64, Uint8Array for bool, ...) and exactly its number of
   * elements. It is filled and returned, so a loop reading a result on every call
   * allocates nothing for it.
   */
  into?: AnyTypedArray;
}

/** The `into` of data() or dataSync(), checked at the call, before anything is computed. */
function intoOf(op: string, node: Node, options: unknown): AnyTypedArray | undefined {
  const { into } = checkOptions(op, options, ['into']);
  if (into === undefined) return undefined;
  const size = sizeOf(node.shape);
  if (ArrayBuffer.isView(into) && dtypeOfTypedArray(into) === node.dtype && (into as AnyTypedArray).length === size) return into as AnyTypedArray;
  const got = ArrayBuffer.isView(into) && 'length' in into ? `a ${into.constructor.name} of ${String(into.length)} elements` : describe(into);
  throw new ArgumentError(
    `${op}: into must be a ${allocate(node.dtype, 0).constructor.name} of ${size} elements (the ${node.dtype} array's storage and size), got ${got}`,
  );
}

export async function data(op: string, node: Node, options?: DataOptions): Promise<AnyTypedArray> {
  const into = intoOf(op, node, options);
  return realizeRead(op, [node], ([r]) => readContiguous(r!, into));
}

export function dataSync(node: Node, options?: DataOptions): AnyTypedArray {
  const into = intoOf('dataSync', node, options);
  const [r] = realizeSync('dataSync', [node]);
  return readContiguous(r!, into);
}

/** Several results from one schedule: the optimizer sees all of them at once. */
export async function computeAll(nodes: readonly Node[]): Promise<AnyTypedArray[]> {
  return realizeRead('compute', nodes, (values) => values.map((r) => readContiguous(r)));
}

const toScalar = (v: number, dtype: DType): Scalar => (dtype === 'bool' ? v !== 0 : v);

export function itemOf(values: AnyTypedArray, shape: readonly number[], dtype: DType): Scalar {
  if (values.length !== 1) throw new ValueError(`item: can only convert an array of size 1 to a JS scalar, got shape ${fmtShape(shape)}`);
  return toScalar(values[0]!, dtype);
}

/** Nested JS arrays in C order (a 0-d array gives its scalar). */
export function nest(values: AnyTypedArray, shape: readonly number[], dtype: DType): Nested {
  let pos = 0;
  const build = (depth: number): Nested => {
    if (depth === shape.length) return toScalar(values[pos++]!, dtype);
    return Array.from({ length: shape[depth]! }, () => build(depth + 1));
  };
  return build(0);
}

import type { AnyTypedArray, DType } from '../graph/dtype.js';
import { ValueError, fmtShape } from '../graph/errors.js';
import type { Node } from '../graph/node.js';
import { realizeRead, realizeSync } from '../runtime/evaluate.js';
import { readContiguous } from '../runtime/read.js';

export type Scalar = number | boolean;
export type Nested = Scalar | Nested[];

export async function data(node: Node): Promise<AnyTypedArray> {
  return realizeRead('data', [node], ([r]) => readContiguous(r!));
}

export function dataSync(node: Node): AnyTypedArray {
  const [r] = realizeSync('dataSync', [node]);
  return readContiguous(r!);
}

/** Several results from one schedule: the optimizer sees all of them at once. */
export async function computeAll(nodes: readonly Node[]): Promise<AnyTypedArray[]> {
  return realizeRead('compute', nodes, (values) => values.map(readContiguous));
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

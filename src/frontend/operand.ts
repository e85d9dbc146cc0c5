import { defaultDTypeOfWeak, promote, promoteWeak, ROUND_TO, type DType } from '../graph/dtype.js';
import { Node } from '../graph/node.js';
import { NDArray } from './ndarray.js';
import { arrayFor } from './creation.js';
import { nodeOf } from './handle.js';

/** Nested JS arrays of numbers or booleans, as `[[1, 2], [3, 4]]`. */
export type NestedArray = readonly (number | boolean | NestedArray)[];
/** Anything an op accepts as an array: an NDArray, a JS number or boolean, nested arrays or a TypedArray. */
export type ArrayInput = NDArray | number | boolean | NestedArray | ArrayBufferView;

const isScalar = (x: ArrayInput): x is number | boolean => typeof x === 'number' || typeof x === 'boolean';

/** The node of an array input; JS data becomes a new source node (numbers as float64). */
export function toNode(op: string, x: ArrayInput): Node {
  if (x instanceof NDArray) return nodeOf(op, x);
  return nodeOf(op, arrayFor(op, x));
}

export const wrap = (node: Node): NDArray => new NDArray(node);

export function castNode(node: Node, dtype: DType): Node {
  return node.dtype === dtype ? node : new Node('cast', [node], node.shape, dtype, { dtype });
}

/** A constant node; its value is stored as the dtype holds it (a weak 0.1 on float32 is fround(0.1)). */
export function fillNode(value: number | boolean, dtype: DType, shape: readonly number[] = []): Node {
  return new Node('fill', [], shape, dtype, { value: ROUND_TO[dtype](Number(value)) });
}

/**
 * Operands of one elementwise op, with their common dtype under NumPy 2's rules: the
 * arrays promote among themselves and JS scalars are weak (they take the arrays'
 * dtype when their kind fits). An integer scalar the array's dtype cannot hold raises,
 * except where NumPy 2 accepts it (`lenient`): comparisons, and ops that compute
 * integers in float64 anyway (div, arctan2, ...); there the operands go to float64.
 */
export function operands(op: string, inputs: readonly ArrayInput[], lenient = false): { dtype: DType; nodes: Node[] } {
  const strong = inputs.filter((x) => !isScalar(x)).map((x) => toNode(op, x));
  let dtype: DType | undefined = strong.map((n) => n.dtype).reduce<DType | undefined>((a, d) => (a ? promote(a, d) : d), undefined);
  const scalars = inputs.filter(isScalar);
  if (dtype === undefined) {
    dtype = scalars.map((s) => weakAlone(s)).reduce((a, d) => promote(a, d));
  }
  for (const s of scalars) dtype = weakJoin(op, dtype, s, lenient);
  let k = 0;
  const nodes = inputs.map((x) => (isScalar(x) ? fillNode(x, dtype!) : strong[k++]!));
  return { dtype, nodes };
}

function weakAlone(s: number | boolean): DType {
  const d = defaultDTypeOfWeak(typeof s === 'boolean' ? 'bool' : Number.isInteger(s) ? 'int' : 'float');
  return d === 'int32' && ((s as number) < -(2 ** 31) || (s as number) >= 2 ** 31) ? 'float64' : d;
}

function weakJoin(op: string, dtype: DType, s: number | boolean, lenient: boolean): DType {
  try {
    return promoteWeak(op, dtype, s);
  } catch (e) {
    if (lenient) return 'float64';
    throw e;
  }
}

import { signature } from '../graph/dtype-rules.js';
import { requireDType, type DType } from '../graph/dtype.js';
import { callOptions, intArg } from './arguments.js';
import { Node, type NodeAttrs } from '../graph/node.js';
import { ELEMENTWISE, type ElementwiseOp } from '../graph/ops.js';
import { broadcastShapes } from '../graph/shape.js';
import type { NDArray } from './ndarray.js';
import { castNode, operands, wrap, type ArrayInput } from './operand.js';

export type UnaryOp = {
  [K in ElementwiseOp]: (typeof ELEMENTWISE)[K]['arity'] extends 1 ? K : never;
}[ElementwiseOp];
export type BinaryOp = {
  [K in ElementwiseOp]: (typeof ELEMENTWISE)[K]['arity'] extends 2 ? K : never;
}[ElementwiseOp];

/**
 * Records one elementwise op: operands promote (JS scalars weakly), are cast to the
 * op's input dtype and broadcast; the node's dtype follows the op table's rule.
 */
function record(op: ElementwiseOp, inputs: readonly ArrayInput[], attrs: NodeAttrs = {}): NDArray {
  const row = ELEMENTWISE[op];
  const lenient = row.dtype === 'compare' || row.dtype === 'float' || row.dtype === 'trueDiv';
  const { dtype, nodes } = operands(op, inputs, lenient);
  const sig = signature(op, row.dtype, dtype);
  const shape = broadcastShapes(op, ...nodes.map((n) => n.shape));
  return wrap(new Node(op, nodes.map((n) => castNode(n, sig.input)), shape, sig.output, attrs));
}

export const unary = (op: UnaryOp, x: ArrayInput, attrs: NodeAttrs = {}): NDArray => record(op, [x], attrs);
export const binary = (op: BinaryOp, a: ArrayInput, b: ArrayInput): NDArray => record(op, [a, b]);

/** np.where(cond, a, b): cond is read as bool; a and b promote together. */
export function where(cond: ArrayInput, a: ArrayInput, b: ArrayInput): NDArray {
  const c = castNode(operands('where', [cond]).nodes[0]!, 'bool');
  const { dtype, nodes } = operands('where', [a, b]);
  const shape = broadcastShapes('where', c.shape, nodes[0]!.shape, nodes[1]!.shape);
  return wrap(new Node('where', [c, ...nodes], shape, dtype));
}

/** x cast to dtype with NumPy's unsafe casting (truncation toward zero, integer wrap-around). */
export function astype(x: ArrayInput, dtype: DType | { dtype: DType }, options?: { dtype?: DType }): NDArray {
  const { nodes } = operands('astype', [x]);
  return wrap(castNode(nodes[0]!, requireDType('astype', callOptions('astype', [dtype, options], ['dtype']).dtype)));
}

/** x * x; bool squares in int32 as NumPy's (int8) loop does, not as logical and. */
export const square = (x: ArrayInput): NDArray => {
  const n = operands('square', [x]).nodes[0]!;
  const operand = wrap(n.dtype === 'bool' ? castNode(n, 'int32') : n);
  return binary('mul', operand, operand);
};
/**
 * minimum(maximum(x, lo), hi), with x, lo and hi promoted together first as NumPy does
 * (clipping a bool array by 0.25 and a float32 array is float32, not float64). A JS
 * integer bound beyond an integer array's range clips at the range's edge, which is what
 * NumPy 2 computes (instead of raising).
 */
export function clip(x: ArrayInput, lo: ArrayInput, hi: ArrayInput): NDArray {
  const node = operands('clip', [x]).nodes[0]!;
  const range = node.dtype === 'int32' ? [-(2 ** 31), 2 ** 31 - 1] : node.dtype === 'uint32' ? [0, 2 ** 32 - 1] : undefined;
  const fit = (b: ArrayInput): ArrayInput => (range && typeof b === 'number' && Number.isInteger(b) ? Math.min(Math.max(b, range[0]!), range[1]!) : b);
  const [low, high] = [fit(lo), fit(hi)];
  const { dtype, nodes } = operands('clip', [wrap(node), low, high]);
  broadcastShapes('clip', ...nodes.map((n) => n.shape));
  return binary('minimum', binary('maximum', wrap(castNode(node, dtype)), low), high);
}
/** np.round: half to even at `decimals` places (negative rounds to tens, hundreds, ...). */
export function round(x: ArrayInput, decimals?: number | { decimals?: number }, options?: { decimals?: number }): NDArray {
  const places = intArg('round', 'decimals', callOptions('round', [decimals, options], ['decimals']).decimals) ?? 0;
  return unary('round', x, { decimals: places });
}

const asBool = (op: string, x: ArrayInput): NDArray => wrap(castNode(operands(op, [x]).nodes[0]!, 'bool'));

/** A logical op as arithmetic on bools; the operands are checked under the logical op's name. */
function logical(op: string, combine: BinaryOp, a: ArrayInput, b: ArrayInput): NDArray {
  const [x, y] = [asBool(op, a), asBool(op, b)];
  broadcastShapes(op, x.shape, y.shape);
  return binary(combine, x, y);
}
/** np.logical_not: true where x is falsy (0 or false), as bool. */
export const logicalNot = (x: ArrayInput): NDArray => binary('equal', asBool('logicalNot', x), false);
/** np.logical_and: both truthy, elementwise with broadcasting, as bool. */
export const logicalAnd = (a: ArrayInput, b: ArrayInput): NDArray => logical('logicalAnd', 'mul', a, b);
/** np.logical_or: either truthy, elementwise with broadcasting, as bool. */
export const logicalOr = (a: ArrayInput, b: ArrayInput): NDArray => logical('logicalOr', 'add', a, b);
/** np.logical_xor: exactly one truthy, elementwise with broadcasting, as bool. */
export const logicalXor = (a: ArrayInput, b: ArrayInput): NDArray => logical('logicalXor', 'notEqual', a, b);

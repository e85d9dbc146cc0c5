import { ROUND_TO } from '../graph/dtype.js';
import { Node } from '../graph/node.js';
import { OPS, isElementwise } from '../graph/ops.js';
import { sizeOf } from '../graph/shape.js';
import { SCALAR } from '../kernel/scalar.js';

export const constOf = (n: Node): number | undefined => (n.op === 'fill' ? n.attrs.value : undefined);
export const fill = (value: number, like: Node): Node => new Node('fill', [], like.shape, like.dtype, { value: ROUND_TO[like.dtype](value) });

/**
 * Constant folding: an elementwise op of constants becomes a constant, computed with
 * the op's own scalar code (so bit-exact with running it), and a view of a constant
 * is a constant of the view's shape. Returns undefined when the node is not constant.
 */
export function foldConstant(n: Node): Node | undefined {
  if (OPS[n.op].kind === 'movement' && n.inputs[0]!.op === 'fill') return fill(constOf(n.inputs[0]!)!, n);
  if (!isElementwise(n.op) || sizeOf(n.shape) === 0) return undefined;
  const args = n.inputs.map(constOf);
  if (args.some((c) => c === undefined)) return undefined;
  const inputDType = n.inputs[n.op === 'where' ? 1 : 0]!.dtype;
  return fill(SCALAR[n.op](inputDType, n.attrs)(args[0]!, args[1] ?? 0, args[2] ?? 0), n);
}

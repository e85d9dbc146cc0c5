import { isFloat, type DType } from '../graph/dtype.js';
import { Node } from '../graph/node.js';
import { ELEMENTWISE, isElementwise, type ElementwiseRow } from '../graph/ops.js';
import { sameShape } from '../graph/shape.js';
import { constOf, fill } from './fold.js';

/** c is an identity of the op at this dtype: exactly (Object.is, so -0 for add) for floats, numerically for integers. */
function isIdentity(c: number | undefined, id: number | undefined, dtype: DType): boolean {
  return c !== undefined && id !== undefined && (isFloat(dtype) ? Object.is(c, id) : c === id);
}

/** Casting values of dtype `from` to `via` loses nothing (so cast(cast(x, via), b) is cast(x, b)). */
const lossless = (from: DType, via: DType): boolean => from === via || from === 'bool' || via === 'float64';

/**
 * Algebraic rules that are exact in IEEE arithmetic and integer wrap-around, read from
 * the op table's properties except pow's strength reduction:
 * - x op identity -> x (add's identity is -0: x + 0 is not x when x is -0), x op rightIdentity -> x;
 * - op(op(x)) -> x for involutions (neg);
 * - cast(cast(x, a), b) -> cast(x, b) when the first cast is lossless;
 * - x ** 0 -> 1, x ** 2 -> x * x (one rounding either way), and for integers x ** 3, x ** 4.
 * A rule replaces a node only with one of the same shape and dtype; undefined when none applies.
 */
export function simplifyAlgebra(n: Node): Node | undefined {
  if (!isElementwise(n.op)) return undefined;
  const row: ElementwiseRow = ELEMENTWISE[n.op];
  const args = n.inputs.map(constOf);
  const [x, y] = n.inputs as [Node, Node | undefined];
  const same = (m: Node | undefined): m is Node => m !== undefined && sameShape(m.shape, n.shape) && m.dtype === n.dtype;
  if (y && same(x) && (isIdentity(args[1], row.identity, n.dtype) || isIdentity(args[1], row.rightIdentity, n.dtype))) return x;
  if (y && same(y) && isIdentity(args[0], row.identity, n.dtype)) return y;
  if (row.involution && x.op === n.op && same(x.inputs[0])) return x.inputs[0]!;
  if (n.op === 'cast' && x.op === 'cast' && lossless(x.inputs[0]!.dtype, x.dtype)) return castOf(x.inputs[0]!, n);
  if (n.op === 'pow' && y && args[1] !== undefined && same(x)) return powerOf(x, args[1], n);
  return undefined;
}

function castOf(x: Node, like: Node): Node {
  return x.dtype === like.dtype ? x : new Node('cast', [x], like.shape, like.dtype, { dtype: like.dtype });
}

function powerOf(x: Node, e: number, like: Node): Node | undefined {
  const mul = (a: Node, b: Node) => new Node('mul', [a, b], like.shape, like.dtype);
  if (e === 0) return fill(1, like);
  if (e === 2) return mul(x, x);
  if (!isFloat(like.dtype) && e === 3) return mul(mul(x, x), x);
  if (!isFloat(like.dtype) && e === 4) return mul(mul(x, x), mul(x, x));
  return undefined;
}

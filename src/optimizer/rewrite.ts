import { isFloat, ROUND_TO, type DType } from '../graph/dtype.js';
import { Node, topoSort } from '../graph/node.js';
import { ELEMENTWISE, OPS, isElementwise, type ElementwiseOp, type ElementwiseRow } from '../graph/ops.js';
import { sameShape, sizeOf } from '../graph/shape.js';
import { SCALAR } from '../kernel/scalar.js';

const constOf = (n: Node): number | undefined => (n.op === 'fill' ? n.attrs.value : undefined);
const fill = (value: number, like: Node): Node => new Node('fill', [], like.shape, like.dtype, { value: ROUND_TO[like.dtype](value) });

/** c is an identity of `row` at this dtype: exactly (Object.is, so -0 for add) for floats, numerically for integers. */
function isIdentity(c: number | undefined, id: number | undefined, dtype: DType): boolean {
  return c !== undefined && id !== undefined && (isFloat(dtype) ? Object.is(c, id) : c === id);
}

/** Casting from `a` to `b` loses nothing for values of dtype `from` (so cast(cast(x, a), b) is cast(x, b)). */
function lossless(from: DType, via: DType): boolean {
  return from === via || from === 'bool' || via === 'float64';
}

/**
 * One node, simplified when a rule applies. Every rule is exact in IEEE arithmetic
 * and integer wrap-around; each is read from the op table's properties except pow's
 * strength reduction:
 * - constant folding of elementwise ops and views of constants (the op's own scalar code, so results are bit-exact);
 * - x op identity -> x (add's identity is -0: x + 0 is not x when x is -0), x op rightIdentity -> x;
 * - op(op(x)) -> x for involutions (neg);
 * - cast(cast(x, a), b) -> cast(x, b) when the first cast is lossless;
 * - x ** 0 -> 1, x ** 2 -> x * x (exact: one rounding either way), and for integers x ** 3, x ** 4.
 * A rule replaces a node only with one of the same shape and dtype.
 */
function simplify(n: Node): Node {
  if (OPS[n.op].kind === 'movement' && n.inputs[0]!.op === 'fill') return fill(constOf(n.inputs[0]!)!, n);
  if (!isElementwise(n.op)) return n;
  const op: ElementwiseOp = n.op;
  const row: ElementwiseRow = ELEMENTWISE[op];
  const args = n.inputs.map(constOf);
  if (args.every((c) => c !== undefined) && sizeOf(n.shape) > 0) {
    return fill(SCALAR[op](n.inputs[op === 'where' ? 1 : 0]!.dtype, n.attrs)(args[0]!, args[1] ?? 0, args[2] ?? 0), n);
  }
  const [x, y] = n.inputs as [Node, Node | undefined];
  const same = (m: Node | undefined): m is Node => m !== undefined && sameShape(m.shape, n.shape) && m.dtype === n.dtype;
  if (y && same(x) && (isIdentity(args[1], row.identity, n.dtype) || isIdentity(args[1], row.rightIdentity, n.dtype))) return x;
  if (y && same(y) && isIdentity(args[0], row.identity, n.dtype)) return y;
  if (row.involution && x.op === op && same(x.inputs[0])) return x.inputs[0]!;
  if (op === 'cast' && x.op === 'cast' && lossless(x.inputs[0]!.dtype, x.dtype)) return castOf(x.inputs[0]!, n);
  if (op === 'pow' && y && args[1] !== undefined && same(x)) return powerOf(x, args[1], n);
  return n;
}

function castOf(x: Node, like: Node): Node {
  return x.dtype === like.dtype ? x : new Node('cast', [x], like.shape, like.dtype, { dtype: like.dtype });
}

function powerOf(x: Node, e: number, like: Node): Node {
  const mul = (a: Node, b: Node) => new Node('mul', [a, b], like.shape, like.dtype);
  if (e === 0) return fill(1, like);
  if (e === 2) return mul(x, x);
  if (!isFloat(like.dtype) && e === 3) return mul(mul(x, x), x);
  if (!isFloat(like.dtype) && e === 4) return mul(mul(x, x), mul(x, x));
  return like;
}

/**
 * Applies `simplify` bottom-up over the graph under `roots` (after cse, so equal
 * subexpressions are already one node) and returns the rewritten roots.
 */
export function rewrite(roots: readonly Node[]): Node[] {
  const map = new Map<Node, Node>();
  for (const n of topoSort(roots)) {
    const inputs = n.inputs.map((i) => map.get(i)!);
    const changed = inputs.some((i, k) => i !== n.inputs[k]);
    const rebuilt = changed ? new Node(n.op, inputs, n.shape, n.dtype, n.attrs) : n;
    map.set(n, n.realized ? n : simplify(rebuilt));
  }
  return roots.map((r) => map.get(r)!);
}

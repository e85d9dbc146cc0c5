import { Node, topoSort } from '../graph/node.js';
import { isLeaf } from './materialize.js';
import { simplifyAlgebra } from './algebraic.js';
import { foldConstant } from './fold.js';

/**
 * Applies constant folding (fold.ts) and the exact algebraic rules (algebraic.ts)
 * bottom-up over the graph under `roots` (after cse, so equal subexpressions are
 * already one node), and returns the rewritten roots.
 */
export function rewrite(roots: readonly Node[]): Node[] {
  const map = new Map<Node, Node>();
  for (const n of topoSort(roots, isLeaf)) {
    const inputs = n.inputs.map((i) => map.get(i)!);
    const rebuilt = inputs.some((i, k) => i !== n.inputs[k]) ? new Node(n.op, inputs, n.shape, n.dtype, n.attrs) : n;
    map.set(n, isLeaf(n) ? n : (foldConstant(rebuilt) ?? simplifyAlgebra(rebuilt) ?? rebuilt));
  }
  return roots.map((r) => map.get(r)!);
}

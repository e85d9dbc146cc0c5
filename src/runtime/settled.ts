import { isFrozen } from '../graph/immutable.js';
import type { Node } from '../graph/node.js';
import { realizedOf } from './node-state.js';

/**
 * Whether a node's value can never change: every value it is computed from is frozen
 * (np.array copies, kernel results). A node over an np.asarray source is not settled,
 * since the user may still write to the source; a fact learnt about its value (a
 * column's bounds) holds only for the next evaluation.
 */
export function isSettled(node: Node): boolean {
  const seen = new Set<Node>();
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const value = realizedOf(n);
    if (value) {
      if (!isFrozen(value.data)) return false;
      continue;
    }
    if (n.inputs.length === 0 && n.op === 'buffer') return false;
    stack.push(...n.inputs);
  }
  return true;
}

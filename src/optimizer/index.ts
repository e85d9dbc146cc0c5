import type { Node, Realized } from '../graph/node.js';
import type { Plan } from '../kernel/plan.js';
import { cse } from './cse.js';
import { groupKernels } from './groups.js';
import { decideStored } from './materialize.js';
import { NeedsCopy } from './moves.js';
import { buildPlan } from './plan.js';
import { rewrite } from './rewrite.js';

/**
 * The optimizer, as the passes run: copy the graph with common subexpressions shared
 * and the values the runtime holds (`realizedOf`) as data leaves (cse), fold constants
 * and apply exact algebraic rules (rewrite), decide which values are stored
 * (materialize), group stored values into kernels (groups), and lower each group to a
 * kernel program (plan). Unreachable nodes never enter the copy, so dead code is
 * dropped by construction. A reshape that strides cannot express makes its input
 * stored, and the plan is made again.
 */
export function optimize(requested: readonly Node[], realizedOf: (node: Node) => Realized | undefined): Plan {
  const { roots: shared } = cse(requested, realizedOf);
  const roots = rewrite(shared);
  const forced = new Set<Node>();
  for (;;) {
    try {
      const stored = decideStored(roots, forced);
      const { groups, reads } = groupKernels(roots, stored);
      return buildPlan(roots, stored, groups, readersOf(reads));
    } catch (e) {
      if (!(e instanceof NeedsCopy) || forced.has(e.input)) throw e;
      forced.add(e.input);
    }
  }
}

/** For each stored node, the stored nodes whose kernels read it. */
function readersOf(reads: ReadonlyMap<Node, { all: ReadonlySet<Node> }>): Map<Node, Set<Node>> {
  const readers = new Map<Node, Set<Node>>();
  for (const [a, r] of reads) for (const d of r.all) (readers.get(d) ?? readers.set(d, new Set()).get(d)!).add(a);
  return readers;
}

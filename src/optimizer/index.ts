import type { Node, Realized } from '../graph/node.js';
import type { Plan } from '../kernel/plan.js';
import { cse } from './cse.js';
import { groupKernels, type Group } from './groups.js';
import { decideStored } from './materialize.js';
import { NeedsCopy } from './moves.js';
import { buildPlan } from './plan.js';
import { rewrite } from './rewrite.js';

/**
 * The optimizer, as the passes run: copy the graph with common subexpressions shared
 * and the values the runtime holds (`realizedOf`) as data leaves (cse), fold constants
 * and apply exact algebraic rules (rewrite), decide which values are stored
 * (materialize), group stored values into kernels (groups), and lower each group to a
 * kernel program (plan). A costly value several kernels would read is left unstored when
 * its readers can be one kernel; if grouping puts them in more than one, it is stored
 * and the plan made again. Unreachable nodes never enter the copy, so dead code is
 * dropped by construction. A reshape that strides cannot express makes its input
 * stored, and the plan is made again.
 */
export function optimize(requested: readonly Node[], realizedOf: (node: Node) => Realized | undefined): Plan {
  const { roots: shared } = cse(requested, realizedOf);
  const roots = rewrite(shared);
  const forced = new Set<Node>();
  for (;;) {
    try {
      const { stored, shared } = decideStored(roots, forced);
      const { groups, reads } = groupKernels(roots, stored, shared);
      const split = splitShared(shared, groups);
      if (split.length > 0) {
        split.forEach((n) => forced.add(n));
        continue;
      }
      return buildPlan(roots, stored, groups, readersOf(reads));
    } catch (e) {
      if (!(e instanceof NeedsCopy) || forced.has(e.input)) throw e;
      forced.add(e.input);
    }
  }
}

/** The shared nodes whose readers grouping put in more than one kernel. */
function splitShared(shared: ReadonlyMap<Node, ReadonlySet<Node>>, groups: readonly Group[]): Node[] {
  const groupOf = new Map<Node, Group>();
  for (const g of groups) for (const n of [...g.members, ...g.epilogues]) groupOf.set(n, g);
  return [...shared].filter(([, readers]) => new Set([...readers].map((r) => groupOf.get(r))).size > 1).map(([n]) => n);
}

/** For each stored node, the stored nodes whose kernels read it. */
function readersOf(reads: ReadonlyMap<Node, { all: ReadonlySet<Node> }>): Map<Node, Set<Node>> {
  const readers = new Map<Node, Set<Node>>();
  for (const [a, r] of reads) for (const d of r.all) (readers.get(d) ?? readers.set(d, new Set()).get(d)!).add(a);
  return readers;
}

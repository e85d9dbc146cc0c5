import { Node, topoSort } from '../graph/node.js';
import { OPS } from '../graph/ops.js';
import { sameShape } from '../graph/shape.js';
import { isLeaf } from './materialize.js';

/** A set of stored nodes computed by one kernel. */
export interface Group {
  readonly kind: 'map' | 'reduce' | 'scan' | 'contraction' | 'opaque';
  /** The stored nodes the kernel computes (for reduce: the reductions; for map: the outputs). */
  readonly members: Node[];
  /** Elementwise nodes computed from the members in the kernel's epilogue (reduce, contraction). */
  readonly epilogues: Node[];
  readonly level: number;
}

interface Reads {
  /** Stored nodes and leaves the node's kernel reads. */
  readonly all: Set<Node>;
  /** Stored nodes read through a movement or broadcast (so not at the epilogue's index). */
  readonly moved: Set<Node>;
}

const kindOf = (n: Node) => OPS[n.op].kind;

/** What the kernel computing stored node `a` would read, walking its fused expression. */
function readsOf(a: Node, stored: ReadonlySet<Node>): Reads {
  const all = new Set<Node>();
  const moved = new Set<Node>();
  const walk = (n: Node, isMoved: boolean): void => {
    if (n !== a && (stored.has(n) || isLeaf(n))) {
      all.add(n);
      if (isMoved) moved.add(n);
      return;
    }
    if (n.op === 'fill' || (n !== a && isLeaf(n))) return;
    if (n !== a && kindOf(n) === 'movement') return walk(n.inputs[0]!, true);
    if (n === a && kindOf(n) === 'data-dependent') return n.inputs.forEach((i) => walk(i, true));
    for (const i of n.inputs) walk(i, isMoved || !sameShape(i.shape, n.shape) || kindOf(n) !== 'elementwise');
  };
  walk(a, false);
  return { all, moved };
}

const groupKind = (n: Node): Group['kind'] => {
  const k = kindOf(n);
  if (k === 'reduce' || k === 'scan' || k === 'contraction') return k;
  return k === 'data-dependent' ? 'opaque' : 'map';
};

/**
 * Groups stored nodes into kernels, in an order that respects dependencies:
 * - reductions over the same input shape and axes that share an input share a pass;
 * - an elementwise node reading only one kernel's reductions (or matmul), at their
 *   own index, joins that kernel's epilogue;
 * - elementwise outputs of one shape that share an input, or a costly value left
 *   unstored for them (`shared`, materialize.ts), share a pass, and so does an output
 *   computed only from such a pass's outputs at their own index.
 * Only nodes of equal depth (longest chain of stored nodes below them) merge, so
 * merging never creates a cycle between kernels.
 */
export function groupKernels(
  roots: readonly Node[],
  stored: ReadonlySet<Node>,
  shared: ReadonlyMap<Node, ReadonlySet<Node>> = new Map(),
): { groups: Group[]; reads: Map<Node, Reads> } {
  const anchors = topoSort(roots, isLeaf).filter((n) => stored.has(n));
  const reads = new Map(anchors.map((a) => [a, readsOf(a, stored)] as const));
  const level = new Map<Node, number>();
  for (const a of anchors) level.set(a, 1 + Math.max(0, ...[...reads.get(a)!.all].map((d) => level.get(d) ?? 0)));
  const closure = new Map<Node, Set<Node>>();
  for (const a of anchors) {
    const c = new Set<Node>();
    for (const d of reads.get(a)!.all) if (stored.has(d)) [d, ...(closure.get(d) ?? [])].forEach((x) => c.add(x));
    closure.set(a, c);
  }
  const independent = (x: Node, ys: readonly Node[]) => ys.every((y) => !closure.get(x)!.has(y) && !closure.get(y)!.has(x));
  const sharedBy = new Map<Node, Set<Node>>();
  for (const [n, readers] of shared) for (const r of readers) (sharedBy.get(r) ?? sharedBy.set(r, new Set()).get(r)!).add(n);
  const computesWith = (x: Node, y: Node) => [...(sharedBy.get(x) ?? [])].some((n) => sharedBy.get(y)?.has(n));
  const shares = (x: Node, ys: readonly Node[]) =>
    ys.some((y) => [...reads.get(x)!.all].some((r) => reads.get(y)!.all.has(r)) || computesWith(x, y));
  // A map output computed from another output of a map kernel, at its own index, and from
  // nothing else stored, joins that kernel: it reads the value where it is computed (as
  // Black-Scholes' theta reads its delta). The kernel's level stays: everything `a`
  // depends on is in it.
  const readsOnlyFrom = (a: Node, g: Group) => {
    const below = closure.get(a)!;
    return below.size > 0 && [...below].every((d) => g.members.includes(d) && !reads.get(a)!.moved.has(d));
  };
  const groups: Group[] = [];
  const groupOf = new Map<Node, Group>();
  for (const a of anchors) {
    const kind = groupKind(a);
    const lv = level.get(a)!;
    const host = kind === 'map' ? epilogueHost(a) : undefined;
    if (host) {
      host.epilogues.push(a);
      groupOf.set(a, host);
      continue;
    }
    const mergeable = (g: Group) =>
      g.kind === kind && sameKey(g.members[0]!, a) &&
      ((g.level === lv && independent(a, g.members) && shares(a, g.members)) || (kind === 'map' && readsOnlyFrom(a, g)));
    const target = kind === 'map' || kind === 'reduce' ? groups.find(mergeable) : undefined;
    if (target) target.members.push(a);
    else groups.push({ kind, members: [a], epilogues: [], level: lv });
    groupOf.set(a, target ?? groups.at(-1)!);
  }

  function epilogueHost(e: Node): Group | undefined {
    const r = reads.get(e)!;
    const storedReads = [...r.all].filter((d) => stored.has(d));
    if (storedReads.length === 0 || storedReads.some((d) => r.moved.has(d) || !sameShape(d.shape, e.shape))) return undefined;
    const hosts = new Set(storedReads.map((d) => groupOf.get(d)));
    const host = hosts.size === 1 ? [...hosts][0] : undefined;
    if (!host || (host.kind !== 'reduce' && host.kind !== 'contraction')) return undefined;
    return storedReads.every((d) => host.members.includes(d)) ? host : undefined;
  }

  groups.sort((x, y) => x.level - y.level);
  return { groups, reads };
}

/** Nodes that may share a kernel: the same iteration space (and for reductions, the same axes). */
function sameKey(x: Node, y: Node): boolean {
  if (kindOf(x) === 'reduce') {
    return sameShape(x.inputs[0]!.shape, y.inputs[0]!.shape) && sameShape(x.attrs.axes!, y.attrs.axes!);
  }
  return sameShape(x.shape, y.shape);
}

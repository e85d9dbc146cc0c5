import { DataNode, Node, topoSort } from '../graph/node.js';
import { ELEMENTWISE, OPS, isElementwise } from '../graph/ops.js';
import { sameShape } from '../graph/shape.js';

/** Data the runtime holds: the leaves of the optimizer's copy of the graph (cse.ts). */
export const isLeaf = (n: Node): n is DataNode => n instanceof DataNode;
const kindOf = (n: Node) => OPS[n.op].kind;

/**
 * The most ops an elementwise expression may have and still be recomputed by each
 * kernel that uses it rather than stored once. Storing costs a write and a re-read of
 * every element (8-16 bytes per element at float64); three arithmetic ops cost less
 * than that on every backend we target. Transcendental ops are never recomputed.
 */
export const RECOMPUTE_MAX_OPS = 3;

/** Whether the expression under `node` (down to stored values) is cheap enough to recompute. */
export function isCheap(node: Node, stored: ReadonlySet<Node>): boolean {
  let ops = 0;
  const seen = new Set<Node>();
  const walk = (n: Node): boolean => {
    // A Philox draw is ten rounds of 32-bit multiplies: as costly as a transcendental op.
    if (n.op === 'random') return false;
    if (seen.has(n) || isLeaf(n) || OPS[n.op].kind === 'source' || (n !== node && stored.has(n))) return true;
    seen.add(n);
    if (isElementwise(n.op)) {
      const row = ELEMENTWISE[n.op] as { transcendental?: boolean };
      if (row.transcendental || ++ops > RECOMPUTE_MAX_OPS) return false;
    } else if (kindOf(n) !== 'movement') return false;
    return n.inputs.every(walk);
  };
  return walk(node);
}

/** The node under a chain of movement ops. */
export function belowViews(node: Node): Node {
  let n = node;
  while (kindOf(n) === 'movement' && !isLeaf(n)) n = n.inputs[0]!;
  return n;
}

/** What decideStored chose: the stored nodes, and the costly nodes left unstored because their kernels should merge. */
export interface Storage {
  readonly stored: Set<Node>;
  /**
   * Costly elementwise nodes that several stored nodes read, each at its own index, left
   * unstored in the expectation that their readers share one kernel (which then computes
   * the node once), with those readers. The optimizer checks the grouping and stores any
   * whose readers did not merge.
   */
  readonly shared: Map<Node, ReadonlySet<Node>>;
}

/** Kinds whose every node is written to a buffer: no kernel recomputes them inside another. */
const STORED_KINDS: ReadonlySet<string> = new Set(['reduce', 'scan', 'contraction', 'data-dependent']);

/**
 * Decides which nodes are written to buffers; everything else is fused into the
 * kernels that read it. Stored: the requested nodes (unless they are views of
 * existing data or of a stored value), every reduction, scan, matmul and data-dependent
 * op, matmul inputs whose prologue is not cheap, and an elementwise node that several
 * kernels read unless it is cheap (RECOMPUTE_MAX_OPS) or every reader reads it at its
 * own index through elementwise ops (then the readers can be one multi-output kernel,
 * as Black-Scholes' price and five greeks share d1, d2 and the normal cdf terms).
 * `forced` nodes are always stored.
 */
export function decideStored(roots: readonly Node[], forced: ReadonlySet<Node>): Storage {
  const order = topoSort(roots, isLeaf);
  const consumers = new Map<Node, Node[]>();
  for (const n of order) for (const i of n.inputs) (consumers.get(i) ?? consumers.set(i, []).get(i)!).push(n);
  const stored = new Set<Node>(forced);
  for (const n of order) if (!isLeaf(n) && STORED_KINDS.has(kindOf(n))) stored.add(n);
  for (const r of roots) {
    let base = r;
    while (kindOf(base) === 'movement' && !isLeaf(base) && !stored.has(base)) base = base.inputs[0]!;
    // A requested view of a stored value (the (n, 1) -> (n,) reshape of a matrix-vector
    // product) is read through the view, not copied by a kernel of its own.
    if (!isLeaf(base) && !stored.has(base)) stored.add(r);
  }
  const storeBelowViews = (n: Node): void => {
    const base = belowViews(n);
    if (!isLeaf(base)) stored.add(base);
  };
  const anchors = new Map<Node, Set<Node>>();
  const ownIndex = new Set<Node>();
  const shared = new Map<Node, ReadonlySet<Node>>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    if (isLeaf(n) || (kindOf(n) === 'source' && !stored.has(n))) continue;
    if (isElementwise(n.op) && readAtOwnIndex(n, consumers.get(n) ?? [], stored, ownIndex)) ownIndex.add(n);
    if (stored.has(n)) {
      anchors.set(n, new Set([n]));
      if (kindOf(n) === 'contraction') n.inputs.filter((x) => !isCheap(x, stored)).forEach(storeBelowViews);
      continue;
    }
    const reached = new Set<Node>();
    for (const c of consumers.get(n) ?? []) for (const a of anchors.get(c) ?? []) reached.add(a);
    anchors.set(n, reached);
    if (!isElementwise(n.op) || reached.size < 2 || isCheap(n, stored)) continue;
    if (ownIndex.has(n)) shared.set(n, reached);
    else {
      stored.add(n);
      anchors.set(n, new Set([n]));
    }
  }
  return { stored, shared };
}

/**
 * Whether every path from elementwise node `n` to the stored nodes that read it runs
 * through elementwise ops of n's shape (or ends in a reduction of it): a kernel
 * computing all those readers then evaluates n once per element.
 */
function readAtOwnIndex(n: Node, readers: readonly Node[], stored: ReadonlySet<Node>, ownIndex: ReadonlySet<Node>): boolean {
  return readers.every((c) => {
    if (kindOf(c) === 'reduce') return true;
    if (!isElementwise(c.op) || !sameShape(c.shape, n.shape)) return false;
    return stored.has(c) || ownIndex.has(c);
  });
}

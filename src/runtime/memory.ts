import type { Node } from '../graph/node.js';
import { OPS } from '../graph/ops.js';
import type { PoolStats } from '../backend/webgpu/pool.js';
import { bufferCache, gpuBudget, memoryReport, type MemoryReport } from './cache/active.js';
import type { TierStats } from './cache/cache.js';
import { entryOf, type Entry } from './cache/entry.js';
import { computedDependents, sharedWithOthers } from './cache/lineage.js';
import { pinOnRealize } from './cache/schedule.js';
import { realize } from './evaluate.js';
import { activeBackend } from './init.js';
import { realizedOf, recordConsumers, setRealized, stateOf } from './node-state.js';

/**
 * Drops a node's remembered result when a handle is disposed (dispose, scope exit) or
 * its last handle is collected, freeing its buffer in every tier unless another node still reads
 * the same buffer (a view, or an equal expression answered from the result cache).
 * Source data goes too once no consumer can still need it (cache/lineage.ts); results
 * computed from it then spill rather than being dropped, having no lineage left, and
 * are freed by the same rule as source data: only once no consumer can still need them.
 */
export function releaseNode(node: Node): void {
  const entry = entryOf(realizedOf(node));
  if (!entry) return;
  if (onlyCopy(node, entry)) {
    const dependents = computedDependents(node);
    if (!dependents || sharedWithOthers(entry, node)) return;
    for (const e of dependents) {
      if (e.origin === 'result') e.origin = 'persisted';
      e.sole = true;
    }
  }
  setRealized(node, undefined);
  if (!sharedWithOthers(entry, node)) bufferCache().free(entry);
}

/** Source data, or a result computed from source data that has gone: nothing could compute it again. */
const onlyCopy = (node: Node, entry: Entry): boolean => OPS[node.op].kind === 'source' || entry.sole;

/**
 * After a node's last handle goes, source data upstream of it may have lost its last
 * possible reader: a disposed array's data waits for the temporaries of a method chain
 * (`x.mul(2).add(1)` makes a handle per step) to be collected, then goes. `seen` is
 * shared by the walks of one batch of collected handles, so each node is visited once.
 */
function releaseUpstream(node: Node, seen = new Set<Node>()): void {
  const stack = [...node.inputs];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n) || stateOf(n).handles > 0) continue;
    seen.add(n);
    const entry = entryOf(realizedOf(n));
    if (entry && onlyCopy(n, entry)) releaseNode(n);
    else if (!entry && !realizedOf(n)) stack.push(...n.inputs);
  }
}

/**
 * A handle on `node` was disposed: its owner (`now`: free the result even if alias
 * handles remain; they recompute it from its inputs when read), or an alias (only the
 * last handle's going frees anything, as when handles are collected: releaseCollected).
 */
export function handleGone(node: Node, now: boolean): void {
  const state = stateOf(node);
  state.handles--;
  if (!now && state.handles > 0) return;
  const computed = state.realized !== undefined;
  releaseNode(node);
  if (!computed || !state.realized) releaseUpstream(node);
}

/**
 * Handles collected without dispose: the same as disposing them, taken together in a
 * microtask after the collector's callbacks. One by one, each temporary of a chain
 * walked upstream to its source and asked every consumer of the source whether it still
 * needs it, quadratic in the chain's length: a large share of a short call on fresh data (#13).
 * Taken together, every collected handle is counted out first, so the walks of the batch
 * share one visit per node and a source is freed by the first walk to reach it.
 */
const collected: Node[] = [];
const registry = new FinalizationRegistry<Held>((held) => {
  if (!held.disposed && collected.push(held.node) === 1) queueMicrotask(releaseCollected);
});

/**
 * What a collected handle's finalizer reads: its node, and whether dispose already
 * counted it out. Dispose only marks it, instead of unregistering the handle, so
 * registering needs no unregister token (a second weak table).
 */
export interface Held {
  readonly node: Node;
  readonly disposed: boolean;
}

function releaseCollected(): void {
  const gone = collected.splice(0).filter((node) => --stateOf(node).handles === 0);
  // Results first, then the walks: a walk then sees every result of the batch dropped,
  // so a source stays while anything built on a dropped result may recompute it.
  const walk = gone.filter((node) => {
    const state = stateOf(node);
    const computed = state.realized !== undefined;
    releaseNode(node);
    return !computed || !state.realized;
  });
  const seen = new Set<Node>();
  for (const node of walk) releaseUpstream(node, seen);
}

/**
 * A new handle on `held.node`: counted, the nodes it can reach recorded as consumers
 * (lineage walks them), and the node's result freed once `handle` is unreachable
 * unless `held` was disposed by then.
 * Returns whether it is the node's first handle (its owner).
 */
export function trackHandle(handle: object, held: Held): boolean {
  const state = stateOf(held.node);
  recordConsumers(held.node);
  registry.register(handle, held);
  return state.handles++ === 0;
}

/** Computes `nodes` in one schedule and keeps their results: under pressure they spill instead of being dropped. */
export async function persistNodes(nodes: readonly Node[]): Promise<void> {
  await realize('persist', nodes, 'persisted');
  for (const n of nodes) {
    const e = entryOf(realizedOf(n));
    if (e?.origin === 'result') e.origin = 'persisted';
  }
}

/** Keeps a node's buffer in host memory (read back now if spilled); an unevaluated node is pinned when computed. */
export function pinNode(node: Node): void {
  pinOnRealize.add(node);
  const e = entryOf(realizedOf(node));
  if (e) bufferCache().pin('pin', e);
}

export function unpinNode(node: Node): void {
  pinOnRealize.delete(node);
  const e = entryOf(realizedOf(node));
  if (e) bufferCache().unpin(e);
}

/** GPU buffers the webgpu backend holds, pooled or in use; zero elsewhere. */
function gpuTier(): TierStats {
  const budget = gpuBudget();
  let pool: PoolStats | undefined;
  try {
    pool = (activeBackend('memory') as { poolStats?: () => PoolStats }).poolStats?.();
  } catch {
    // No backend yet: arrays made before init() live in host memory only.
  }
  return pool ? { used: pool.live + pool.pooled, budget, buffers: pool.created - pool.destroyed } : { used: 0, budget, buffers: 0 };
}

/** `np.memory()`: bytes, budgets and buffer counts per tier, and what the cache has done. */
export function memory(): MemoryReport {
  return memoryReport(gpuTier());
}

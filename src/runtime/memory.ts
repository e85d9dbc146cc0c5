import type { Node } from '../graph/node.js';
import { OPS } from '../graph/ops.js';
import type { PoolStats } from '../backend/webgpu/pool.js';
import { bufferCache, gpuBudget, memoryReport, type MemoryReport } from './cache/active.js';
import type { TierStats } from './cache/cache.js';
import { entryOf } from './cache/entry.js';
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
 * computed from it then spill rather than being dropped, having no lineage left.
 */
export function releaseNode(node: Node): void {
  const entry = entryOf(realizedOf(node));
  if (!entry) return;
  if (OPS[node.op].kind === 'source') {
    const dependents = computedDependents(node);
    if (!dependents || sharedWithOthers(entry, node)) return;
    for (const e of dependents) if (e.origin === 'result') e.origin = 'persisted';
  }
  setRealized(node, undefined);
  if (!sharedWithOthers(entry, node)) bufferCache().free(entry);
}

/**
 * After a node's last handle goes, source data upstream of it may have lost its last
 * possible reader: a disposed array's data waits for the temporaries of a method chain
 * (`x.mul(2).add(1)` makes a handle per step) to be collected, then goes.
 */
function releaseUpstream(node: Node): void {
  const seen = new Set<Node>();
  const stack = [...node.inputs];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n) || stateOf(n).handles > 0) continue;
    seen.add(n);
    if (OPS[n.op].kind === 'source') releaseNode(n);
    else if (!realizedOf(n)) stack.push(...n.inputs);
  }
}

/**
 * A handle on `node` went: its owner was disposed (`now`: free the result even if alias
 * handles remain; they recompute it from its inputs when read), or an alias was
 * disposed or any handle collected (only the last handle's going frees anything).
 */
export function handleGone(node: Node, now: boolean): void {
  const state = stateOf(node);
  state.handles--;
  if (!now && state.handles > 0) return;
  const computed = state.realized !== undefined;
  releaseNode(node);
  if (!computed || !state.realized) releaseUpstream(node);
}

/** A handle collected without dispose: the same as disposing it. */
const registry = new FinalizationRegistry<Node>((node) => handleGone(node, false));

/**
 * A new handle on `node`: counted, the nodes it can reach recorded as consumers
 * (lineage walks them), and `node`'s result freed once `handle` is unreachable.
 * Returns whether it is the node's first handle (its owner).
 */
export function trackHandle(handle: object, node: Node): boolean {
  const state = stateOf(node);
  recordConsumers(node);
  registry.register(handle, node, handle);
  return state.handles++ === 0;
}

export function untrackHandle(handle: object): void {
  registry.unregister(handle);
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

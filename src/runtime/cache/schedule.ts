import { ITEM_BYTES, type AnyTypedArray, type DType } from '../../graph/dtype.js';
import type { Node, Realized } from '../../graph/node.js';
import { sizeOf } from '../../graph/shape.js';
import { realizedOf, setRealized } from '../node-state.js';
import { pushSwept } from '../weak-list.js';
import type { Plan } from '../../kernel/plan.js';
import { bufferCache } from './active.js';
import { CachedValue, entryOf, type Entry, type Origin } from './entry.js';
import { MemoryError } from './errors.js';
import { resultForm } from './reuse.js';

/** Makes a node's value the cache's: `realized` becomes a CachedValue over an owned buffer. */
export function adopt(op: string, node: Node, origin: Origin = 'data'): void {
  const r = realizedOf(node);
  if (!r || r instanceof CachedValue) return;
  const cache = bufferCache();
  const value = cache.value(cache.admit(op, r.data, origin), r.view);
  hold(node, value);
}

/**
 * Gives `node` the value and records it as a holder of its buffer. A buffer read by a
 * long loop (a persisted array sliced each iteration) gains a holder per read: collected
 * ones are swept whenever the list doubles, as node-state.ts sweeps consumers.
 */
function hold(node: Node, value: CachedValue): void {
  setRealized(node, value);
  pushSwept(value.entry.holders, node);
}

/**
 * Before a schedule: answers what the result table knows (subexpressions too: the walk
 * stops at a hit, so the optimizer sees it as data), counts dropped results that are
 * about to be recomputed, and adopts leaves the cache does not own yet. Returns what
 * still has to run. `counting` false (planning only) leaves the counters alone.
 */
export function prepare(op: string, nodes: readonly Node[], counting = true): Node[] {
  const cache = bufferCache();
  const seen = new Set<Node>();
  const stack = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (realizedOf(node)) {
      adopt(op, node);
      continue;
    }
    const hit = resultForm(node)?.lookup();
    if (hit) {
      hold(node, hit);
      if (counting) cache.counters.hits++;
      continue;
    }
    if (counting && cache.dropped.has(node)) {
      cache.dropped.delete(node);
      cache.counters.recomputes++;
    }
    stack.push(...node.inputs);
  }
  return nodes.filter((n, i) => !realizedOf(n) && nodes.indexOf(n) === i);
}

/** Buffers a schedule reads: the realized leaves under the pending nodes. */
export function leaves(pending: readonly Node[]): Entry[] {
  const found = new Set<Entry>();
  const seen = new Set<Node>();
  const stack = [...pending];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    const e = entryOf(realizedOf(node));
    if (e) found.add(e);
    else stack.push(...node.inputs);
  }
  return [...found];
}

/** Whether the backend copies a source's data into memory of its own for the plan's duration (Backend.stagesSource). */
export type StagesSource = (data: AnyTypedArray) => boolean;

/**
 * Host bytes a plan allocates while it runs: every buffer it writes (the js backend
 * frees intermediates early, but peak use depends on the order, so count them all),
 * plus the copies of its sources the backend stages (into the wasm heap).
 * Without a plan (unfused evaluation) every pending node is a buffer.
 */
function planBytes(plan: Plan | undefined, pending: readonly Node[], stagesSources: StagesSource): number {
  const bytes = (shape: readonly number[], dtype: DType) => Math.max(1, sizeOf(shape)) * ITEM_BYTES[dtype];
  if (!plan) return pending.reduce((s, n) => s + bytes(n.shape, n.dtype), 0);
  return plan.buffers.reduce((s, b) => s + (!b.source || staged(b.source, stagesSources) ? bytes(b.shape, b.dtype) : 0), 0);
}

/**
 * Whether a source is staged: its host copy is looked at without reading it (a read
 * would hand it out, and the wasm backend then copies a result out of its heap); a
 * spilled one is reloaded into fresh memory, which the backend stages.
 */
function staged(source: Realized, stagesSources: StagesSource): boolean {
  const data = source instanceof CachedValue ? source.entry.host : source.data;
  return data === undefined || stagesSources(data);
}

/**
 * Whether a schedule's inputs and the buffers it writes fit in the host budget together
 * (else it runs in blocks). Pinned buffers it does not read hold their part of the
 * budget whatever else runs, so only the rest is the schedule's.
 */
export function fitsHost(reads: readonly Entry[], pending: readonly Node[], plan: Plan | undefined, stagesSources: StagesSource): boolean {
  const cache = bufferCache();
  return reads.reduce((s, e) => s + e.bytes, 0) + planBytes(plan, pending, stagesSources) <= cache.hostBudget - cache.pinnedBytes(reads);
}

/**
 * Whether a schedule that fits would find its room only by spilling user data or
 * persisted results (#15): a frame that nearly fills the budget is better read in blocks,
 * where the schedule's shape allows, than written to disk to make room for the copies a
 * kernel stages and read back.
 */
export function spillsToFit(reads: readonly Entry[], pending: readonly Node[], plan: Plan | undefined, stagesSources: StagesSource): boolean {
  const reloads = reads.reduce((s, e) => s + (e.host ? 0 : e.bytes), 0);
  return !bufferCache().fitsWithoutSpilling(planBytes(plan, pending, stagesSources) + reloads, reads);
}

/** A running schedule's hold on the cache: leases on what it reads, a reservation for what it writes. */
export interface Session {
  /** Gives back the reservation once the plan's buffers are handed to `keep`. */
  unreserve(): void;
  /** Ends the leases (and the reservation, if still held). */
  end(): void;
}

/**
 * Leases the buffers a schedule reads (reloading spilled ones) and the results already
 * requested, so admitting new buffers cannot evict them before they are returned, and
 * reserves the bytes the plan writes.
 */
export function begin(op: string, requested: readonly Node[], reads: readonly Entry[], pending: readonly Node[], plan: Plan | undefined, stagesSources: StagesSource): Session {
  const cache = bufferCache();
  const held = [...new Set([...reads, ...requested.flatMap((n) => entryOf(realizedOf(n)) ?? [])])];
  const endLease = cache.lease(op, held);
  let unreserve: (() => void) | undefined;
  try {
    unreserve = cache.reserve(op, planBytes(plan, pending, stagesSources));
  } catch (e) {
    endLease(false);
    throw e;
  }
  const giveBack = () => {
    unreserve?.();
    unreserve = undefined;
  };
  return {
    unreserve: giveBack,
    end: () => {
      giveBack();
      endLease();
    },
  };
}

/**
 * `begin` for asynchronous schedules: when the host budget is held by other schedules
 * still running, waits for one of them to finish and tries again instead of failing,
 * so two evaluations in flight share the budget rather than exceed it. Undefined when
 * what the schedule was planned over changed while it waited (a buffer it reads, or a
 * result it returns, was dropped under pressure, or pins left it too little room): the
 * caller plans it again.
 */
export async function beginWhenRoom(
  op: string,
  requested: readonly Node[],
  reads: readonly Entry[],
  pending: readonly Node[],
  plan: Plan | undefined,
  stagesSources: StagesSource,
): Promise<Session | undefined> {
  const cache = bufferCache();
  const stale = () => reads.some((e) => e.freed) || requested.some((n) => !pending.includes(n) && !realizedOf(n));
  const fitted = fitsHost(reads, pending, plan, stagesSources);
  for (;;) {
    if (stale()) return undefined;
    try {
      return begin(op, requested, reads, pending, plan, stagesSources);
    } catch (e) {
      if (!(e instanceof MemoryError)) throw e;
      // A pin taken while it waited can leave too little room for it whole: planned again, it runs in blocks.
      if (fitted && !fitsHost(reads, pending, plan, stagesSources)) return undefined;
      if (!cache.busy) throw e;
      await cache.settled();
    }
  }
}

/** Arrays whose results are pinned in host memory as soon as they exist (`x.pin()` before evaluation). */
export const pinOnRealize = new WeakSet<Node>();

/**
 * After a schedule: the cache takes each new buffer once (outputs may share one),
 * leased until all are in so one cannot evict another, and remembers results by key.
 */
export function keep(op: string, pending: readonly Node[], values: readonly Realized[], origin: Origin = 'result', reads: readonly Entry[] = []): void {
  const cache = bufferCache();
  const owned = new Map<AnyTypedArray, Entry>();
  for (const e of reads) if (e.host) owned.set(e.host, e);
  const fresh: Entry[] = [];
  try {
    pending.forEach((node, i) => {
      const r = values[i]!;
      let entry = owned.get(r.data);
      if (!entry) {
        owned.set(r.data, (entry = cache.admit(op, r.data, origin, r.release)));
        cache.lease(op, [entry]);
        fresh.push(entry);
      }
      const value = cache.value(entry, r.view);
      hold(node, value);
      if (pinOnRealize.has(node)) cache.pin(op, entry);
      resultForm(node)?.remember(value);
    });
  } finally {
    cache.release(fresh);
  }
}

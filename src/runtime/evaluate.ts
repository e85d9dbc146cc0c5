import type { Node, Realized } from '../graph/node.js';
import { BackendError, fmtShape } from '../graph/errors.js';
import { sizeOf } from '../graph/shape.js';
import { ITEM_BYTES } from '../graph/dtype.js';
import type { Backend } from '../backend/backend.js';
import type { Plan } from '../kernel/plan.js';
import { optimize } from '../optimizer/index.js';
import type { Entry, Origin } from './cache/entry.js';
import { MemoryError } from './cache/errors.js';
import { realizeInBlocks } from './cache/blocked.js';
import { begin, beginWhenRoom, fitsHost, keep, leaves, prepare, spillsToFit, type StagesSource } from './cache/schedule.js';
import { activeBackend, fusing } from './init.js';
import { realizedOf } from './node-state.js';
import { planOf } from './plans.js';
import { noteEvaluation, turnDue, turnEventLoop } from './turn.js';

/**
 * Realizes several nodes in one schedule; the buffer cache owns each result and
 * remembers it on its node (and by its canonical key), so reading it again, or an equal
 * expression, runs nothing. The buffers the schedule reads are leased and the bytes it
 * writes reserved in the cache's host budget while it runs. With fusion (the default)
 * the optimizer turns the graph into kernels; without it the js backend evaluates node
 * by node. A schedule too large for the host budget streams its big inputs through
 * memory in blocks where its shape allows (cache/blocked.ts), and so does one that would
 * find room only by spilling user data, where its blocks write nothing to disk either.
 * `origin` 'persisted' keeps the results: under pressure they spill instead of being
 * dropped.
 *
 * `read` takes the values in the same turn of the event loop as the schedule ends:
 * once the caller awaited, other evaluations in flight could already have dropped a
 * result under pressure, and reading it then would find its buffer freed. The event
 * loop turns, when due (turn.ts), before anything is prepared, so nothing is held across it.
 */
export async function realizeRead<T>(op: string, nodes: readonly Node[], read: (values: Realized[]) => T, origin: Origin = 'result'): Promise<T> {
  if (turnDue()) await turnEventLoop();
  const backend = activeBackend(op);
  const pending = prepare(op, nodes);
  if (pending.length > 0) {
    checkSizes(op, backend, pending);
    const plan = fusing() ? planOf(pending) : undefined;
    const reads = leaves(pending);
    const stages = stagesSources(backend);
    const whole = fitsHost(reads, pending, plan, stages);
    const run = (ns: readonly Node[]) => realizeRead(op, ns, (vs) => vs.map((v) => v.data), origin);
    if ((!whole || spillsToFit(reads, pending, plan, stages)) && (await realizeInBlocks(op, pending, run, !whole))) {
      return realizeRead(op, nodes, read, origin);
    }
    const session = await beginWhenRoom(op, nodes, reads, pending, plan, stages);
    if (!session) return realizeRead(op, nodes, read, origin);
    try {
      const values = await outOfMemoryAsMemoryError(op, backend, () => (plan ? backend.execute(plan) : unfused(op, backend, pending)));
      session.unreserve();
      keep(op, pending, values, origin, reads);
    } finally {
      session.end();
    }
    noteEvaluation(bytesOf(reads, pending));
  } else {
    // A read the cache answers still made nodes, and WeakRefs to them.
    noteEvaluation(0);
  }
  return read(nodes.map((n) => realizedOf(n)!));
}

/** Bytes an evaluation read and wrote: its leaves' buffers and its results. */
function bytesOf(reads: readonly Entry[], pending: readonly Node[]): number {
  let bytes = 0;
  for (const e of reads) bytes += e.bytes;
  for (const n of pending) bytes += sizeOf(n.shape) * ITEM_BYTES[n.dtype];
  return bytes;
}

/** Realizes nodes whose values the caller does not read now (persist, blocked parts). */
export const realize = (op: string, nodes: readonly Node[], origin: Origin = 'result'): Promise<Realized[]> => realizeRead(op, nodes, (values) => values, origin);

/** The synchronous path for CPU backends; a GPU backend throws and tells the user to await. */
export function realizeSync(op: string, nodes: readonly Node[]): Realized[] {
  const backend = activeBackend(op);
  const pending = prepare(op, nodes);
  if (pending.length > 0) {
    const executeSync = backend.executeSync?.bind(backend);
    if (!executeSync) {
      throw new BackendError(`${op}: the ${backend.name} backend cannot read synchronously; use \`await x.data()\``);
    }
    checkSizes(op, backend, pending);
    const plan = fusing() ? planOf(pending) : undefined;
    const reads = leaves(pending);
    const session = begin(op, nodes, reads, pending, plan, stagesSources(backend));
    try {
      const values = outOfMemoryAsMemoryErrorSync(op, backend, () => (plan ? executeSync(plan) : unfused(op, backend, pending)));
      session.unreserve();
      keep(op, pending, values, 'result', reads);
    } finally {
      session.end();
    }
  }
  return nodes.map((n) => realizedOf(n)!);
}

/**
 * A backend whose memory cannot grow (the wasm heap at its maximum, or the host
 * refusing more pages) throws a RangeError; the user gets a MemoryError saying so. The
 * backend has released the plan's blocks, so later evaluations run as before.
 */
async function outOfMemoryAsMemoryError<T>(op: string, backend: Backend, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw asMemoryError(op, backend, e);
  }
}

function outOfMemoryAsMemoryErrorSync<T>(op: string, backend: Backend, run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw asMemoryError(op, backend, e);
  }
}

const asMemoryError = (op: string, backend: Backend, e: unknown): unknown =>
  e instanceof RangeError && /memory/i.test(e.message)
    ? new MemoryError(`${op}: the ${backend.name} backend's memory could not grow (${e.message}); lower init({ memory }) budgets or compute in smaller pieces`)
    : e;

/**
 * The frontend refuses a shape past the active backend's maxElements at the call; an
 * expression built before init() or under another backend is checked again here, before
 * any kernel runs, so it fails with the same MemoryError instead of inside a kernel.
 */
function checkSizes(op: string, backend: Backend, pending: readonly Node[]): void {
  const seen = new Set<Node>();
  const stack = [...pending];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node) || realizedOf(node)) continue;
    seen.add(node);
    const size = sizeOf(node.shape);
    if (size > backend.maxElements) {
      throw new MemoryError(`${op}: ${node.op} of shape ${fmtShape(node.shape)} holds ${size} elements, past the ${backend.name} backend's limit of ${backend.maxElements} (maxElements)`);
    }
    stack.push(...node.inputs);
  }
}

/** The backend's test of which sources a plan copies into its own memory (Backend.stagesSource); without one, none. */
const stagesSources =
  (backend: Backend): StagesSource =>
  (data) =>
    backend.stagesSource?.(data) ?? false;

/**
 * The optimized plan for these nodes, without running it (explain, plan). Results the
 * cache already holds for equal expressions are taken as inputs, as a run would take them.
 */
export function planFor(nodes: readonly Node[]): Plan {
  prepare('plan', nodes, false);
  return optimize(nodes, realizedOf);
}

function unfused(op: string, backend: Backend, nodes: readonly Node[]): Realized[] {
  if (!backend.evaluateUnfused) throw new BackendError(`${op}: the ${backend.name} backend always fuses; init({ fuse: false }) needs the js backend`);
  return backend.evaluateUnfused(nodes, realizedOf);
}

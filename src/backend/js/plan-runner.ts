import { allocate, type AnyTypedArray } from '../../graph/dtype.js';
import type { Realized } from '../../graph/node.js';
import { sizeOf } from '../../graph/shape.js';
import type { Plan } from '../../kernel/plan.js';
import type { BackendCounters } from '../backend.js';
import { compile, type Executable } from './kernels.js';

/**
 * Compiled kernels by canonical hash. 512 entries: a risk job has tens of distinct
 * kernels; the bound only keeps a program that generates endless shapes from growing
 * the cache without limit (the oldest entry goes first).
 */
const CACHE_LIMIT = 512;
const cache = new Map<string, Executable>();

/**
 * The kernel of `hash`, compiled from `program` on first use (counted in `counters`).
 * The wasm backend runs its opaque ops without a wasm routine through it too.
 */
export function compiled(hash: string, program: Plan['steps'][number]['program'], counters?: BackendCounters): Executable {
  let exe = cache.get(hash);
  if (!exe) {
    exe = compile(program);
    if (counters) counters.compiles++;
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(hash, exe);
  }
  return exe;
}

/**
 * Runs a plan's kernels in order on host buffers. Sources are read in place; each
 * intermediate is allocated when first written and dropped after its last reader
 * (the plan's `frees`), so peak memory holds only live buffers.
 */
export function runPlan(plan: Plan, counters: BackendCounters): Realized[] {
  const data: (AnyTypedArray | undefined)[] = plan.buffers.map((b) => b.source?.data);
  const get = (id: number): AnyTypedArray => {
    const b = plan.buffers[id]!;
    return (data[id] ??= allocate(b.dtype, sizeOf(b.shape)));
  };
  for (const step of plan.steps) {
    compiled(step.hash, step.program, counters)(step.slots.map(get), step.program);
    counters.launches++;
    for (const id of step.frees) data[id] = undefined;
  }
  return plan.outputs.map((o) => ({ data: get(o.buffer), view: o.view }));
}

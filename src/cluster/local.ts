import { BUCKETS } from '../runtime/stream/shuffle.js';
import { readResult, type QueryResult } from './results.js';
import { StageRunner, type PlanEngine, type Store, type WirePlan } from './stages.js';
import { levelCounts } from './tree.js';

/** A store in this process's memory. */
class MemoryStore implements Store {
  private readonly map = new Map<string, Uint8Array>();
  get(key: string): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.map.get(key));
  }
  set(key: string, bytes: Uint8Array): Promise<void> {
    this.map.set(key, bytes);
    return Promise.resolve();
  }
}

/**
 * Runs a partitioned aggregation in this process: the cluster's stages, in the cluster's
 * tree, one at a time, their outputs encoded as they would cross Redis. So the answer is
 * byte for byte the one any number of workers gives.
 */
export async function runLocal<P extends WirePlan>(plan: P, engine: PlanEngine<P>): Promise<QueryResult> {
  const runner = new StageRunner(plan, engine, new MemoryStore());
  const counts = levelCounts(plan.partitions, plan.splitEvery);
  for (let i = 0; i < plan.partitions; i++) await runner.run({ stage: 'map', index: i });
  for (let level = 1; level < counts.length; level++) for (let i = 0; i < counts[level]!; i++) await runner.run({ stage: 'combine', level, index: i });
  if (plan.ordered) for (let b = 0; b < BUCKETS; b++) await runner.run({ stage: 'shuffle', index: b });
  return readResult(plan, engine, runner);
}

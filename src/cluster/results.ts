import type { BucketResult, StreamPartial } from '../runtime/stream/partial.js';
import { BUCKETS } from '../runtime/stream/shuffle.js';
import { decodeBucket, decodePartial } from './partial-ipc.js';
import { rootSpec, StageRunner, type PlanEngine, type WirePlan } from './stages.js';

/** What a partitioned aggregation ends with: the merged partial of every partition and, with order statistics, each shuffle bucket's. */
export interface QueryResult {
  readonly root: StreamPartial;
  readonly buckets: readonly BucketResult[];
}

/** The query's results from the store (an output that is gone is recomputed). */
export async function readResult<P extends WirePlan>(plan: P, engine: PlanEngine<P>, runner: StageRunner<P>): Promise<QueryResult> {
  const layouts = engine.layouts(plan);
  const root = await decodePartial(await runner.output(rootSpec(plan)), layouts.merged);
  const buckets: BucketResult[] = [];
  if (plan.ordered) for (let b = 0; b < BUCKETS; b++) buckets.push(await decodeBucket(await runner.output({ stage: 'shuffle', index: b }), layouts.ordered));
  return { root, buckets };
}

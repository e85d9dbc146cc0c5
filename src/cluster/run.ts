import { BUCKETS } from '../runtime/stream/shuffle.js';
import { asRedisBytes, type FlowJob, type JobOptions, type RedisClient } from './bullmq.js';
import type { Cluster } from './connect.js';
import { ClusterError } from './errors.js';
import { readResult, type QueryResult } from './results.js';
import { levelCounts } from './tree.js';
import { childSpecs, jobId, outputKey, queryKeys, rootSpec, StageRunner, type PlanEngine, type StageSpec, type Store, type WirePlan } from './stages.js';

/** How long a query's keys live if nobody deletes them (a driver killed mid-query). */
export const KEY_TTL_SECONDS = 24 * 3600;

export const planKey = (query: string): string => `quiver:${query}:plan`;
export const recomputedKey = (query: string): string => `quiver:${query}:recomputed`;

/** Partitions done out of all, as a query runs. */
export interface ClusterProgress {
  readonly done: number;
  readonly total: number;
}

/** What a distributed query cost: its jobs, the partial bytes it wrote to Redis, and partials lost and computed again. */
export interface QueryStats {
  readonly jobs: number;
  readonly bytes: number;
  readonly recomputed: number;
}

/** The stage outputs of a query in Redis. */
export class RedisStore implements Store {
  constructor(private readonly redis: RedisClient) {}
  async get(key: string): Promise<Uint8Array | undefined> {
    return (await this.redis.getBuffer(key)) ?? undefined;
  }
  async set(key: string, bytes: Uint8Array): Promise<void> {
    await this.redis.set(key, asRedisBytes(bytes), 'EX', KEY_TTL_SECONDS);
  }
}

/** Retries for a job that failed for a passing reason (Redis gone for a moment); a job's own error is final (UnrecoverableError). */
export const jobOptions = (id: string): JobOptions => ({ jobId: id, attempts: 3, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: true, removeOnFail: 100, failParentOnFailure: true });

function flowOf(plan: WirePlan, queueName: string, spec: StageSpec): FlowJob {
  const id = jobId(plan.query, spec);
  const children = spec.stage === 'combine' ? childSpecs(plan, spec.level, spec.index).map((c) => flowOf(plan, queueName, c)) : undefined;
  return { name: spec.stage, queueName, data: { query: plan.query, spec }, opts: jobOptions(id), ...(children ? { children } : {}) };
}

/** Waits until every key exists, reporting how many of `progressKeys` do, and fails as soon as a job of the query fails. */
export class Waiter {
  private failure: ClusterError | undefined;
  private readonly onFailed: (args: { jobId: string; failedReason: string }) => void;

  constructor(
    private readonly c: Cluster,
    query: string,
    private readonly progressKeys: readonly string[],
  ) {
    this.onFailed = ({ jobId: id, failedReason }) => {
      if (id.startsWith(`${query}.`)) this.failure ??= new ClusterError(`cluster: job ${id} failed: ${failedReason}`);
    };
    c.events.on('failed', this.onFailed);
  }

  /** Stops listening: a connection runs many queries. */
  dispose(): void {
    this.c.events.off('failed', this.onFailed);
  }

  /**
   * Completion is read before progress: the other way round, a last job that finished
   * between the two reads ended the wait without its progress ever being reported.
   */
  async until(keys: readonly string[], onProgress?: (p: ClusterProgress) => void): Promise<void> {
    let reported = -1;
    for (;;) {
      if (this.failure) throw this.failure;
      const finished = (await this.c.redis.exists(...keys)) === keys.length;
      if (onProgress) {
        const done = await this.c.redis.exists(...this.progressKeys);
        if (done !== reported) onProgress({ done: (reported = done), total: this.progressKeys.length });
      }
      if (finished) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function writtenBytes(redis: RedisClient, keys: readonly string[]): Promise<number> {
  const sizes = await Promise.all(keys.map((k) => redis.strlen(k)));
  return sizes.reduce((a, b) => a + b, 0);
}

/**
 * Runs a partitioned aggregation on the cluster's workers: the plan goes to Redis once,
 * the merge tree as one BullMQ flow (maps, then combines), then the shuffle's reduce
 * jobs when there are order statistics; the outputs are read back here and every key
 * of the query is deleted, whether it succeeded or failed.
 */
export async function runOnCluster<P extends WirePlan>(c: Cluster, plan: P, engine: PlanEngine<P>, onProgress?: (p: ClusterProgress) => void): Promise<QueryResult & { stats: QueryStats }> {
  const keys = queryKeys(plan);
  const maps = Array.from({ length: plan.partitions }, (_, i) => outputKey(plan.query, { stage: 'map', index: i }));
  const waiter = new Waiter(c, plan.query, maps);
  try {
    await c.redis.set(planKey(plan.query), JSON.stringify(plan), 'EX', KEY_TTL_SECONDS);
    const root = rootSpec(plan);
    await c.flows.add(flowOf(plan, c.queueName, root));
    await waiter.until([outputKey(plan.query, root)], onProgress);
    const shuffles: StageSpec[] = plan.ordered ? Array.from({ length: BUCKETS }, (_, b) => ({ stage: 'shuffle', index: b })) : [];
    if (shuffles.length > 0) {
      await c.queue.addBulk(shuffles.map((s) => ({ name: s.stage, data: { query: plan.query, spec: s }, opts: jobOptions(jobId(plan.query, s)) })));
      await waiter.until(shuffles.map((s) => outputKey(plan.query, s)));
    }
    const runner = new StageRunner(plan, engine, new RedisStore(c.redis));
    const result = await readResult(plan, engine, runner);
    const recomputed = Number((await c.redis.get(recomputedKey(plan.query))) ?? 0) + runner.recomputed;
    const jobs = levelCounts(plan.partitions, plan.splitEvery).reduce((a, b) => a + b, 0) + shuffles.length;
    return { ...result, stats: { jobs, bytes: await writtenBytes(c.redis, keys), recomputed } };
  } finally {
    waiter.dispose();
    await c.redis.del(planKey(plan.query), recomputedKey(plan.query), ...keys);
  }
}

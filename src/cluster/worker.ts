import { QuiverError } from '../graph/errors.js';
import { loadBullmq, redisClient, type BullJob, type BullMQ, type BullWorker, type RedisClient } from './bullmq.js';
import { ClusterError } from './errors.js';
import { describeBuild, sameBuild, type BuildId } from './identity.js';
import { planKey, recomputedKey, RedisStore } from './run.js';
import { StageRunner, type PlanEngine, type StageSpec, type WirePlan } from './stages.js';
import { runBlock, type BlockEngine, type BlockPlan } from './blocks.js';

/** What runs each kind of plan: a groupby's stages (the frontend's), blocks (the library's Monte Carlo). */
export interface Engines<P extends WirePlan> {
  readonly engine: PlanEngine<P>;
  /** Checks a groupby plan read from Redis and returns it typed; throws on a malformed one. */
  readonly checkPlan: (plan: unknown) => P;
  readonly blocks: BlockEngine;
}

/** Runs one job's stage of a checked plan, returning the inputs it had to compute again. */
export type Execute = (plan: WirePlan | BlockPlan, spec: StageSpec | BlockSpec) => Promise<number>;

/** Options of `startWorker`. */
export interface WorkerOptions<P extends WirePlan> extends Engines<P> {
  /** This process's build; a job planned by another is refused. */
  readonly build: BuildId;
  /** Where a job's stage runs: by default here, on this event loop; the bin passes its stage thread. */
  readonly execute?: Execute;
  readonly queue?: string;
  /** Jobs run at once (default 1: a job already uses every thread of the backend). */
  readonly concurrency?: number;
  /** The worker's name in BullMQ (a job's processedBy). */
  readonly name?: string;
}

// A killed worker's job is taken up again once its lock lapses and a stall check sees
// it: a 4 s lock renewed every 2 s, checked every 2 s, recovers in seconds. Kernels run
// on the backend's thread pool and the scan lets the event loop turn between blocks, so
// renewals are not starved by a long job.
const LOCK_MS = 4000;
const STALL_CHECK_MS = 2000;

export type BlockSpec = { readonly stage: 'block'; readonly index: number };

/** A job's data as the driver adds it. */
function specOf(job: BullJob): { query: string; spec: StageSpec | BlockSpec } {
  const d = job.data as { query?: unknown; spec?: { stage?: unknown; index?: unknown; level?: unknown } } | null;
  const ok = d && typeof d.query === 'string' && d.spec && ['map', 'combine', 'shuffle', 'block'].includes(String(d.spec.stage)) && Number.isInteger(d.spec.index);
  if (!ok) throw new ClusterError(`quiverjs-worker: job ${String(job.id)} is not a Quiver stage (data ${JSON.stringify(job.data).slice(0, 200)})`);
  return d as { query: string; spec: StageSpec | BlockSpec };
}

/** A running worker: `close()` lets the current job finish, then stops. */
export interface ClusterWorker {
  /** Its name in BullMQ: the processedBy of the jobs it runs. */
  readonly name: string;
  /** Lets the running job finish, then stops taking jobs and closes its connections. */
  close(): Promise<void>;
}

class PlanCache<P> {
  private readonly plans = new Map<string, P>();
  constructor(
    private readonly redis: RedisClient,
    private readonly check: (plan: unknown) => P,
  ) {}
  /** The query's plan, or undefined once the query has ended (its driver deleted it). */
  async get(query: string): Promise<P | undefined> {
    const cached = this.plans.get(query);
    if (cached) return cached;
    const text = await this.redis.get(planKey(query));
    if (text === null) return undefined;
    const plan = this.check(JSON.parse(text));
    if (this.plans.size > 64) this.plans.clear();
    this.plans.set(query, plan);
    return plan;
  }
}

/** A plan checked by the engine of its kind. */
export function checkAnyPlan<P extends WirePlan>(engines: Engines<P>, plan: unknown): P | BlockPlan {
  return (plan as { kind?: unknown } | null)?.kind === 'blocks' ? engines.blocks.check(plan) : engines.checkPlan(plan);
}

/** Runs stages in this thread against the Redis at `redis`. */
export function executeHere<P extends WirePlan>(redis: RedisClient, engines: Engines<P>): Execute {
  const store = new RedisStore(redis);
  return async (plan, spec) => {
    if (spec.stage === 'block') {
      await runBlock(store, plan as BlockPlan, engines.blocks, spec.index);
      return 0;
    }
    const runner = new StageRunner(plan as P, engines.engine, store);
    await runner.run(spec);
    return runner.recomputed;
  };
}

function processor<P extends WirePlan>(bull: BullMQ, redis: RedisClient, options: WorkerOptions<P>, name: string): (job: BullJob) => Promise<unknown> {
  const plans = new PlanCache(redis, (plan) => checkAnyPlan(options, plan));
  const execute = options.execute ?? executeHere(redis, options);
  return async (job) => {
    const { query, spec } = specOf(job);
    const plan = await plans.get(query);
    if (!plan) return { skipped: 'the query has ended' };
    if (!sameBuild(plan.build, options.build)) {
      throw new bull.UnrecoverableError(`quiverjs-worker ${name} refuses ${String(job.id)}: the query was planned by ${describeBuild(plan.build)}, this worker runs ${describeBuild(options.build)}; start workers from the same build as the driver`);
    }
    let recomputed: number;
    try {
      recomputed = await execute(plan, spec);
    } catch (e) {
      // Malformed input or a bad plan fails the same way on every try.
      if (e instanceof QuiverError) throw new bull.UnrecoverableError(`${e.name}: ${e.message}`);
      throw e;
    }
    if (recomputed > 0) await redis.incrby(recomputedKey(query), recomputed);
    return { recomputed };
  };
}

/** Starts a worker on the Redis at `url`, taking stage jobs from the queue until closed. */
export async function startWorker<P extends WirePlan>(url: string, options: WorkerOptions<P>): Promise<ClusterWorker> {
  const bull = await loadBullmq();
  const redis = await redisClient(url, 'quiverjs-worker');
  const blocking = await redisClient(url, 'quiverjs-worker');
  const name = options.name ?? `worker-${Math.random().toString(36).slice(2, 8)}`;
  const worker: BullWorker = new bull.Worker(options.queue ?? 'quiver', processor(bull, redis, options, name), {
    connection: blocking,
    concurrency: options.concurrency ?? 1,
    name,
    lockDuration: LOCK_MS,
    stalledInterval: STALL_CHECK_MS,
    maxStalledCount: 3,
  });
  worker.on('error', () => undefined);
  await worker.waitUntilReady();
  return {
    name,
    close: async () => {
      await worker.close();
      await Promise.all([redis.quit(), blocking.quit()]);
    },
  };
}

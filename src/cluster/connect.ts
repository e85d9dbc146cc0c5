import { ArgumentError } from '../graph/errors.js';
import { loadBullmq, redisClient, type BullMQ, type BullQueue, type BullQueueEvents, type RedisClient } from './bullmq.js';
import { ClusterError } from './errors.js';
import type { QueryStats } from './run.js';

/** Options of `cluster.connect`. */
export interface ConnectOptions {
  /** The BullMQ queue the workers listen on (default 'quiver'; a worker's `--queue`). */
  readonly queue?: string;
}

/**
 * Redis evicting a key under `maxmemory` would drop a partial or BullMQ's own job state
 * mid-query; BullMQ needs `noeviction`, and so does a partial that must be there when
 * its combine reads it.
 */
async function checkPolicy(redis: RedisClient, url: string): Promise<void> {
  const [, policy] = await redis.config('GET', 'maxmemory-policy');
  if (policy !== 'noeviction') {
    throw new ClusterError(
      `cluster.connect: Redis at ${url} has maxmemory-policy '${policy}'; BullMQ's job state and the partials of a query must never be evicted. ` +
        `Start it with --maxmemory-policy noeviction (or run CONFIG SET maxmemory-policy noeviction)`,
    );
  }
}

/** Redis clients the connection owns: commands, and QueueEvents' blocking reads on their own. */
interface Connections {
  readonly redis: RedisClient;
  readonly events: RedisClient;
}

async function openConnections(url: string): Promise<Connections> {
  const redis = await redisClient(url, 'cluster.connect');
  try {
    await checkPolicy(redis, url);
    return { redis, events: await redisClient(url, 'cluster.connect') };
  } catch (e) {
    redis.disconnect();
    throw e;
  }
}

/**
 * A connection to the Redis that Quiver's workers (`npx quiverjs-worker <url>`) listen
 * on. Pass it as `{ cluster }` to a partitioned scan's `agg`, or to
 * `risk.monteCarloVar`, and the work runs as BullMQ jobs on those workers.
 */
export class Cluster {
  /** What the last query run through this connection cost: jobs, partial bytes through Redis, partials recomputed. */
  lastQuery: QueryStats | undefined;

  private constructor(
    /** The Redis URL. */
    readonly url: string,
    /** @internal */ readonly queueName: string,
    /** @internal */ readonly bull: BullMQ,
    /** @internal */ readonly redis: RedisClient,
    /** @internal */ readonly queue: BullQueue,
    /** @internal */ readonly flows: { add(flow: import('./bullmq.js').FlowJob): Promise<unknown>; close(): Promise<void> },
    /** @internal */ readonly events: BullQueueEvents,
    private readonly eventsClient: RedisClient,
  ) {}

  /** @internal */
  static async open(url: string, options: ConnectOptions): Promise<Cluster> {
    const queueName = options.queue ?? 'quiver';
    const bull = await loadBullmq();
    const { redis, events } = await openConnections(url);
    const queueEvents = new bull.QueueEvents(queueName, { connection: events });
    await queueEvents.waitUntilReady();
    return new Cluster(url, queueName, bull, redis, new bull.Queue(queueName, { connection: redis }), new bull.FlowProducer({ connection: redis }), queueEvents, events);
  }

  /** Closes the connections; queries still running on workers are not cancelled. */
  async close(): Promise<void> {
    await Promise.all([this.events.close(), this.flows.close(), this.queue.close()]);
    await Promise.all([this.redis.quit(), this.eventsClient.quit()]);
  }
}

/**
 * Connects to the Redis at `url` (`redis://host:port`), checking that it is reachable and
 * runs with `maxmemory-policy noeviction`.
 */
export async function connect(url: string, options: ConnectOptions = {}): Promise<Cluster> {
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) throw new ArgumentError(`cluster.connect: expected a URL such as 'redis://127.0.0.1:6379', got ${JSON.stringify(url)}`);
  if (typeof options !== 'object' || options === null) throw new ArgumentError('cluster.connect: options must be an object');
  for (const k of Object.keys(options)) if (k !== 'queue') throw new ArgumentError(`cluster.connect: unknown option '${k}' (accepted: queue)`);
  if (options.queue !== undefined && (typeof options.queue !== 'string' || options.queue === '' || options.queue.includes(':'))) {
    throw new ArgumentError(`cluster.connect: queue must be a non-empty name without ':', got ${JSON.stringify(options.queue)}`);
  }
  return Cluster.open(url, options);
}

import { ClusterError } from './errors.js';

/**
 * The parts of bullmq and ioredis the cluster calls, loaded on first use by a computed
 * specifier: the build type-checks src/ without Node's types (their declarations pull
 * them in), and bundlers for browsers, where no cluster can be reached, leave the
 * import alone. Each interface names only what is called.
 */

/** An ioredis connection. */
export interface RedisClient {
  get(key: string): Promise<string | null>;
  getBuffer(key: string): Promise<Uint8Array | null>;
  set(key: string, value: string | Uint8Array, mode: 'EX', seconds: number): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
  exists(...keys: string[]): Promise<number>;
  strlen(key: string): Promise<number>;
  incrby(key: string, n: number): Promise<number>;
  config(op: 'GET', name: string): Promise<string[]>;
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: 'error', fn: (e: Error) => void): unknown;
}

export interface JobOptions {
  readonly jobId: string;
  readonly attempts?: number;
  readonly backoff?: { readonly type: 'fixed'; readonly delay: number };
  readonly removeOnComplete?: boolean;
  readonly removeOnFail?: boolean | number;
  readonly failParentOnFailure?: boolean;
}

/** A node of a BullMQ flow: a job and the children that run before it. */
export interface FlowJob {
  readonly name: string;
  readonly queueName: string;
  readonly data: unknown;
  readonly opts: JobOptions;
  readonly children?: readonly FlowJob[];
}

export interface BullJob {
  readonly id?: string;
  readonly data: unknown;
  readonly attemptsMade: number;
}

export interface BullQueue {
  addBulk(jobs: readonly { name: string; data: unknown; opts: JobOptions }[]): Promise<unknown>;
  remove(jobId: string, options?: { removeChildren: boolean }): Promise<number>;
  close(): Promise<void>;
}

export interface BullWorker {
  on(event: 'error', fn: (e: Error) => void): unknown;
  on(event: 'failed', fn: (job: BullJob | undefined, e: Error) => void): unknown;
  waitUntilReady(): Promise<unknown>;
  close(force?: boolean): Promise<void>;
}

export interface BullQueueEvents {
  on(event: 'failed', fn: (args: { jobId: string; failedReason: string }) => void): unknown;
  off(event: 'failed', fn: (args: { jobId: string; failedReason: string }) => void): unknown;
  waitUntilReady(): Promise<unknown>;
  close(): Promise<void>;
}

export interface WorkerSettings {
  connection: RedisClient;
  concurrency: number;
  name: string;
  lockDuration: number;
  stalledInterval: number;
  maxStalledCount: number;
}

export interface BullMQ {
  Queue: new (name: string, options: { connection: RedisClient }) => BullQueue;
  FlowProducer: new (options: { connection: RedisClient }) => { add(flow: FlowJob): Promise<unknown>; close(): Promise<void> };
  QueueEvents: new (name: string, options: { connection: RedisClient }) => BullQueueEvents;
  Worker: new (name: string, processor: (job: BullJob) => Promise<unknown>, settings: WorkerSettings) => BullWorker;
  UnrecoverableError: new (message: string) => Error;
}

interface IoRedis {
  Redis: new (url: string, options: { maxRetriesPerRequest: null; lazyConnect: boolean }) => RedisClient & { connect(): Promise<void> };
}

interface BufferClass {
  from(buffer: ArrayBufferLike, offset: number, length: number): Uint8Array;
}

/** ioredis stores a Buffer as bytes but any other Uint8Array as its text ("1,2,3"): a view of the same memory as a Buffer. */
export function asRedisBytes(bytes: Uint8Array): Uint8Array {
  const B = (globalThis as { Buffer?: BufferClass }).Buffer;
  if (!B) throw new Error('cluster: Redis needs Node\'s Buffer (run the cluster in Node or Deno)');
  return B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const load = async <T>(name: string): Promise<T> => (await import(/* @vite-ignore */ name)) as T;

export const loadBullmq = (): Promise<BullMQ> => load<BullMQ>('bullmq');

/**
 * A connection to `url`; BullMQ's workers and blocking reads need requests that never give
 * up retrying. Errors after connecting are ioredis' to retry (a handler keeps them off
 * stderr); failing to connect at all is a ClusterError naming `who` and the URL.
 */
export async function redisClient(url: string, who: string): Promise<RedisClient> {
  const { Redis } = await load<IoRedis>('ioredis');
  const client = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  let last: Error | undefined;
  client.on('error', (e) => (last = e));
  try {
    await client.connect();
  } catch (e) {
    client.disconnect();
    throw new ClusterError(`${who}: cannot reach Redis at ${url} (${(last ?? (e as Error)).message})`, { cause: e });
  }
  return client;
}

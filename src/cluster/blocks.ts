import type { Cluster } from './connect.js';
import { ClusterError } from './errors.js';
import type { BuildId } from './identity.js';
import { arrowModule } from './partial-ipc.js';
import { jobOptions, KEY_TTL_SECONDS, planKey, RedisStore, Waiter, type ClusterProgress } from './run.js';
import type { Store } from './stages.js';

/**
 * A computation split into independent blocks, each a vector of float64 (a Monte Carlo
 * block's P&L): one job per block, concatenated in block order by the driver. What a
 * block computes is the frontend's or the library's (`BlockEngine`); the cluster moves
 * the plan and the vectors.
 */
export interface BlockPlan {
  readonly query: string;
  readonly build: BuildId;
  readonly kind: 'blocks';
  readonly blocks: number;
}

/** What computes block i of a plan, on a worker or here. */
export interface BlockEngine<P extends BlockPlan = BlockPlan> {
  check(plan: unknown): P;
  run(plan: P, index: number): Promise<Float64Array>;
}

export const blockJobId = (query: string, index: number): string => `${query}.block.${index}`;
const blockKey = (query: string, index: number): string => `quiver:${query}:out:${blockJobId(query, index)}`;

async function encodeVector(v: Float64Array): Promise<Uint8Array> {
  const a = await arrowModule();
  return a.tableToIPC(new a.Table({ v: a.makeVector(v) }), 'stream');
}

async function decodeVector(bytes: Uint8Array): Promise<Float64Array> {
  const column = (await arrowModule()).tableFromIPC(bytes).getChild('v');
  if (!column) throw new ClusterError('cluster: a block output read from Redis holds no vector');
  return Float64Array.from(column.toArray() as Float64Array);
}

/** Runs block `index` unless its output is stored already (a retried job is not run twice). */
export async function runBlock<P extends BlockPlan>(store: Store, plan: P, engine: BlockEngine<P>, index: number): Promise<void> {
  const key = blockKey(plan.query, index);
  if (await store.get(key)) return;
  await store.set(key, await encodeVector(await engine.run(plan, index)));
}

/** Block i's vector from the store, computed here when it is gone. */
async function readBlock<P extends BlockPlan>(store: Store, plan: P, engine: BlockEngine<P>, index: number): Promise<Float64Array> {
  const bytes = await store.get(blockKey(plan.query, index));
  return bytes ? decodeVector(bytes) : engine.run(plan, index);
}

/** Every block on the cluster's workers, their vectors in block order; the query's keys are deleted at the end, as for a groupby. */
export async function runBlocksOnCluster<P extends BlockPlan>(c: Cluster, plan: P, engine: BlockEngine<P>, onProgress?: (p: ClusterProgress) => void): Promise<Float64Array[]> {
  const keys = Array.from({ length: plan.blocks }, (_, i) => blockKey(plan.query, i));
  const waiter = new Waiter(c, plan.query, keys);
  try {
    await c.redis.set(planKey(plan.query), JSON.stringify(plan), 'EX', KEY_TTL_SECONDS);
    await c.queue.addBulk(keys.map((_, i) => ({ name: 'block', data: { query: plan.query, spec: { stage: 'block', index: i } }, opts: jobOptions(blockJobId(plan.query, i)) })));
    await waiter.until(keys, onProgress);
    const store = new RedisStore(c.redis);
    const out: Float64Array[] = [];
    for (let i = 0; i < plan.blocks; i++) out.push(await readBlock(store, plan, engine, i));
    return out;
  } finally {
    waiter.dispose();
    await c.redis.del(planKey(plan.query), ...keys);
  }
}

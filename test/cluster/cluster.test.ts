import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterError, cluster, col, Frame, init, random, risk, splitFile, type Cluster, type FilePartition } from 'quiverjs';
import { startRedis, type LocalRedis } from '../../examples/cluster/redis-server.js';
import { startWorkers, stopWorkers, type WorkerProcess } from '../../examples/cluster/workers.js';

const DIR = mkdtempSync(join(tmpdir(), 'quiver-cluster-'));
const SPEC = { notional: ['sum', 'mean', 'std', 'median'], qty: ['min', 'max', 'first', 'nunique'], desk: ['last', 'count'] } as const;

/** Positions: desk strings (some missing), integer books, quantities and prices; row i is the same in every run. */
function positionsCsv(path: string, rows: number, seed: number): void {
  const lines = ['desk,book,qty,px'];
  for (let i = 0; i < rows; i++) {
    const r = (i * 2654435761 + seed * 97) >>> 0;
    lines.push(`${r % 50 === 0 ? '' : `desk-${r % 9}`},${r % 17},${(r >>> 8) % 1000},${((r >>> 4) % 99991) / 100}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

let redis: LocalRedis;
let c: Cluster;
let partitions: (string | FilePartition)[];
const workers: WorkerProcess[] = [];

const query = () => Frame.scanCsv(partitions).assign({ notional: col('qty').mul(col('px')) }).groupby(['desk', 'book']);
const ipc = async (f: Frame): Promise<Uint8Array> => tableToIPC(await f.toArrow(), 'stream');
const onQueue = async (queue: string, count: number, extra: string[] = []): Promise<Cluster> => {
  workers.push(...(await startWorkers(redis.url, queue, count, extra)));
  return cluster.connect(redis.url, { queue });
};

beforeAll(async () => {
  await init({ backend: 'wasm', threads: 1 });
  for (let f = 0; f < 3; f++) positionsCsv(join(DIR, `pos-${f}.csv`), 20_000 + 5_000 * f, f);
  // Two whole files and the third cut into byte ranges: both kinds of partition.
  partitions = [join(DIR, 'pos-0.csv'), join(DIR, 'pos-1.csv'), ...(await splitFile(join(DIR, 'pos-2.csv'), 4))];
  redis = await startRedis();
}, 60_000);

afterAll(async () => {
  await c?.close();
  await stopWorkers(workers);
  await redis?.stop();
  rmSync(DIR, { recursive: true, force: true });
}, 60_000);

describe('a partitioned groupby on BullMQ workers', () => {
  it('gives the bytes the one-machine scan gives, over 1, 3 and 7 worker processes', async () => {
    const local = await ipc(await query().agg(SPEC, { splitEvery: 2 }));
    for (const n of [1, 3, 7]) {
      const on = await onQueue(`w${n}`, n);
      const progress: number[] = [];
      const remote = await query().agg(SPEC, { cluster: on, splitEvery: 2, onProgress: (p) => progress.push(p.done) });
      expect(Buffer.from(await ipc(remote)).equals(Buffer.from(local)), `${n} workers`).toBe(true);
      expect(progress.at(-1)).toBe(partitions.length);
      expect(on.lastQuery!.recomputed).toBe(0);
      await on.close();
    }
  }, 240_000);

  it('deletes every key of a query when it ends', async () => {
    c = await onQueue('keys', 1);
    await query().agg(SPEC, { cluster: c });
    const r = new Redis(redis.url);
    expect(await r.keys('quiver:*')).toEqual([]);
    await r.quit();
  }, 60_000);

  it('computes a partial again when its key is deleted before the combine reads it', async () => {
    const on = await onQueue('lost', 1);
    const events = new QueueEvents('lost', { connection: { host: '127.0.0.1', port: Number(new URL(redis.url).port) } });
    await events.waitUntilReady();
    const r = new Redis(redis.url);
    let deleted = '';
    events.on('completed', ({ jobId }) => {
      if (deleted || !jobId.endsWith('.map.0')) return;
      deleted = `quiver:${jobId.split('.')[0]}:out:${jobId}`;
      void r.del(deleted);
    });
    const remote = await query().agg(SPEC, { cluster: on });
    expect(deleted).not.toBe('');
    expect(on.lastQuery!.recomputed).toBeGreaterThanOrEqual(1);
    expect(Buffer.from(await ipc(remote)).equals(Buffer.from(await ipc(await query().agg(SPEC))))).toBe(true);
    await Promise.all([events.close(), r.quit(), on.close()]);
  }, 60_000);

  it('finishes with the same answer when a worker is killed while it holds a job', async () => {
    const big = join(DIR, 'big.csv');
    positionsCsv(big, 400_000, 7);
    const parts = await splitFile(big, 8);
    const q = () => Frame.scanCsv(parts).assign({ notional: col('qty').mul(col('px')) }).groupby(['desk', 'book']);
    const on = await onQueue('kill', 3);
    const events = new QueueEvents('kill', { connection: { host: '127.0.0.1', port: Number(new URL(redis.url).port) } });
    await events.waitUntilReady();
    const queue = new Queue('kill', { connection: { host: '127.0.0.1', port: Number(new URL(redis.url).port) } });
    let killedAt = 0;
    let killedJob = '';
    let recoveredMs = 0;
    events.on('active', ({ jobId }) => {
      if (jobId === killedJob && killedAt > 0 && recoveredMs === 0) recoveredMs = performance.now() - killedAt;
      if (killedJob || !jobId.includes('.map.')) return;
      killedJob = jobId;
      void queue.getJob(jobId).then((job) => {
        const victim = workers.find((w) => w.name === job?.processedBy);
        victim?.child.kill('SIGKILL');
        killedAt = performance.now();
      });
    });
    const remote = await q().agg(SPEC, { cluster: on });
    expect(killedAt).toBeGreaterThan(0);
    expect(recoveredMs).toBeGreaterThan(0);
    console.log(`cluster: a job of a SIGKILLed worker ran again on another after ${(recoveredMs / 1000).toFixed(1)} s`);
    expect(Buffer.from(await ipc(remote)).equals(Buffer.from(await ipc(await q().agg(SPEC))))).toBe(true);
    await Promise.all([events.close(), queue.close(), on.close()]);
  }, 120_000);

  it('is refused by a worker of another build, saying why', async () => {
    const other = join(DIR, 'other.wasm');
    copyFileSync(new URL('../../wasm/quiver.wasm', import.meta.url), other);
    // A custom section (id 0, named "x") changes the module's bytes, not what it does.
    appendFileSync(other, Uint8Array.from([0, 2, 1, 0x78]));
    const on = await onQueue('other', 1, ['--wasm-url', `file://${other}`]);
    await expect(query().agg(SPEC, { cluster: on })).rejects.toThrow(/refuses .*planned by quiverjs .* wasm sha256 .* this worker runs .* wasm sha256/);
    await on.close();
  }, 60_000);

  it('names the file and line of a malformed partition', async () => {
    const bad = join(DIR, 'bad.csv');
    const text = readFileSync(join(DIR, 'pos-0.csv'), 'utf8').split('\n');
    text[1234] = 'desk-1,3,lots,1.5';
    writeFileSync(bad, text.join('\n'));
    const on = await onQueue('bad', 1);
    const parts = [join(DIR, 'pos-1.csv'), ...(await splitFile(bad, 3))];
    await expect(Frame.scanCsv(parts).groupby('desk').agg({ qty: 'sum' }, { cluster: on })).rejects.toThrow(new RegExp(`${bad}.*line 1235`));
    await on.close();
  }, 60_000);

  it('prices Monte Carlo blocks on the workers with the one-machine P&L, VaR and ES', async () => {
    const on = await onQueue('mc', 2);
    const cov = [[0.04, 0.01, 0.002], [0.01, 0.09, 0.03], [0.002, 0.03, 0.16]];
    const weights = [0.5, 0.3, 0.2];
    const options = { scenarios: 50_000, blockSize: 8192, revalue: 'exponential', mean: [0.001, 0, -0.002] } as const;
    const local = await risk.monteCarloVar(random.key(42), cov, weights, options);
    const done: number[] = [];
    const remote = await risk.monteCarloVar(random.key(42), cov, weights, { ...options, cluster: on, onProgress: (d) => done.push(d) });
    expect(Buffer.from((await remote.pnl.data()).buffer).equals(Buffer.from((await local.pnl.data()).buffer))).toBe(true);
    expect([remote.valueAtRisk, remote.expectedShortfall]).toEqual([local.valueAtRisk, local.expectedShortfall]);
    expect(done.at(-1)).toBe(50_000);
    await on.close();
  }, 60_000);

  it('says which Redis it cannot reach', async () => {
    await expect(cluster.connect('redis://127.0.0.1:1')).rejects.toThrow(/cluster.connect: cannot reach Redis at redis:\/\/127.0.0.1:1 \(.*ECONNREFUSED/);
    await expect(cluster.connect('http://127.0.0.1:6379')).rejects.toThrow(/expected a URL such as 'redis:/);
    await expect(cluster.connect(redis.url, { queues: 'x' } as never)).rejects.toThrow(/unknown option 'queues'/);
  });

  it('refuses a Redis that may evict keys', async () => {
    const lru = await startRedis('allkeys-lru');
    await expect(cluster.connect(lru.url)).rejects.toThrow(ClusterError);
    await expect(cluster.connect(lru.url)).rejects.toThrow(/maxmemory-policy 'allkeys-lru'.*noeviction/);
    await lru.stop();
  }, 30_000);
});

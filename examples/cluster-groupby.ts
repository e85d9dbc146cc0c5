/**
 * A groupby over several CSV files, run as BullMQ jobs on quiverjs-worker processes:
 * notional = qty * px by desk and book, with sum, mean, std and median of notional.
 *
 *   npx tsx examples/cluster-groupby.ts                          starts its own Redis and two workers
 *   npx tsx examples/cluster-groupby.ts redis://127.0.0.1:6379   uses workers already running there
 *
 * Without a URL it starts a redis-server on a free loopback port (its files in a temp dir,
 * `--maxmemory-policy noeviction --save '' --appendonly no`) and two workers, as you
 * would with
 *
 *   redis-server --port 6379 --maxmemory-policy noeviction --save '' --appendonly no
 *   npx quiverjs-worker redis://127.0.0.1:6379 --backend wasm --threads 1   (once per worker)
 *
 * It writes four synthetic position files to a temp dir, runs the query on the cluster
 * with a progress bar on stderr, prints the result and what the query cost, runs the same
 * partitions in this process and checks that both give the same Arrow bytes, then stops
 * what it started and deletes the files. It exits 1 when the two results differ.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import { cluster, col, Frame, init, splitFile, type ClusterProgress, type FilePartition } from '../src/index.js';
import { startRedis, type LocalRedis } from './cluster/redis-server.js';
import { startWorkers, stopWorkers, type WorkerProcess } from './cluster/workers.js';

const DESKS = ['rates', 'fx', 'credit', 'equity', 'commodities'];
const FILES = 4;
const ROWS_PER_FILE = 150_000; // about 3 MB each

/** Writes `rows` positions (desk,book,qty,px) from a seeded generator, so every run writes the same file. */
function writePositions(path: string, rows: number, seed: number): void {
  let s = seed >>> 0;
  const random = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const lines = ['desk,book,qty,px'];
  for (let i = 0; i < rows; i++) {
    const desk = DESKS[Math.floor(random() * DESKS.length)]!;
    lines.push(`${desk},${Math.floor(random() * 40)},${Math.floor(random() * 20_000) - 10_000},${(1 + random() * 499).toFixed(4)}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** One line on stderr, redrawn in place: `[##########..........] 7/14 partitions`. */
function progressBar({ done, total }: ClusterProgress): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} partitions`);
  if (done === total) process.stderr.write('\n');
}

/** The query: the same plan runs on the cluster (`{ cluster }`) or in this process. */
const notionalByDesk = (parts: (string | FilePartition)[]) =>
  Frame.scanCsv(parts)
    .assign({ notional: col('qty').mul(col('px')) })
    .groupby(['desk', 'book']);
const SPEC = { notional: ['sum', 'mean', 'std', 'median'] } as const;

const givenUrl = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'quiver-cluster-example-'));
let redis: LocalRedis | undefined;
let workers: WorkerProcess[] = [];
try {
  await init({ backend: 'wasm', threads: 1 });
  if (givenUrl === undefined) {
    redis = await startRedis();
    workers = await startWorkers(redis.url, 'quiver', 2);
    console.log(`started redis-server at ${redis.url} and workers ${workers.map((w) => w.name).join(', ')}`);
  }
  const url = givenUrl ?? redis!.url;

  const paths = Array.from({ length: FILES }, (_, f) => join(dir, `positions-${f}.csv`));
  paths.forEach((path, f) => writePositions(path, ROWS_PER_FILE, f + 1));
  // Partitions may be whole files or byte ranges of one: the first three files whole, the
  // last cut into 1 MB ranges (a big file would take the default 64MB blocks).
  const parts = [...paths.slice(0, -1), ...(await splitFile(paths.at(-1)!, { blockSize: '1MB' }))];

  const c = await cluster.connect(url);
  try {
    const byDesk = await notionalByDesk(parts).agg(SPEC, { cluster: c, onProgress: progressBar });
    console.log(byDesk.toString());
    console.log('c.lastQuery:', c.lastQuery);

    const local = await notionalByDesk(parts).agg(SPEC);
    const ipc = async (f: Frame) => Buffer.from(tableToIPC(await f.toArrow(), 'stream'));
    const identical = (await ipc(byDesk)).equals(await ipc(local));
    console.log(identical ? 'the local run of the same partitions gives identical Arrow bytes' : 'MISMATCH: the local run gives different Arrow bytes');
    if (!identical) process.exitCode = 1;
  } finally {
    await c.close();
  }
} finally {
  await stopWorkers(workers);
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The buffer cache. Standalone: `npx tsx bench/cache.bench.ts` (`--gb=N` sizes the
 * out-of-core job, default 2; `--spill-mb=N` the spill test, default 768; 0 skips either).
 * Prints: spill and reload throughput as ratios of raw file writes and reads of the
 * same bytes in the same directory; the cost of an evaluation answered from the result
 * cache in µs; column statistics of N GB of float64 under a 256 MiB host budget against
 * the same job in memory, with peak RSS.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { init, np, type NDArray } from '../src/index.js';
import { BufferCache } from '../src/runtime/cache/cache.js';
import { DiskTier } from '../src/runtime/cache/disk.js';
import type { Entry } from '../src/runtime/cache/entry.js';
import { openSpillFile } from '../src/platform/spill.js';

const arg = (name: string, fallback: number): number => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const MB = 2 ** 20;
const dir = mkdtempSync(join(tmpdir(), 'quiver-cache-bench-'));
const seconds = (t0: number): number => (performance.now() - t0) / 1000;
const rate = (bytes: number, s: number): string => `${(bytes / MB / s).toFixed(0)} MB/s`;

/** Seconds of one spill-and-reload round through the cache: 64 MiB buffers through a 256 MiB host tier. */
async function cacheRound(buffers: readonly Float64Array[]): Promise<{ spill: number; reload: number }> {
  const cache = new BufferCache(4 * buffers[0]!.byteLength, Infinity);
  cache.disk = new DiskTier(await openSpillFile(dir));
  let t0 = performance.now();
  const entries: Entry[] = buffers.map((b) => cache.admit('bench', b, 'data'));
  const spill = seconds(t0);
  // The last four never spilled; freeing them leaves reloads that evict only clean copies.
  for (const e of entries.slice(-4)) cache.free(e);
  t0 = performance.now();
  for (const e of entries.slice(0, -4)) cache.resident('bench', e);
  const reload = seconds(t0);
  cache.disk.file.close();
  return { spill, reload };
}

/** The same bytes written and read with plain positioned writes and reads of one file. */
function rawRound(buffers: readonly Float64Array[]): { spill: number; reload: number } {
  const path = join(dir, 'raw.bin');
  const fd = openSync(path, 'w+');
  const piece = buffers[0]!.byteLength;
  let t0 = performance.now();
  buffers.slice(0, -4).forEach((b, k) => writeSync(fd, new Uint8Array(b.buffer), 0, piece, k * piece));
  const spill = seconds(t0);
  t0 = performance.now();
  for (let k = 0; k < buffers.length - 4; k++) readSync(fd, new Uint8Array(piece), 0, piece, k * piece);
  const reload = seconds(t0);
  closeSync(fd);
  rmSync(path);
  return { spill, reload };
}

/**
 * Spill and reload against raw file I/O, three alternating rounds, best of each: the
 * kernel's dirty-page writeback slows whichever writer comes after a large write, so a
 * single ordered pair would measure the order.
 */
async function spillThroughput(totalMb: number): Promise<void> {
  const piece = 64 * MB;
  const count = Math.max(5, Math.round(totalMb / 64) + 4);
  const buffers = Array.from({ length: count }, (_, k) => new Float64Array(piece / 8).fill(k + 0.5));
  const bytes = (count - 4) * piece;
  const best = { cache: { spill: Infinity, reload: Infinity }, raw: { spill: Infinity, reload: Infinity } };
  for (let round = 0; round < 3; round++) {
    for (const [name, r] of [['raw', rawRound(buffers)], ['cache', await cacheRound(buffers)]] as const) {
      best[name].spill = Math.min(best[name].spill, r.spill);
      best[name].reload = Math.min(best[name].reload, r.reload);
    }
  }
  console.log(`Spill tier, ${(bytes / MB).toFixed(0)} MiB in 64 MiB buffers, best of 3 (the OS page cache serves both sides alike):`);
  console.log(`  spill  ${rate(bytes, best.cache.spill).padStart(10)}   raw write ${rate(bytes, best.raw.spill).padStart(10)}   ratio ${(best.raw.spill / best.cache.spill).toFixed(2)}`);
  console.log(`  reload ${rate(bytes, best.cache.reload).padStart(10)}   raw read  ${rate(bytes, best.raw.reload).padStart(10)}   ratio ${(best.raw.reload / best.cache.reload).toFixed(2)}`);
}

const meanMs = (result: unknown): number => (result as { latency: { mean: number } }).latency.mean;

/** An equal expression on unchanged inputs, answered from the result cache, against running its kernel. */
async function hitOverhead(): Promise<void> {
  await init({ backend: 'wasm', memory: { host: '1GB' } });
  // np.array, not asarray: results computed from an array the user may write to are never reused.
  const x = np.array(Float64Array.from({ length: 1000 }, (_, i) => i));
  await x.mul(2).add(1).sqrt().data();
  const same = x.mul(2).add(1).sqrt();
  await same.data();
  let k = 0;
  const bench = new Bench({ time: 1000, warmupIterations: 200 });
  bench.add('build the expression only', () => void x.mul(2).add(1).sqrt());
  bench.add('read an evaluated array again', async () => void (await same.data()));
  bench.add('hit: build, look up, read (1000 elements)', async () => void (await x.mul(2).add(1).sqrt().data()));
  bench.add('miss: build, run the kernel, read', async () => void (await x.mul(2).add(++k).sqrt().data()));
  await bench.run();
  const [build, read, hit] = bench.tasks.map((t) => meanMs(t.result) * 1000);
  console.log('Result cache (wasm backend), mean time per evaluation:');
  for (const t of bench.tasks) console.log(`  ${t.name.padEnd(48)} ${(meanMs(t.result) * 1000).toFixed(1)} µs`);
  console.log(`  hit overhead (hit - build - read): ${(hit! - build! - read!).toFixed(1)} µs`);
}

/** Mean, sum of squares, min and max of every column: the job of a risk report's data checks. */
async function columnStats(columns: readonly NDArray[]): Promise<number> {
  let checksum = 0;
  for (const c of columns) {
    // Disposed after reading: the second run must compute, not hit the first run's results.
    const stats = np.scope(() => [c.mean(), c.square().sum(), c.min(), c.max()]);
    checksum += (await np.compute(...stats)).reduce((s, v) => s + v[0]!, 0);
    for (const s of stats) s.dispose();
  }
  return checksum;
}

async function outOfCore(gb: number, host: string, label: string): Promise<{ seconds: number; checksum: number }> {
  await init({ backend: 'wasm', memory: { host, spillDir: dir } });
  const rows = 16 * 2 ** 20;
  const count = Math.round((gb * 2 ** 30) / (rows * 8));
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  let t0 = performance.now();
  const columns: NDArray[] = [];
  for (let k = 0; k < count; k++) {
    columns.push(await np.arange(rows).astype('float64').mul(1e-6 * (k + 1)).sin().persist());
    sample();
  }
  const made = seconds(t0);
  t0 = performance.now();
  const checksum = await columnStats(columns);
  const s = seconds(t0);
  sample();
  const m = np.memory();
  console.log(
    `  ${label.padEnd(30)} stats ${s.toFixed(2)} s (${rate(count * rows * 8, s)}), made in ${made.toFixed(1)} s; RSS peak ${((peak - baseline) / MB).toFixed(0)} MiB above ${(baseline / MB).toFixed(0)} MiB; spills ${m.counters.spills}, reloads ${m.counters.reloads}`,
  );
  for (const c of columns) c.dispose();
  return { seconds: s, checksum };
}

const spillMb = arg('spill-mb', 768);
const gb = arg('gb', 2);
if (spillMb > 0) await spillThroughput(spillMb);
await hitOverhead();
if (gb > 0) {
  console.log(`Column statistics (mean, sum of squares, min, max) of ${gb} GiB of float64 in 128 MiB columns, wasm backend:`);
  const ooc = await outOfCore(gb, '256MB', 'host budget 256 MiB');
  const mem = await outOfCore(gb, `${gb * 2 + 1}GB`, `in memory (${gb * 2 + 1} GiB budget)`);
  console.log(`  out-of-core / in memory: ${(ooc.seconds / mem.seconds).toFixed(2)}x; same results: ${Math.abs(ooc.checksum - mem.checksum) <= 1e-9 * Math.abs(mem.checksum)}`);
  console.log(`  process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}
rmSync(dir, { recursive: true, force: true });

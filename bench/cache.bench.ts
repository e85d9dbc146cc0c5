/**
 * The buffer cache. Standalone: `npx tsx bench/cache.bench.ts [flags]`
 *   --gb=N          size of the out-of-core job in GiB (default 2; 0 skips it)
 *   --spill-mb=N    bytes through the spill test (default 768; 0 skips it)
 *   --backends=L    backends for the hit and out-of-core figures (default wasm,js)
 * Prints: spill and reload throughput as ratios of raw file writes and reads of the
 * same bytes in the same directory; the cost of an evaluation answered from the result
 * cache in µs; column statistics of N GiB of float64 under a 256 MiB host budget against
 * the same job in memory, each job in a child process of its own so that its peak RSS
 * (transients included) is its own, with what made it up.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { init, np, type BackendName, type NDArray } from '../src/index.js';
import { activeBackend } from '../src/runtime/init.js';
import { BufferCache } from '../src/runtime/cache/cache.js';
import { DiskTier } from '../src/runtime/cache/disk.js';
import type { Entry } from '../src/runtime/cache/entry.js';
import { openSpillFile } from '../src/platform/spill.js';

const flag = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const arg = (name: string, fallback: number): number => Number(flag(name) ?? fallback);
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

const medianUs = (result: unknown): number => (result as { latency: { p50: number } }).latency.p50 * 1000;

/**
 * An equal expression on unchanged inputs, answered from the result cache, against
 * building the same expression and reading an evaluated array (what a hit must do
 * anyway) and against running its kernel. Medians: other processes on the machine
 * put outliers in the means.
 */
async function hitOverhead(backend: BackendName): Promise<void> {
  await init({ backend, memory: { host: '1GB' } });
  // np.array, not asarray: results computed from an array the user may write to are never reused.
  const x = np.array(Float64Array.from({ length: 1000 }, (_, i) => i));
  await x.mul(2).add(1).sqrt().data();
  const same = x.mul(2).add(1).sqrt();
  await same.data();
  let k = 0;
  const bench = new Bench({ time: 2000, warmupIterations: 500 });
  bench.add('build, then read an evaluated array', async () => {
    void x.mul(2).add(1).sqrt();
    await same.data();
  });
  bench.add('hit: build, look up, read (1000 elements)', async () => void (await x.mul(2).add(1).sqrt().data()));
  bench.add('miss: build, run the kernel, read', async () => void (await x.mul(2).add(++k).sqrt().data()));
  await bench.run();
  const [plain, hit] = bench.tasks.map((t) => medianUs(t.result));
  console.log(`Result cache (${backend} backend), median time per evaluation:`);
  for (const t of bench.tasks) console.log(`  ${t.name.padEnd(48)} ${medianUs(t.result).toFixed(1)} µs`);
  console.log(`  hit overhead (hit - build and read): ${(hit! - plain!).toFixed(1)} µs`);
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

interface JobResult {
  seconds: number;
  made: number;
  checksum: number;
  /** RSS after init, the process's peak RSS, and the largest sampled ArrayBuffer bytes (all in bytes). */
  baseline: number;
  peak: number;
  arrayBuffers: number;
  /** The wasm heap's high-water mark (0 on js): its pages stay resident once touched. */
  heapTop: number;
  spills: number;
  reloads: number;
}

/**
 * The peak RSS of this process, transients included: Linux's VmHWM. Not getrusage's
 * maxRSS, which a child spawned by fork + exec inherits from its parent (the spill test
 * leaves the parent at over 1 GiB). Elsewhere: the RSS now.
 */
function peakRss(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // No /proc: not Linux.
  }
  return process.memoryUsage().rss;
}

/** One out-of-core or in-memory job, run in this process (a child the parent started for it). */
async function job(backend: BackendName, gb: number, host: string): Promise<JobResult> {
  await init({ backend, memory: { host, spillDir: dir } });
  const rows = 16 * 2 ** 20;
  const count = Math.round((gb * 2 ** 30) / (rows * 8));
  const baseline = process.memoryUsage().rss;
  let arrayBuffers = 0;
  const sample = () => (arrayBuffers = Math.max(arrayBuffers, process.memoryUsage().arrayBuffers));
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
  const { counters } = np.memory();
  const heap = (activeBackend('bench') as { heapStats?: () => { top: number } }).heapStats?.();
  const peak = peakRss();
  return { seconds: s, made, checksum, baseline, peak, arrayBuffers, heapTop: heap?.top ?? 0, spills: counters.spills, reloads: counters.reloads };
}

const script = fileURLToPath(import.meta.url);

/** Runs `job` in a fresh process (tsx's loader flags passed on) and reads its one JSON line. */
function jobInChild(backend: BackendName, gb: number, host: string): JobResult {
  const run = spawnSync(process.execPath, [...process.execArgv, script, `--job=${backend},${gb},${host}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`cache bench: the ${backend} job (${gb} GiB, host ${host}) exited with ${run.status}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as JobResult;
}

const mib = (bytes: number): string => `${(bytes / MB).toFixed(0)} MiB`;

function report(label: string, gb: number, r: JobResult): void {
  console.log(
    `  ${label.padEnd(26)} stats ${r.seconds.toFixed(2)} s (${rate(gb * 2 ** 30, r.seconds)}), made in ${r.made.toFixed(1)} s; ` +
      `peak RSS ${mib(r.peak - r.baseline)} above ${mib(r.baseline)} (ArrayBuffers up to ${mib(r.arrayBuffers)}, wasm heap ${mib(r.heapTop)}); spills ${r.spills}, reloads ${r.reloads}`,
  );
}

const backends = (flag('backends') ?? 'wasm,js').split(',') as BackendName[];
const jobFlag = flag('job');
const hitFlag = flag('hit');
if (jobFlag) {
  const [backend, gb, host] = jobFlag.split(',');
  console.log(JSON.stringify(await job(backend as BackendName, Number(gb), host!)));
} else if (hitFlag) {
  await hitOverhead(hitFlag as BackendName);
} else {
  const spillMb = arg('spill-mb', 768);
  const gb = arg('gb', 2);
  if (spillMb > 0) await spillThroughput(spillMb);
  // A process per backend: after the wasm figures, switching this process to js left it running when done.
  for (const b of backends) spawnSync(process.execPath, [...process.execArgv, script, `--hit=${b}`], { stdio: 'inherit' });
  for (const b of gb > 0 ? backends : []) {
    console.log(`Column statistics (mean, sum of squares, min, max) of ${gb} GiB of float64 in 128 MiB columns, ${b} backend:`);
    const ooc = jobInChild(b, gb, '256MB');
    report('host budget 256 MiB', gb, ooc);
    const mem = jobInChild(b, gb, `${gb * 2 + 1}GB`);
    report(`in memory (${gb * 2 + 1} GiB budget)`, gb, mem);
    console.log(`  out-of-core / in memory: ${(ooc.seconds / mem.seconds).toFixed(2)}x; same results: ${Math.abs(ooc.checksum - mem.checksum) <= 1e-9 * Math.abs(mem.checksum)}`);
  }
}
rmSync(dir, { recursive: true, force: true });

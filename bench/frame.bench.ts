/**
 * `npx tsx bench/frame.bench.ts [--quick] [--big] [--backend wasm|js]`: Frame.groupby
 * against plain-JS loops over the same data, each case printed with the median and
 * best time of both and their ratio (plain / quiver: above 1 means Quiver is faster).
 * `--big` adds 100M rows x 1,000 keys (about 3 GB of memory); `--stream MB` writes a CSV
 * of that size to the temp directory and streams a groupby over it with scanCsv,
 * reporting throughput and peak RSS. Prints; never asserts. Targets (#15) are met or
 * missed by the median. The result cache never answers: a grouping reads its statistics
 * and frees them at once (frame/host.ts readReleased), so each run computes again.
 */
import { createWriteStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { Frame, col, init, type AggSpec } from '../src/index.js';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, big: { type: 'boolean', default: false }, backend: { type: 'string', default: 'wasm' }, stream: { type: 'string' } },
});
const backend = values.backend as 'wasm' | 'js';
// The default budgets, --big included: 100M rows' 1.2 GB of columns are placed in the wasm heap, so no plan stages a copy of them.
await init({ backend });

/** Seeded xorshift32, so every run groups the same rows. */
function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function intKeys(n: number, cardinality: number): { k: Int32Array; x: Float64Array } {
  const next = seeded(cardinality);
  const k = new Int32Array(n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    k[i] = Math.floor(next() * cardinality);
    x[i] = next() * 100 - 50;
  }
  return { k, x };
}

/** sum, mean and count per key in one pass over typed arrays: what a user writes by hand. */
function plainIntGroupBy(k: Int32Array, x: Float64Array, cardinality: number): Float64Array[] {
  const sum = new Float64Array(cardinality);
  const count = new Float64Array(cardinality);
  for (let i = 0; i < k.length; i++) {
    const v = x[i]!;
    if (v !== v) continue;
    sum[k[i]!]! += v;
    count[k[i]!]!++;
  }
  return [sum, count, sum.map((s, g) => s / count[g]!)];
}

/** The same with string keys: a Map from the key to its accumulators. */
function plainStringGroupBy(keys: readonly string[], x: Float64Array): Map<string, { sum: number; count: number }> {
  const groups = new Map<string, { sum: number; count: number }>();
  for (let i = 0; i < keys.length; i++) {
    let g = groups.get(keys[i]!);
    if (!g) groups.set(keys[i]!, (g = { sum: 0, count: 0 }));
    const v = x[i]!;
    if (v !== v) continue;
    g.sum += v;
    g.count++;
  }
  return groups;
}

const SPEC: AggSpec = { x: ['sum', 'mean', 'count'] };
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

async function compare(label: string, quiver: () => Promise<unknown>, plain: () => unknown, target?: number): Promise<void> {
  const bench = new Bench({ time: values.quick ? 200 : 2000, iterations: values.quick ? 2 : 5, warmupIterations: 1 });
  bench.add('quiver', async () => void (await quiver()));
  bench.add('plain', () => void plain());
  await bench.run();
  const [q, p] = bench.tasks.map((t) => {
    if (t.result.state !== 'completed') throw new Error(`${label} ${t.name}: ${t.result.state} ${'error' in t.result ? String(t.result.error) : ''}`);
    return { median: t.result.latency.p50, best: t.result.latency.min };
  });
  const goal = target === undefined ? '' : `  target ${fmt(target)}: ${q!.median <= target ? 'met' : 'missed'}`;
  console.log(`${label.padEnd(34)} quiver ${fmt(q!.median).padStart(9)} (best ${fmt(q!.best)})  plain ${fmt(p!.median).padStart(9)} (best ${fmt(p!.best)})  ratio ${(p!.median / q!.median).toFixed(2)}x${goal}`);
}

console.log(`Frame.groupby on the ${backend} backend, sum+mean+count of a float64 column (median of runs; ratio = plain / quiver)`);

// First, while the wasm heap is fresh: its 1.2 GB of copies must fit beside nothing else in 4 GiB.
if (values.big) {
  const { k, x } = intKeys(100_000_000, 1_000);
  const frame = new Frame({ k, x });
  await compare('100M rows x 1,000 int keys', () => frame.groupby('k').agg(SPEC), () => plainIntGroupBy(k, x, 1_000), 140);
}

for (const [rows, cardinality, target] of [[10_000_000, 1_000, 12], [10_000_000, 1_000_000, 150]] as const) {
  const { k, x } = intKeys(rows, cardinality);
  const frame = new Frame({ k, x });
  await compare(`${rows / 1e6}M rows x ${cardinality.toLocaleString('en')} int keys`, () => frame.groupby('k').agg(SPEC), () => plainIntGroupBy(k, x, cardinality), target);
}

/** sum, mean and count per key through a Map, as a user groups ids too wide for an array index. */
function plainMapGroupBy(k: Int32Array, x: Float64Array): Map<number, { sum: number; count: number }> {
  const groups = new Map<number, { sum: number; count: number }>();
  for (let i = 0; i < k.length; i++) {
    let g = groups.get(k[i]!);
    if (!g) groups.set(k[i]!, (g = { sum: 0, count: 0 }));
    const v = x[i]!;
    if (v !== v) continue;
    g.sum += v;
    g.count++;
  }
  return groups;
}

// 1,000 ids spread over the int32 range: too wide for slots, hashed on the host.
{
  const { k: draws, x } = intKeys(10_000_000, 1_000);
  const next = seeded(9);
  const ids = Int32Array.from({ length: 1_000 }, () => Math.floor(next() * 2 ** 32) - 2 ** 31);
  const k = draws.map((d) => ids[d]!);
  const frame = new Frame({ k, x });
  await compare('10M rows x 1,000 wide-range int ids', () => frame.groupby('k').agg(SPEC), () => plainMapGroupBy(k, x));
}

/**
 * Keys drawn from a Zipf law (weight 1/rank): the most frequent key takes about 13% of the
 * rows, the 100 most frequent about 70%, as trades per instrument or per client do. Ranks
 * are spread over the key range (rank r is key r * 7919 mod 1,000), so the hot keys are
 * not neighbours in the state.
 */
function zipfKeys(n: number, cardinality: number): { k: Int32Array; x: Float64Array } {
  const next = seeded(5);
  const cdf = new Float64Array(cardinality);
  for (let r = 0, total = 0; r < cardinality; r++) cdf[r] = total += 1 / (r + 1);
  const k = new Int32Array(n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = next() * cdf[cardinality - 1]!;
    let lo = 0;
    for (let hi = cardinality - 1; lo < hi; ) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    k[i] = (lo * 7919) % cardinality;
    x[i] = next() * 100 - 50;
  }
  return { k, x };
}

{
  const { k, x } = zipfKeys(10_000_000, 1_000);
  const frame = new Frame({ k, x });
  await compare('10M rows x 1,000 Zipf int keys', () => frame.groupby('k').agg(SPEC), () => plainIntGroupBy(k, x, 1_000), 12);
}

{
  const rows = 2_000_000;
  const next = seeded(7);
  const names = Array.from({ length: 1000 }, (_, i) => `desk-${i.toString(36)}`);
  const keys = Array.from({ length: rows }, () => names[Math.floor(next() * names.length)]!);
  const x = Float64Array.from({ length: rows }, () => next());
  const frame = new Frame({ desk: keys, x });
  await compare(`${rows / 1e6}M rows x 1,000 string keys`, () => frame.groupby('desk').agg(SPEC), () => plainStringGroupBy(keys, x));
}

// Issue #15's string-key target: 10M rows over 10,000 distinct strings (the frame's dictionary codes are built once, with the frame).
{
  const rows = 10_000_000;
  const next = seeded(11);
  const names = Array.from({ length: 10_000 }, (_, i) => `key-${i.toString(36)}`);
  const keys = Array.from({ length: rows }, () => names[Math.floor(next() * names.length)]!);
  const x = Float64Array.from({ length: rows }, () => next() * 100 - 50);
  const frame = new Frame({ k: keys, x });
  await compare(`${rows / 1e6}M rows x 10,000 string keys`, () => frame.groupby('k').agg(SPEC), () => plainStringGroupBy(keys, x), 60);
}

/** sum, mean and count per pair of int keys in [0, 100): the pair's slot is a * 100 + b, as a user would write it. */
function plainPairGroupBy(a: Int32Array, b: Int32Array, x: Float64Array): Float64Array[] {
  const sum = new Float64Array(100 * 100);
  const count = new Float64Array(100 * 100);
  for (let i = 0; i < a.length; i++) {
    const v = x[i]!;
    if (v !== v) continue;
    const g = a[i]! * 100 + b[i]!;
    sum[g]! += v;
    count[g]!++;
  }
  return [sum, count, sum.map((s, g) => s / count[g]!)];
}

// Two int keys of 100 values each: 10,000 pairs, numbered in the kernel (groupSlots).
{
  const rows = 10_000_000;
  const { k: a, x } = intKeys(rows, 100);
  const b = intKeys(rows, 101).k.map((v) => v % 100);
  const frame = new Frame({ a, b, x });
  await compare(`${rows / 1e6}M rows x two int keys (100x100)`, () => frame.groupby(['a', 'b']).agg(SPEC), () => plainPairGroupBy(a, b, x));
}


/** Writes about `mb` MB of `desk,book,qty,px` rows (1,000 desks, 50 books) to `path`. */
async function writeCsv(path: string, mb: number): Promise<void> {
  const out = createWriteStream(path);
  const next = seeded(3);
  const write = (text: string) => new Promise<void>((done) => (out.write(text) ? done() : out.once('drain', done)));
  await write('desk,book,qty,px\n');
  for (let written = 0; written < mb * 1e6; ) {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) lines.push(`desk-${Math.floor(next() * 1000)},${Math.floor(next() * 50)},${(next() * 200 - 100).toFixed(2)},${(next() * 100).toFixed(3)}`);
    const text = lines.join('\n') + '\n';
    written += text.length;
    await write(text);
  }
  await new Promise<void>((done) => out.end(done));
}

if (values.stream !== undefined) {
  const mb = Number(values.stream);
  const path = join(tmpdir(), `quiver-frame-bench-${process.pid}.csv`);
  await writeCsv(path, mb);
  let peak = process.memoryUsage().rss;
  let bytes = 0;
  const start = performance.now();
  const result = await Frame.scanCsv(path, { blockSize: '16MB', onProgress: (p) => ((bytes = p.bytes), (peak = Math.max(peak, process.memoryUsage().rss))) })
    .assign({ notional: col('qty').mul(col('px')) })
    .groupby(['desk', 'book'])
    .agg({ notional: ['sum', 'mean', 'count'], px: ['min', 'max', 'std'] });
  const seconds = (performance.now() - start) / 1000;
  rmSync(path);
  console.log(`scanCsv groupby over ${(bytes / 1e6).toFixed(0)} MB (16MB blocks): ${seconds.toFixed(1)} s, ${(bytes / 1e6 / seconds).toFixed(0)} MB/s, ${result.length} groups, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
}

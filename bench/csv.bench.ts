/**
 * CSV parsing speed and streaming memory. Standalone: `npx tsx bench/csv.bench.ts`
 * (`--gb=N` sizes the streamed file, default 1; `--mb=N` the in-memory table, default 32;
 * 0 skips either). Streams a generated file with readCsvBatches and prints its throughput
 * and peak RSS, then prints MB/s for Quiver's parseCsv against a plain-JS split +
 * parseFloat parser on the same data, and their ratio (and the JS reader, engine: 'js'); last, streaming throughput by
 * block size over about 256 MB (the in-memory table repeated).
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { parseCsv, readCsvBatches } from '../src/io/csv.js';
import { loadCsvWasm } from '../src/io/csv-wasm.js';

const arg = (name: string, fallback: number): number => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);

const HEADER = 'id,desk,price,qty,pnl\n';
const DESKS = Array.from({ length: 200 }, (_, i) => `desk-${i}`);

/** One row of a typical positions file: an int id, a category, a 2-decimal price, an int quantity, a 6-decimal P&L. */
function row(i: number, random: () => number): string {
  const price = (10 + random() * 990).toFixed(2);
  const qty = Math.floor(random() * 20000) - 10000;
  const pnl = ((random() - 0.5) * 1e5).toFixed(6);
  return `${i},${DESKS[i % DESKS.length]},${price},${qty},${pnl}\n`;
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function table(bytes: number): Uint8Array {
  const random = seeded(7);
  const lines = [HEADER];
  let size = HEADER.length;
  for (let i = 0; size < bytes; i++) {
    const line = row(i, random);
    lines.push(line);
    size += line.length;
  }
  return new TextEncoder().encode(lines.join(''));
}

/** The baseline every user can write: split lines, split fields, parseFloat the numeric columns. */
function plainParse(text: string): number {
  const rows = text.split('\n').map((l) => l.split(','));
  let sum = 0;
  for (let r = 1; r < rows.length; r++) {
    const f = rows[r]!;
    if (f.length < 5) continue;
    sum += parseFloat(f[0]!) + parseFloat(f[2]!) + parseFloat(f[3]!) + parseFloat(f[4]!) + f[1]!.length;
  }
  return sum;
}

async function compareInMemory(mb: number): Promise<void> {
  const bytes = table(mb * 1e6);
  const text = new TextDecoder().decode(bytes);
  const bench = new Bench({ time: 2000, iterations: 5, warmupIterations: 2 });
  // parseCsv reads in wasm once this thread's reader has loaded (csv-wasm.ts).
  await loadCsvWasm();
  bench.add('quiver parseCsv (bytes)', () => parseCsv(bytes, { blockSize: bytes.byteLength }));
  bench.add('plain split + parseFloat (text already decoded)', () => plainParse(text));
  bench.add("quiver parseCsv, engine: 'js'", () => parseCsv(bytes, { blockSize: bytes.byteLength, engine: 'js' }));
  await bench.run();
  // Median and best run: on a shared machine the best run is the one least disturbed.
  const rates = bench.tasks.map((t) => {
    if (t.result.state !== 'completed') throw new Error(`${t.name}: ${t.result.state}`);
    return [t.result.latency.p50, t.result.latency.min].map((ms) => bytes.byteLength / 1e6 / (ms / 1e3)) as [number, number];
  });
  console.log(`In memory, ${(bytes.byteLength / 1e6).toFixed(1)} MB (${HEADER.trim()}); MB/s median / best:`);
  bench.tasks.forEach((t, i) => console.log(`  ${t.name.padEnd(48)} ${rates[i]!.map((r) => r.toFixed(0).padStart(5)).join(' /')}`));
  console.log(`  ratio quiver / plain: ${(rates[0]![0] / rates[1]![0]).toFixed(2)}x median, ${(rates[0]![1] / rates[1]![1]).toFixed(2)}x best`);
}

/** The table's rows `times` over as one source (header once), so every block size, 64 MB included, is measured over several blocks. */
async function* repeated(bytes: Uint8Array, times: number): AsyncIterable<Uint8Array> {
  const body = bytes.subarray(HEADER.length);
  yield bytes;
  for (let k = 1; k < times; k++) yield body;
}

/**
 * Streams the same rows with several block sizes: the default block size rests on this.
 * Wall time and CPU time (user + system of the whole process, garbage collector threads
 * included) are both given: on a shared machine CPU time is the steadier figure.
 */
async function sweepBlockSizes(mb: number): Promise<void> {
  const bytes = table(mb * 1e6);
  const times = Math.max(1, Math.ceil(256 / mb));
  const total = bytes.byteLength * times - HEADER.length * (times - 1);
  const line: string[] = [];
  for (const blockSize of ['256KB', '1MB', '4MB', '16MB', '64MB']) {
    let wall = Infinity;
    let cpu = Infinity;
    for (let run = 0; run < 2; run++) {
      const start = performance.now();
      const used = process.cpuUsage();
      for await (const batch of readCsvBatches(repeated(bytes, times), { blockSize })) if (batch.rows < 0) throw new Error('negative rows');
      const { user, system } = process.cpuUsage(used);
      wall = Math.min(wall, performance.now() - start);
      cpu = Math.min(cpu, (user + system) / 1e3);
    }
    line.push(`${blockSize} ${(total / 1e3 / wall).toFixed(0)} / ${(total / 1e3 / cpu).toFixed(0)}`);
  }
  console.log(`Streaming ${(total / 1e6).toFixed(0)} MB from memory by block size, best of 2, MB/s of wall / CPU time: ${line.join(', ')}`);
}

async function writeFile(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  const random = seeded(11);
  let size = 0;
  let i = 0;
  const write = (s: string) => new Promise<void>((done) => (out.write(s) ? done() : out.once('drain', done)));
  await write(HEADER);
  while (size < bytes) {
    const lines: string[] = [];
    for (let k = 0; k < 100_000; k++) lines.push(row(i++, random));
    const chunk = lines.join('');
    size += chunk.length;
    await write(chunk);
  }
  await new Promise<void>((done) => out.end(done));
  return size + HEADER.length;
}

async function streamFile(gb: number): Promise<void> {
  const path = join(tmpdir(), `quiver-csv-bench-${process.pid}.csv`);
  try {
    const size = await writeFile(path, gb * 1e9);
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let rows = 0;
    let sum = 0;
    const start = performance.now();
    for await (const batch of readCsvBatches(path, { blockSize: '16MB' })) {
      rows += batch.rows;
      const pnl = batch.columns.get('pnl') as Float64Array;
      for (let i = 0; i < pnl.length; i++) sum += pnl[i]!;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const seconds = (performance.now() - start) / 1e3;
    console.log(`Streamed ${(size / 1e9).toFixed(2)} GB (${rows.toLocaleString('en')} rows, 16MB blocks) in ${seconds.toFixed(1)} s: ${(size / 1e6 / seconds).toFixed(0)} MB/s`);
    console.log(`  RSS before ${(before / 2 ** 20).toFixed(0)} MiB, peak while streaming ${(peak / 2 ** 20).toFixed(0)} MiB (process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB); pnl sum ${sum.toExponential(3)}`);
  } finally {
    await rm(path, { force: true });
  }
}

// The stream runs first, so its RSS figures are not inflated by the in-memory comparison's heap.
const gb = arg('gb', 1);
if (gb > 0) await streamFile(gb);
const mb = arg('mb', 32);
if (mb > 0) {
  await compareInMemory(mb);
  await sweepBlockSizes(mb);
}

/**
 * Streams a positions CSV larger than the host memory budget through a groupby and shows
 * that resident memory stays bounded: it writes a synthetic file to the temp folder,
 * scans it in 64 MB blocks (assign notional -> groupby desk, book -> six statistics),
 * prints throughput, the first rows of the result and the peak RSS sampled during the
 * run next to the budget, and deletes the file.
 *
 *   npx tsx examples/stream-groupby.ts [--mb 1500] [--budget 256MB] [--backend wasm|js] [--block 16MB] [--trace]
 *
 * Without `--block` the scan reads blocks of scanCsv's default size.
 *
 * `--trace` prints RSS and the heap after every block, to see what (if anything) grows.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backend, col, Frame, init } from '../src/index.js';

const flag = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1]! : fallback;
};
const MB = 1e6;
const MiB = 2 ** 20;
const sizeMb = Number(flag('mb', '1500'));
const budget = flag('budget', '256MB');
const blockSize = flag('block', '');
const trace = process.argv.includes('--trace');

const DESKS = ['rates', 'fx', 'credit', 'equity', 'commodities', 'em', 'munis', 'structured'];
const BOOKS = 250;
const TICKERS = Array.from({ length: 5000 }, (_, i) => `T${(i * 7919).toString(36).toUpperCase()}`);

/** A seeded linear congruential generator, so every run writes the same file. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Writes about `bytes` of desk,book,ticker,qty,px rows; returns the size written. */
async function writePositions(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  const random = seeded(42);
  const write = (s: string) => new Promise<void>((done) => (out.write(s) ? done() : out.once('drain', done)));
  let size = 0;
  const header = 'desk,book,ticker,qty,px\n';
  await write(header);
  size += header.length;
  while (size < bytes) {
    const lines: string[] = [];
    for (let k = 0; k < 50_000; k++) {
      const desk = DESKS[Math.floor(random() * DESKS.length)]!;
      const book = Math.floor(random() * BOOKS);
      const ticker = TICKERS[Math.floor(random() * TICKERS.length)]!;
      const qty = Math.floor(random() * 20_000) - 10_000;
      const px = (1 + random() * 499).toFixed(4);
      lines.push(`${desk},${book},${ticker},${qty},${px}\n`);
    }
    const chunk = lines.join('');
    size += chunk.length;
    await write(chunk);
  }
  await new Promise<void>((done) => out.end(done));
  return size;
}

const fmt = (bytes: number): string => `${(bytes / MiB).toFixed(0)} MiB`;

await init({ backend: flag('backend', 'wasm') as 'wasm' | 'js', memory: { host: budget } });
const path = join(tmpdir(), `quiver-positions-${process.pid}.csv`);
try {
  console.log(`writing ${sizeMb} MB of positions to ${path} ...`);
  const size = await writePositions(path, sizeMb * MB);
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const sampler = setInterval(sample, 20);
  let blocks = 0;
  let rows = 0;
  const onProgress = (p: { bytes: number; rows: number }) => {
    sample();
    blocks++;
    rows = p.rows;
    if (trace) {
      const m = process.memoryUsage();
      console.log(`  block ${blocks}: ${(p.bytes / MB).toFixed(0)} MB, ${rows} rows, rss ${fmt(m.rss)}, heap ${fmt(m.heapUsed)}, external ${fmt(m.external)}, array buffers ${fmt(m.arrayBuffers)}`);
    }
  };
  const start = performance.now();
  const result = await Frame.scanCsv(path, { ...(blockSize ? { blockSize } : {}), onProgress })
    .assign({ notional: col('qty').mul(col('px')) })
    .groupby(['desk', 'book'])
    .agg({ notional: ['sum', 'mean', 'count', 'min', 'max', 'std'], qty: 'sum' });
  const seconds = (performance.now() - start) / 1e3;
  clearInterval(sampler);
  sample();
  console.log(`backend ${backend()}, host budget ${budget}, ${blockSize || 'default'} blocks (${blocks})`);
  console.log(`streamed ${(size / MB).toFixed(0)} MB in ${seconds.toFixed(1)} s: ${(size / MB / seconds).toFixed(0)} MB/s, ${rows.toLocaleString('en')} rows, ${result.length} groups`);
  console.log(result.head(8).toString());
  console.log(`RSS before the scan ${fmt(baseline)}, peak during it ${fmt(peak)} (+${fmt(peak - baseline)}); file ${fmt(size)}, host budget ${budget}`);
} finally {
  await rm(path, { force: true });
}

/**
 * Run by stream-rss.test.ts in a child process of its own, so its resident set size
 * measures one streamed groupby alone: a positions CSV of `--mb` megabytes is generated
 * on the fly as a ReadableStream (nothing is written to disk or kept), scanned in small
 * blocks under a small host budget, and grouped by desk and book. While generating, the
 * child also groups the same rows in plain JS (a Map of running sums), the oracle the
 * test compares against. RSS is sampled after every block. Prints one JSON line.
 *
 *   node --import tsx test/frame/stream-rss-child.ts --mb 240 --backend wasm [--threads n]
 */
import { col, Frame, init } from '../../src/index.js';

const flag = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const BYTES = Number(flag('mb', '240')) * 1e6;
const HOST = 32 * 2 ** 20;
const BLOCK = '4MB';
const CHUNK = 1 << 20;

const DESKS = ['rates', 'fx', 'credit', 'equity', 'commodities', 'em', 'munis', 'structured'].map((d) => new TextEncoder().encode(d));
const TICKERS = Array.from({ length: 500 }, (_, i) => new TextEncoder().encode(`T${(i * 7919).toString(36).toUpperCase()}`));
const BOOKS = 50;

/** Running statistics of one group, as a user would keep them: Welford for the variance. */
interface Stats {
  count: number;
  sum: number;
  min: number;
  max: number;
  mean: number;
  m2: number;
  qty: number;
}
const oracle = new Map<string, Stats>();

function observe(desk: number, book: number, qty: number, px: number): void {
  const key = `${desk},${book}`;
  let s = oracle.get(key);
  if (!s) oracle.set(key, (s = { count: 0, sum: 0, min: Infinity, max: -Infinity, mean: 0, m2: 0, qty: 0 }));
  const v = qty * px;
  s.count++;
  s.sum += v;
  s.qty += qty;
  s.min = Math.min(s.min, v);
  s.max = Math.max(s.max, v);
  const delta = v - s.mean;
  s.mean += delta / s.count;
  s.m2 += delta * (v - s.mean);
}

/** Writes an integer's decimal digits at `at`; returns the position after them. */
function writeInt(out: Uint8Array, at: number, v: number): number {
  let p = at;
  if (v < 0) {
    out[p++] = 0x2d;
    v = -v;
  }
  const start = p;
  do {
    out[p++] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  } while (v > 0);
  out.subarray(start, p).reverse();
  return p;
}

/** desk,book,ticker,qty,px rows, generated a chunk at a time as the reader pulls them. */
function positions(): ReadableStream<Uint8Array> {
  let seed = 12345;
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const header = new TextEncoder().encode('desk,book,ticker,qty,px\n');
      sent += header.byteLength;
      controller.enqueue(header);
    },
    pull(controller) {
      if (sent >= BYTES) return controller.close();
      const out = new Uint8Array(CHUNK);
      let p = 0;
      while (p < CHUNK - 64) {
        const desk = Math.floor(random() * DESKS.length);
        const book = Math.floor(random() * BOOKS);
        const qty = Math.floor(random() * 20_000) - 10_000;
        const cents = 100 + Math.floor(random() * 50_000);
        out.set(DESKS[desk]!, p);
        p += DESKS[desk]!.byteLength;
        out[p++] = 0x2c;
        p = writeInt(out, p, book);
        out[p++] = 0x2c;
        const ticker = TICKERS[Math.floor(random() * TICKERS.length)]!;
        out.set(ticker, p);
        p += ticker.byteLength;
        out[p++] = 0x2c;
        p = writeInt(out, p, qty);
        out[p++] = 0x2c;
        p = writeInt(out, p, Math.floor(cents / 100));
        out[p++] = 0x2e;
        out[p++] = 0x30 + Math.floor((cents % 100) / 10);
        out[p++] = 0x30 + (cents % 10);
        out[p++] = 0x0a;
        // The parser reads "123.45" as 12345 / 100, exactly this double.
        observe(desk, book, qty, cents / 100);
      }
      sent += p;
      controller.enqueue(out.subarray(0, p));
    },
  });
}

await init({ backend: flag('backend', 'wasm') as 'wasm' | 'js', memory: { host: HOST } });
globalThis.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
/** The peak over the first half of the source: the second half must not climb above it by much. */
let firstHalf = baseline;
let blocks = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const onProgress = ({ bytes }: { bytes: number }) => {
  sample();
  blocks++;
  if (bytes <= BYTES / 2) firstHalf = peak;
};
const threads = flag('threads', '');
const result = await Frame.scanCsv(positions(), { blockSize: BLOCK, onProgress, ...(threads ? { threads: Number(threads) } : {}) })
  .assign({ notional: col('qty').mul(col('px')) })
  .groupby(['desk', 'book'])
  .agg({ notional: ['sum', 'mean', 'count', 'min', 'max', 'std'], qty: 'sum' });
sample();

const got = await result.toColumns();
const names = DESKS.map((d) => new TextDecoder().decode(d));
let worst = 0;
let mismatches = 0;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
for (let g = 0; g < result.length; g++) {
  const s = oracle.get(`${names.indexOf(got.desk![g] as string)},${got.book![g]}`);
  if (!s) {
    mismatches++;
    continue;
  }
  const want = [s.sum, s.mean, s.count, s.min, s.max, Math.sqrt(s.m2 / (s.count - 1)), s.qty];
  const have = ['notional_sum', 'notional_mean', 'notional_count', 'notional_min', 'notional_max', 'notional_std', 'qty_sum'].map((c) => Number((got[c] as ArrayLike<number>)[g]));
  want.forEach((w, k) => {
    worst = Math.max(worst, Math.abs(have[k]! - w) / Math.max(1, Math.abs(w)));
    if (!close(have[k]!, w)) mismatches++;
  });
}
console.log(JSON.stringify({ baseline, firstHalf, peak, host: HOST, bytes: BYTES, blocks, groups: result.length, oracleGroups: oracle.size, mismatches, worst }));

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { col, Frame, np, type NDArray } from '../../src/index.js';

/** mulberry32: the workload is the same sequence of programs on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function check(what: string, got: number, want: number): void {
  if (Math.abs(got - want) > 1e-6 * Math.max(1, Math.abs(want))) throw new Error(`soak: ${what} gave ${got}, expected ${want}`);
}

/** A random elementwise program over fresh data and a reduction of it, checked against plain JS. */
async function randomProgram(r: () => number): Promise<void> {
  const n = 1024 + Math.floor(r() * 64 * 1024);
  const a = Float64Array.from({ length: n }, (_, i) => (i % 97) - 48);
  const b = Float64Array.from({ length: n }, (_, i) => (i % 13) + 1);
  const [k, c] = [Math.floor(r() * 5) + 1, Math.floor(r() * 9) - 4];
  let want = 0;
  for (let i = 0; i < n; i++) want += Math.abs(a[i]! * k + c) / b[i]!;
  const x = np.array(a);
  const y = np.array(b);
  const total = np.scope(() => x.mul(k).add(c).abs().div(y).sum());
  check('a random program', Number(await total.item()), want);
  for (const t of [total, x, y]) t.dispose();
}

/** A frame grouped by a key column, its sum checked against the column's. */
async function frameGroupby(r: () => number): Promise<void> {
  const n = 2000 + Math.floor(r() * 8000);
  const qty = Float64Array.from({ length: n }, (_, i) => (i % 50) - 20);
  const desk = Int32Array.from({ length: n }, (_, i) => i % 7);
  const grouped = await new Frame({ desk, qty }).assign({ twice: col('qty').mul(2) }).groupby('desk').agg({ twice: 'sum' });
  const sums = (await grouped.toColumns()).twice_sum as Float64Array;
  check('a frame groupby', sums.reduce((s, v) => s + v, 0), 2 * qty.reduce((s, v) => s + v, 0));
}

/** A CSV of `rows` rows in `dir`, streamed through a groupby in small blocks. */
async function streamCsv(path: string): Promise<void> {
  const grouped = await Frame.scanCsv(path, { blockSize: '64KB' }).groupby('desk').agg({ qty: 'sum' });
  const sums = (await grouped.toColumns()).qty_sum as Float64Array;
  check('a streamed CSV', sums.reduce((s, v) => s + v, 0), CSV_TOTAL);
}

const CSV_ROWS = 20_000;
const CSV_TOTAL = Array.from({ length: CSV_ROWS }, (_, i) => (i % 31) - 10).reduce((s, v) => s + v, 0);

export function writeCsv(dir: string): string {
  const path = join(dir, 'soak.csv');
  const lines = Array.from({ length: CSV_ROWS }, (_, i) => `${i % 5},${(i % 31) - 10}`);
  writeFileSync(path, `desk,qty\n${lines.join('\n')}\n`);
  return path;
}

/**
 * Persists under budget pressure: arrays kept across iterations (a ring, oldest
 * disposed), each persisted so the host budget spills them, and read back.
 */
async function persistRing(r: () => number, ring: NDArray[]): Promise<void> {
  const n = 16 * 1024;
  const v = Math.floor(r() * 100);
  const kept = await np.full([n], v, 'float64').add(1).persist();
  ring.push(kept);
  if (ring.length > 24) ring.shift()!.dispose();
  const old = ring[Math.floor(r() * ring.length)]!;
  const data = await old.data();
  if (data.length !== n || data[0] !== data[n - 1]) throw new Error('soak: a persisted array came back changed');
}

/** One iteration of the mixed workload. */
export async function iteration(r: () => number, csv: string, ring: NDArray[]): Promise<void> {
  const pick = r();
  if (pick < 0.4) await randomProgram(r);
  else if (pick < 0.6) await frameGroupby(r);
  else if (pick < 0.7) await streamCsv(csv);
  else await persistRing(r, ring);
}

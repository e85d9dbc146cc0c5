/**
 * `npx tsx bench/wasm-routines.bench.ts [--quick]`: single-thread throughput of the wasm
 * routines (wasm/src/matmul.rs, scan.rs, sort.rs, groupby.rs with partition.rs) called
 * directly on the shared heap, the figures their block sizes and thresholds were tuned
 * with. Prints; never asserts.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AnyTypedArray, DType } from '../src/graph/dtype.js';
import { matmulRows, matmulScratchBytes, type MatmulExports } from '../src/backend/wasm/routines/matmul.js';
import { scanLanes, type ScanExports } from '../src/backend/wasm/routines/scan.js';
import { sortLanes, sortScratchBytes, type SortExports } from '../src/backend/wasm/routines/sort.js';
import type { GroupByExports } from '../src/backend/wasm/routines/groupby.js';
import { uniformArray } from './data.js';

type Exports = MatmulExports & ScanExports & SortExports & GroupByExports & { readonly __heap_base: WebAssembly.Global };
const STORAGE = { float64: Float64Array, float32: Float32Array, int32: Int32Array, uint32: Uint32Array, bool: Uint8Array } as const;

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const REPEATS = values.quick ? 3 : 10;

const memory = new WebAssembly.Memory({ initial: 32, maximum: 65536, shared: true });
const bytes = readFileSync(new URL('../wasm/quiver.wasm', import.meta.url));
const ex = (await WebAssembly.instantiate(bytes, { env: { memory } })).instance.exports as unknown as Exports;
const base = Math.ceil((ex.__heap_base.value as number) / 64) * 64;
let top = base;

function alloc(n: number): number {
  const ptr = top;
  top += Math.ceil(n / 64) * 64;
  if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
  return ptr;
}

/** Copies seeded data in [-1, 1) (integers: scaled to their range) into the heap as `dtype`. */
function put(dtype: DType, n: number, seed: number): number {
  const src = uniformArray(n, -1, 1, seed);
  const ptr = alloc(n * STORAGE[dtype].BYTES_PER_ELEMENT);
  const dst: AnyTypedArray = new STORAGE[dtype](memory.buffer, ptr, n);
  const scale = dtype === 'float64' || dtype === 'float32' ? 1 : dtype === 'bool' ? 0.5 : 2 ** 31;
  src.forEach((v, i) => (dst[i] = dtype === 'bool' ? +(v > 0) : scale === 1 ? v : Math.floor(v * scale)));
  return ptr;
}

/** Best of REPEATS runs (after one warm-up), in ms. */
function best(run: () => void): number {
  run();
  let ms = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    run();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

console.log('matmul, 1 thread (n x n @ n x n)');
for (const dtype of ['float64', 'float32', 'int32'] as const) {
  for (const n of [256, 512, 1024]) {
    top = base;
    const [a, b, c, scratch] = [put(dtype, n * n, 1), put(dtype, n * n, 2), alloc(n * n * 8), alloc(matmulScratchBytes(ex, n, n))];
    const ms = best(() => matmulRows(ex, dtype, a, b, c, scratch, 1, n, n, n));
    console.log(`  ${dtype.padEnd(8)} ${String(n).padStart(5)}: ${ms.toFixed(2).padStart(7)} ms  ${((2 * n ** 3) / ms / 1e6).toFixed(1)} G(FL)OP/s`);
  }
}

console.log('sort, 1 thread (lanes x len)');
for (const dtype of ['float64', 'float32', 'int32'] as const) {
  for (const [lanes, len] of [[1, 1 << 20], [4096, 256], [65536, 16]] as const) {
    top = base;
    const n = lanes * len;
    const [x, out, idx, scratch] = [put(dtype, n, 3), alloc(n * 8), alloc(n * 4), alloc(sortScratchBytes(ex, len))];
    const sorted = best(() => sortLanes(ex, dtype, x, out, 0, lanes, len, scratch));
    const argsorted = best(() => sortLanes(ex, dtype, x, 0, idx, lanes, len, scratch));
    console.log(`  ${dtype.padEnd(8)} ${`${lanes} x ${len}`.padStart(12)}: sort ${(n / sorted / 1e3).toFixed(0).padStart(4)} M/s, argsort ${(n / argsorted / 1e3).toFixed(0).padStart(4)} M/s`);
  }
}
const plain = uniformArray(1 << 20, -1, 1, 3);
console.log(`  Float64Array.prototype.sort, 1 x ${1 << 20}: ${((1 << 20) / best(() => plain.slice().sort()) / 1e3).toFixed(0)} M/s`);

console.log('cumsum / cumprod, 1 thread (lanes x len)');
for (const dtype of ['float64', 'float32', 'int32'] as const) {
  for (const [lanes, len] of [[1, 1 << 20], [4096, 256]] as const) {
    top = base;
    const n = lanes * len;
    const [x, out] = [put(dtype, n, 4), alloc(n * 8)];
    const sum = best(() => scanLanes(ex, 'cumsum', dtype, x, out, lanes, len));
    const prod = best(() => scanLanes(ex, 'cumprod', dtype, x, out, lanes, len));
    console.log(`  ${dtype.padEnd(8)} ${`${lanes} x ${len}`.padStart(12)}: cumsum ${(n / sum / 1e3).toFixed(0).padStart(5)} M/s, cumprod ${(n / prod / 1e3).toFixed(0).padStart(5)} M/s`);
  }
}

// The groupby partitioning constants (src/backend/wasm/routines/group-rows.ts): the direct
// pass against histogram + stable scatter + the same kernel over partitions of 2^shift groups.
console.log('groupby moments / extremes, 1 thread: direct pass vs rows partitioned first, ms');
const rows = values.quick ? 1 << 21 : 1 << 22;
for (const groups of [1 << 16, 1 << 18, 1 << 19, 1 << 20]) {
  top = base;
  const [codes, x, state] = [alloc(rows * 4), put('float64', rows, 5), alloc(4 * groups * 8)];
  new Int32Array(memory.buffer, codes, rows).set(uniformArray(rows, 0, groups, 6).map(Math.floor));
  const [pCodes, pX, pRows, sizes, cursor] = [alloc(rows * 4), alloc(rows * 8), alloc(rows * 4), alloc(4096 * 4), alloc(4096 * 4)];
  const out = [0, 1, 2, 3].map((j) => state + j * groups * 8) as [number, number, number, number];
  const moments = (c: number, v: number) => (new Float64Array(memory.buffer, state, 3 * groups).fill(0), ex.group_moments(c, v, 0, rows, groups, out[0], out[1], out[2]));
  const extremes = (c: number, v: number, r?: number) => {
    new Float64Array(memory.buffer, state, 4 * groups).fill(NaN);
    if (r === undefined) ex.group_extremes(c, v, 0, rows, groups, ...out);
    else ex.group_extremes_at(c, v, r, 0, rows, groups, ...out);
  };
  const partition = (shift: number, withRows: boolean) => {
    const parts = Math.ceil(groups / 2 ** shift);
    const count = new Uint32Array(memory.buffer, sizes, parts).fill(0);
    ex.group_partition_sizes(codes, 0, rows, shift, sizes);
    const next = new Uint32Array(memory.buffer, cursor, parts);
    for (let p = 0, at = 0; p < parts; at += count[p++]!) next[p] = at;
    ex.group_scatter(codes, x, 0, rows, shift, cursor, pCodes, pX, withRows ? pRows : 0);
  };
  const cells = [`direct ${best(() => moments(codes, x)).toFixed(1)} / ${best(() => extremes(codes, x)).toFixed(1)}`];
  for (const shift of [11, 12, 13, 14]) {
    cells.push(`2^${shift} ${best(() => (partition(shift, false), moments(pCodes, pX))).toFixed(1)} / ${best(() => (partition(shift, true), extremes(pCodes, pX, pRows))).toFixed(1)}`);
  }
  console.log(`  ${String(groups).padStart(8)} groups, ${rows} rows: ${cells.join(', ')}`);
}

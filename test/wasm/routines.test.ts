import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, type AnyTypedArray, type DType } from 'quiverjs';
import { matmulRows, matmulScratchBytes, type MatmulExports } from '../../src/backend/wasm/routines/matmul.js';
import { scanLanes, type ScanExports, type ScanOp } from '../../src/backend/wasm/routines/scan.js';
import { sortLanes, sortScratchBytes, type SortExports } from '../../src/backend/wasm/routines/sort.js';
import { rng } from '../helpers/rng.js';

/**
 * The wasm routines (wasm/src/matmul.rs, scan.rs, sort.rs) against the js backend, the
 * reference: every result must have the same bits (NaN where it has NaN, the same sign of
 * zero) and argsort the same indices. float32 matmul sums in float32 as sgemm does, where
 * the reference sums in float64: it must have the bits of the sequential float32 loop.
 */
type Exports = MatmulExports & ScanExports & SortExports & { readonly __heap_base: WebAssembly.Global };

const STORAGE = { float64: Float64Array, float32: Float32Array, int32: Int32Array, uint32: Uint32Array, bool: Uint8Array } as const;
const PAGE = 65536;

let ex: Exports;
let memory: WebAssembly.Memory;

beforeAll(async () => {
  memory = new WebAssembly.Memory({ initial: 32, maximum: 65536, shared: true });
  const bytes = readFileSync(new URL('../../wasm/quiver.wasm', import.meta.url));
  ex = (await WebAssembly.instantiate(bytes, { env: { memory } })).instance.exports as unknown as Exports;
  await init({ backend: 'js' });
});

/** A bump allocator above `__heap_base`, growing the memory; each test starts a fresh one. */
class Arena {
  private top = Math.ceil((ex.__heap_base.value as number) / 64) * 64;

  alloc(bytes: number): number {
    const ptr = this.top;
    this.top += Math.ceil(Math.max(bytes, 1) / 64) * 64;
    const short = this.top - memory.buffer.byteLength;
    if (short > 0) memory.grow(Math.ceil(short / PAGE));
    return ptr;
  }

  /** Copies `data` into the heap and returns its address. */
  put(data: AnyTypedArray): number {
    const ptr = this.alloc(data.byteLength);
    new Uint8Array(memory.buffer, ptr, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return ptr;
  }

  /** A fresh view (views die when the memory grows). */
  view(dtype: DType, ptr: number, n: number): AnyTypedArray {
    return new STORAGE[dtype](memory.buffer, ptr, n);
  }

  /** `n` elements filled with a sentinel bit pattern, to see what a kernel left untouched. */
  poisoned(dtype: DType, n: number): number {
    const ptr = this.alloc(n * STORAGE[dtype].BYTES_PER_ELEMENT);
    new Uint8Array(memory.buffer, ptr, n * STORAGE[dtype].BYTES_PER_ELEMENT).fill(0xa5);
    return ptr;
  }
}


const SPECIAL: { [D in DType]: readonly number[] } = {
  float64: [NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 1.7976931348623157e308, -2.2250738585072014e-308, 0.1, -1],
  float32: [NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 3.4028234663852886e38, -1.1754943508222875e-38, Math.fround(0.1), -1],
  int32: [-2147483648, 2147483647, 0, -1, 1, 65536],
  uint32: [0, 4294967295, 2147483648, 2147483647, 1, 65536],
  bool: [0, 1],
};

/**
 * `n` values of `dtype`: a mix of `special` values (a `specials` fraction), small integers
 * (so ties occur) and values spread over the dtype's range.
 */
function values(dtype: DType, n: number, seed: number, specials = 0.1): AnyTypedArray {
  const r = rng(seed);
  const out = new STORAGE[dtype](n);
  for (let i = 0; i < n; i++) {
    const u = r();
    if (u < specials) out[i] = SPECIAL[dtype][Math.floor(r() * SPECIAL[dtype].length)]!;
    else if (dtype === 'bool') out[i] = r() < 0.5 ? 1 : 0;
    else if (u < specials + 0.3) out[i] = Math.floor(r() * 9) - (dtype === 'uint32' ? 0 : 4);
    else if (dtype === 'int32' || dtype === 'uint32') out[i] = Math.floor(r() * 4294967296);
    else out[i] = (r() - 0.5) * 2 ** Math.floor(r() * 40 - 20);
  }
  return out;
}

/** Positions where `got` and `want` differ in value, NaN-ness or sign of zero (at most 5, for the message). */
function mismatches(got: ArrayLike<number>, want: ArrayLike<number>): string[] {
  const bad: string[] = [];
  if (got.length !== want.length) return [`length ${got.length} != ${want.length}`];
  for (let i = 0; i < got.length && bad.length < 5; i++) {
    if (!Object.is(got[i], want[i])) bad.push(`[${i}]: ${got[i]} != ${want[i]}`);
  }
  return bad;
}

const DTYPES: readonly DType[] = ['float64', 'float32', 'int32', 'uint32', 'bool'];

describe('wasm matmul', () => {
  /** The js backend's batched product of `a` (batch x n x k) and `b` (batch x k x m). */
  const jsBackend = (dtype: DType, a: AnyTypedArray, b: AnyTypedArray, [batch, n, k, m]: readonly number[]) =>
    np.matmul(np.asarray(a, dtype).reshape(batch!, n!, k!), np.asarray(b, dtype).reshape(batch!, k!, m!)).data();

  /** `s = s + a[i,q] * b[q,j]` for q = 0, 1, ..., each product and sum rounded to float32. */
  const float32Loop = (a: AnyTypedArray, b: AnyTypedArray, [batch, n, k, m]: readonly number[]): number[] => {
    const c: number[] = [];
    for (let t = 0; t < batch!; t++) {
      for (let i = 0; i < n!; i++) {
        for (let j = 0; j < m!; j++) {
          let s = 0;
          for (let q = 0; q < k!; q++) s = Math.fround(s + Math.fround(Number(a[(t * n! + i) * k! + q]) * Number(b[(t * k! + q) * m! + j])));
          c.push(s);
        }
      }
    }
    return c;
  };

  const reference = async (dtype: DType, a: AnyTypedArray, b: AnyTypedArray, shape: readonly number[]): Promise<number[]> =>
    dtype === 'float32' ? float32Loop(a, b, shape) : Array.from(await jsBackend(dtype, a, b, shape));

  const run = (dtype: DType, a: AnyTypedArray, b: AnyTypedArray, [batch, n, k, m]: readonly number[], splits: readonly number[] = []) => {
    const arena = new Arena();
    const pa = arena.put(a);
    const pb = arena.put(b);
    const pc = arena.poisoned(dtype, batch! * n! * m!);
    const bounds = [0, ...splits, batch! * n!];
    for (let s = 0; s + 1 < bounds.length; s++) {
      const scratch = arena.alloc(matmulScratchBytes(ex, k!, m!));
      matmulRows(ex, dtype, pa, pb, pc, scratch, batch!, n!, k!, m!, bounds[s]!, bounds[s + 1]!);
    }
    return Array.from(arena.view(dtype, pc, batch! * n! * m!));
  };

  // Tiles 2 x 6 (float64), 2 x 16 (float32) and 4 x 8 (int); blocks MC 256, KC 256, NC 516: the shapes cross
  // every edge, and k = 300 continues partial sums across a k block.
  const SHAPES = [
    [1, 1, 1, 1],
    [2, 5, 7, 3],
    [3, 17, 33, 13],
    [1, 9, 300, 14],
    [1, 259, 5, 520],
  ] as const;

  for (const dtype of DTYPES) {
    it(`gives the bits of ${dtype === 'float32' ? 'the float32 loop' : "the reference"} for ${dtype} at odd sizes, with special values`, async () => {
      for (const [i, shape] of SHAPES.entries()) {
        const [batch, n, k, m] = shape;
        const specials = dtype === 'float64' || dtype === 'float32' ? 0.002 : 0.1;
        const a = values(dtype, batch * n * k, 10 + i, specials);
        const b = values(dtype, batch * k * m, 20 + i, specials);
        expect(mismatches(run(dtype, a, b, shape), await reference(dtype, a, b, shape)), `shape ${shape}`).toEqual([]);
      }
    });
  }

  it('propagates NaN and infinities and keeps the sign of zero sums as the reference (float32: the float32 loop) does', async () => {
    const shape = [2, 6, 5, 7] as const;
    for (const dtype of ['float64', 'float32'] as const) {
      const a = values(dtype, 60, 31, 0.5);
      const b = values(dtype, 70, 32, 0.5);
      a.fill(-0, 0, 5); // row 0 of product 0 is all -0: 0 + (-0 * x) stays +0
      expect(mismatches(run(dtype, a, b, shape), await reference(dtype, a, b, shape))).toEqual([]);
    }
  });

  it('agrees with the float64 sums of the reference for float32 within float32 rounding of the sum of |a||b|', async () => {
    const shape = [2, 33, 700, 29] as const;
    const a = values('float32', 2 * 33 * 700, 61, 0);
    const b = values('float32', 2 * 700 * 29, 62, 0);
    const got = run('float32', a, b, shape);
    const want = await jsBackend('float32', a, b, shape);
    const bound = float32Loop(a.map(Math.abs), b.map(Math.abs), shape).map((s) => 701 * 2 ** -24 * s);
    const off = got.map((v, i) => Math.abs(v - want[i]!) - bound[i]!).filter((excess) => excess > 0);
    expect(off).toEqual([]);
    expect(got.some((v, i) => v !== want[i])).toBe(true);
  });

  it('gives the same bits when the rows are split across calls, inside a product and across products', () => {
    const shape = [3, 40, 30, 20] as const;
    for (const dtype of ['float64', 'float32', 'int32'] as const) {
      const a = values(dtype, 3 * 40 * 30, 41);
      const b = values(dtype, 3 * 30 * 20, 42);
      expect(run(dtype, a, b, shape, [7, 55, 56, 119])).toEqual(run(dtype, a, b, shape));
    }
  });

  it('writes zeros when k is 0 and nothing when there are no rows', () => {
    expect(run('float64', new Float64Array(0), new Float64Array(0), [2, 3, 0, 4])).toEqual(new Array(24).fill(0));
    expect(run('bool', new Uint8Array(0), new Uint8Array(0), [1, 2, 0, 2])).toEqual([0, 0, 0, 0]);
    expect(run('float32', new Float32Array(0), new Float32Array(12), [1, 0, 4, 3])).toEqual([]);
  });
});

describe('wasm scan', () => {
  const SCAN_DTYPES = ['float64', 'float32', 'int32', 'uint32'] as const;
  const SHAPES = [
    [1, 1],
    [3, 1],
    [5, 7],
    [9, 33],
    [4, 1000],
    [1, 5000],
  ] as const;

  const reference = (op: ScanOp, dtype: DType, x: AnyTypedArray, lanes: number, len: number) => np[op](np.asarray(x, dtype).reshape(lanes, len), -1).data();

  for (const op of ['cumsum', 'cumprod'] as const) {
    for (const dtype of SCAN_DTYPES) {
      it(`${op} gives the reference's bits for ${dtype} lanes, out of place and in place`, async () => {
        for (const [i, [lanes, len]] of SHAPES.entries()) {
          // Products of many values under- or overflow; mostly +-1 and small values keep them finite.
          const x = values(dtype, lanes * len, 50 + i, 0.05);
          if (op === 'cumprod' && (dtype === 'float64' || dtype === 'float32')) x.forEach((v, j) => (x[j] = j % 7 === 0 ? v : 1 + (v % 1) / 64));
          const want = Array.from(await reference(op, dtype, x, lanes, len));
          const arena = new Arena();
          const px = arena.put(x);
          const out = arena.poisoned(dtype, lanes * len);
          scanLanes(ex, op, dtype, px, out, lanes, len);
          expect(mismatches(Array.from(arena.view(dtype, out, lanes * len)), want), `${lanes} x ${len}`).toEqual([]);
          scanLanes(ex, op, dtype, px, px, lanes, len);
          expect(mismatches(Array.from(arena.view(dtype, px, lanes * len)), want), `${lanes} x ${len} in place`).toEqual([]);
        }
      });
    }
  }

  it('starts float sums from -0, rounds float32 at every step and wraps integers', () => {
    const arena = new Arena();
    const cases: [ScanOp, DType, number[], number[]][] = [
      ['cumsum', 'float64', [-0, -0, 0, -0], [-0, -0, 0, 0]],
      ['cumsum', 'float32', [1, 2 ** -24, 2 ** -24, 2 ** -24], [1, 1, 1, 1]],
      ['cumsum', 'float32', [3e38, 3e38, -Infinity], [3e38, Infinity, NaN]],
      ['cumsum', 'int32', [2147483647, 1, -1], [2147483647, -2147483648, 2147483647]],
      ['cumprod', 'uint32', [65536, 65536, 3], [65536, 0, 0]],
      ['cumprod', 'int32', [-2147483648, -1, 2], [-2147483648, -2147483648, 0]],
    ];
    for (const [op, dtype, x, want] of cases) {
      const px = arena.put(STORAGE[dtype].from(x));
      scanLanes(ex, op, dtype, px, px, 1, x.length);
      expect(mismatches(Array.from(arena.view(dtype, px, x.length)), STORAGE[dtype].from(want) as unknown as number[]), `${op} ${dtype} ${x}`).toEqual([]);
    }
  });

  it('touches nothing for empty lanes and refuses bool', () => {
    const arena = new Arena();
    const out = arena.poisoned('float64', 4);
    scanLanes(ex, 'cumsum', 'float64', arena.put(new Float64Array(4)), out, 4, 0);
    expect(Array.from(arena.view('int32', out, 8))).toEqual(new Array(8).fill(0xa5a5a5a5 | 0));
    expect(() => scanLanes(ex, 'cumsum', 'bool', 0, 0, 1, 1)).toThrow(/cumsum: no wasm scan over bool/);
  });
});

describe('wasm sort', () => {
  // Lanes below 33 are insertion-sorted, longer ones radix-sorted.
  const SHAPES = [
    [1, 1],
    [7, 2],
    [5, 31],
    [4, 32],
    [3, 33],
    [2, 257],
    [1, 1000],
    [1, 5000],
  ] as const;

  const reference = async (dtype: DType, x: AnyTypedArray, lanes: number, len: number) => {
    const a = np.asarray(x, dtype).reshape(lanes, len);
    const [sorted, order] = await np.compute(np.sort(a, -1), np.argsort(a, -1));
    return [Array.from(sorted!), Array.from(order!)];
  };

  for (const dtype of DTYPES) {
    it(`sorts and argsorts ${dtype} lanes stably, as the reference does`, async () => {
      for (const [i, [lanes, len]] of SHAPES.entries()) {
        const n = lanes * len;
        const x = values(dtype, n, 70 + i, 0.3);
        const [wantValues, wantOrder] = await reference(dtype, x, lanes, len);
        const arena = new Arena();
        const px = arena.put(x);
        const scratch = arena.alloc(sortScratchBytes(ex, len));
        const [both, bothIdx, only, onlyIdx] = [arena.poisoned(dtype, n), arena.poisoned('int32', n), arena.poisoned(dtype, n), arena.poisoned('int32', n)];
        sortLanes(ex, dtype, px, both, bothIdx, lanes, len, scratch);
        sortLanes(ex, dtype, px, only, 0, lanes, len, scratch);
        sortLanes(ex, dtype, px, 0, onlyIdx, lanes, len, scratch);
        const what = `${lanes} x ${len}`;
        expect(mismatches(Array.from(arena.view(dtype, both, n)), wantValues!), what).toEqual([]);
        expect(mismatches(Array.from(arena.view(dtype, only, n)), wantValues!), `${what} values only`).toEqual([]);
        expect(Array.from(arena.view('int32', bothIdx, n)), what).toEqual(wantOrder);
        expect(Array.from(arena.view('int32', onlyIdx, n)), `${what} argsort only`).toEqual(wantOrder);
        expect(Array.from(arena.view(dtype, px, n)), 'the input is left alone').toEqual(Array.from(x));
      }
    });
  }

  it('puts NaN last and keeps -0 and 0 in input order', () => {
    const arena = new Arena();
    for (const len of [8, 64]) {
      const x = Float64Array.from({ length: len }, (_, i) => [NaN, 0, -0, -Infinity, 1, -0, 0, -1][i % 8]!);
      const px = arena.put(x);
      const [out, idx] = [arena.alloc(len * 8), arena.alloc(len * 4)];
      sortLanes(ex, 'float64', px, out, idx, 1, len, arena.alloc(sortScratchBytes(ex, len)));
      const order = Array.from(x.keys()).sort((p, q) => {
        const [a, b] = [x[p]!, x[q]!];
        return a < b ? -1 : a > b ? 1 : a === b || (a !== a && b !== b) ? 0 : a !== a ? 1 : -1;
      });
      expect(Array.from(arena.view('int32', idx, len))).toEqual(order);
      expect(mismatches(Array.from(arena.view('float64', out, len)), order.map((j) => x[j]!))).toEqual([]);
    }
  });

  it('sorts lanes whose keys share digits (passes skipped) as the reference does', async () => {
    const len = 1000;
    const cases: [DType, AnyTypedArray][] = [
      ['int32', Int32Array.from({ length: len }, (_, i) => (i * 37) % 256)],
      ['float64', Float64Array.from({ length: len }, (_, i) => (i % 3 === 0 ? -0 : 0))],
      ['float32', Float32Array.from({ length: len }, (_, i) => (i % 5 === 0 ? 0 : NaN))],
      ['uint32', new Uint32Array(len).fill(4294967295)],
    ];
    for (const [dtype, x] of cases) {
      const [wantValues, wantOrder] = await reference(dtype, x, 1, len);
      const arena = new Arena();
      const [out, idx] = [arena.alloc(len * 8), arena.alloc(len * 4)];
      sortLanes(ex, dtype, arena.put(x), out, idx, 1, len, arena.alloc(sortScratchBytes(ex, len)));
      expect(mismatches(Array.from(arena.view(dtype, out, len)), wantValues!), dtype).toEqual([]);
      expect(Array.from(arena.view('int32', idx, len)), dtype).toEqual(wantOrder);
    }
  });

  it('touches nothing for empty lanes', () => {
    const arena = new Arena();
    const out = arena.poisoned('float64', 2);
    sortLanes(ex, 'float64', arena.put(new Float64Array(2)), out, 0, 3, 0, arena.alloc(sortScratchBytes(ex, 0)));
    expect(Array.from(arena.view('int32', out, 4))).toEqual(new Array(4).fill(0xa5a5a5a5 | 0));
  });
});

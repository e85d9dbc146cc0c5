import { afterAll, describe, expect, it, vi } from 'vitest';
import { IndexError, init, np, type AnyTypedArray, type DType, type NDArray } from 'quiverjs';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import type { OpaqueKernel } from '../../src/kernel/program.js';
import { activeBackend } from '../../src/runtime/init.js';
import { rng } from '../helpers/rng.js';

/**
 * np.take / np.take_along_axis on the wasm backend (wasm/src/gather.rs) against the js
 * backend, the reference: the same bits for every dtype and view, the same IndexError.
 */

/** Opaque ops the js kernel compiler was asked for, so a test can see what did not run natively. */
const jsOpaque = vi.hoisted(() => ({ ops: [] as string[] }));
vi.mock('../../src/backend/js/kernels.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../src/backend/js/kernels.js')>();
  return {
    ...mod,
    compile: (p: Parameters<typeof mod.compile>[0]) => {
      if (p.kind === 'opaque') jsOpaque.ops.push((p as OpaqueKernel).op);
      return mod.compile(p);
    },
  };
});

afterAll(() => init({ backend: 'js' }));

const BACKENDS = [{ backend: 'wasm', threads: 1 }, { backend: 'wasm', threads: 2 }] as const;
const DTYPES: readonly DType[] = ['float64', 'float32', 'int32', 'uint32', 'bool'];
const STORAGE = { float64: Float64Array, float32: Float32Array, int32: Int32Array, uint32: Uint32Array, bool: Uint8Array } as const;
const SPECIAL: { [D in DType]: readonly number[] } = {
  float64: [NaN, -0, Infinity, -Infinity, 5e-324, 1.7976931348623157e308],
  float32: [NaN, -0, Infinity, -Infinity, 1e-45, 3.4028234663852886e38],
  int32: [-2147483648, 2147483647, -1],
  uint32: [4294967295, 2147483648],
  bool: [0, 1],
};


const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function values(dtype: DType, n: number, r: () => number): AnyTypedArray {
  const special = SPECIAL[dtype];
  const out = new STORAGE[dtype](n);
  for (let i = 0; i < n; i++) {
    const v = r() < 0.1 ? special[int(r, 0, special.length - 1)]! : (r() - 0.5) * 2000;
    out[i] = dtype === 'bool' ? (v ? 1 : 0) : dtype === 'int32' || dtype === 'uint32' ? Math.trunc(v) : v;
  }
  return out;
}

/** How an input reaches the kernel: stored contiguously, or through a view that is not. */
type ViewKind = 'contiguous' | 'transposed' | 'reversed' | 'broadcast' | 'computed';
const VIEWS: readonly ViewKind[] = ['contiguous', 'transposed', 'reversed', 'broadcast', 'computed'];

/** An array of `shape` seen as `kind`, built from seeded data (call again per backend: arrays are lazy). */
function viewed(kind: ViewKind, shape: readonly number[], dtype: DType, seed: number): NDArray {
  const r = rng(seed);
  const n = sizeOf(shape);
  switch (kind) {
    case 'contiguous':
      return np.array(values(dtype, n, r), dtype).reshape(shape);
    case 'transposed':
      return np.array(values(dtype, n, r), dtype).reshape([...shape].reverse()).T;
    case 'reversed': {
      // Every axis taken backwards with step -2 from a base twice as long: negative strides and an offset.
      const base = shape.map((d) => 2 * d);
      return np.array(values(dtype, sizeOf(base), r), dtype).reshape(base).slice(...shape.map(() => '::-2'));
    }
    case 'broadcast': {
      const small = shape.map((d, i) => (i % 2 === 0 ? 1 : d));
      return np.array(values(dtype, sizeOf(small), r), dtype).reshape(small).broadcastTo(shape);
    }
    case 'computed':
      return np.array(values(dtype, n, r), dtype).reshape(shape).astype('float64').astype(dtype);
  }
}

/** Seeded indices in [-size, size) of `shape`, seen as `kind` (bool never: it means a mask). */
function indices(kind: ViewKind, shape: readonly number[], size: number, seed: number): NDArray {
  const r = rng(seed);
  const make = (s: readonly number[]) => np.array(Int32Array.from({ length: sizeOf(s) }, () => int(r, -size, size - 1)), 'int32').reshape(s);
  switch (kind) {
    case 'contiguous':
      return make(shape);
    case 'transposed':
      return make([...shape].reverse()).T;
    case 'reversed':
      return make(shape.map((d) => 2 * d)).slice(...shape.map(() => '::-2'));
    case 'broadcast':
      return make(shape.map((d, i) => (i % 2 === 0 ? 1 : d))).broadcastTo(shape);
    case 'computed':
      return make(shape).astype('uint32').astype('int32').add(0);
  }
}

/** The value of `build()` on the js backend and on each wasm configuration. */
async function onEveryBackend(build: () => NDArray): Promise<{ expected: number[]; got: number[][] }> {
  await init({ backend: 'js' });
  const expected = Array.from(await build().data());
  const got: number[][] = [];
  for (const b of BACKENDS) {
    await init(b);
    got.push(Array.from(await build().data()));
  }
  return { expected, got };
}

async function expectSameEverywhere(build: () => NDArray): Promise<void> {
  const { expected, got } = await onEveryBackend(build);
  for (const g of got) expect(g).toEqual(expected);
}

/** The error `build()` raises on the js backend, and on each wasm configuration. */
async function errorsEverywhere(build: () => NDArray): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const b of [{ backend: 'js' } as const, ...BACKENDS]) {
    await init(b);
    errors.push(await build().data().then(() => undefined, (e: unknown) => e));
  }
  return errors;
}

function randomShape(r: () => number, ndim: number, max = 5): number[] {
  return Array.from({ length: ndim }, () => int(r, 1, max));
}

describe('take on the wasm backend', () => {
  it('matches the reference for every dtype, view and axis of random shapes', async () => {
    const r = rng(1);
    for (let trial = 0; trial < 40; trial++) {
      const dtype = DTYPES[trial % DTYPES.length]!;
      const shape = randomShape(r, int(r, 1, 4));
      const axis = int(r, -1, shape.length - 1);
      const size = axis < 0 ? sizeOf(shape) : shape[axis]!;
      const idxShape = randomShape(r, int(r, 0, 2), 4);
      const [xKind, iKind] = [VIEWS[int(r, 0, 4)]!, VIEWS[int(r, 0, 4)]!];
      const seed = trial * 7919;
      await expectSameEverywhere(() => np.take(viewed(xKind, shape, dtype, seed), indices(iKind, idxShape, size, seed + 1), axis < 0 ? null : axis));
    }
  }, 60_000);

  it('takes with size-1 axes, a scalar index and an empty index array', async () => {
    const x = () => np.array(Float64Array.from({ length: 12 }, (_, i) => i - 5.5)).reshape(3, 1, 4);
    await expectSameEverywhere(() => np.take(x(), np.array([0, 0, -1], 'int32'), 1));
    await expectSameEverywhere(() => np.take(x(), np.array(-2, 'int32'), 2));
    await expectSameEverywhere(() => np.take(x(), np.array(new Int32Array(0)), 0));
  });

  it('splits a large take over the threads and matches the reference', async () => {
    const shape = [300, 700];
    await expectSameEverywhere(() => np.take(viewed('reversed', shape, 'float32', 5), indices('contiguous', [900], 700, 6), 1));
    await expectSameEverywhere(() => np.take(viewed('transposed', shape, 'bool', 7), indices('reversed', [400], 300, 8), 0));
    await expectSameEverywhere(() => np.take(viewed('contiguous', shape, 'float64', 9), indices('contiguous', [60_000], 210_000, 10)));
  }, 60_000);

  it('runs natively, not through the js reference kernels', async () => {
    await init({ backend: 'wasm', threads: 2 });
    jsOpaque.ops.length = 0;
    await np.take(viewed('reversed', [40, 50], 'int32', 3), indices('contiguous', [30], 50, 4), 1).data();
    await np.takeAlongAxis(viewed('contiguous', [40, 50], 'float64', 3), indices('contiguous', [40, 50], 50, 4), 1).data();
    expect(jsOpaque.ops).toEqual([]);
    // The spy sees what does go through the reference: concatenation.
    await np.concatenate([np.array([1, 2]), np.array([3])]).data();
    expect(jsOpaque.ops).toEqual(['concat']);
  });
});

describe('takeAlongAxis on the wasm backend', () => {
  it('matches the reference for every dtype, view and axis of random shapes', async () => {
    const r = rng(2);
    for (let trial = 0; trial < 40; trial++) {
      const dtype = DTYPES[trial % DTYPES.length]!;
      const shape = randomShape(r, int(r, 1, 4));
      const axis = int(r, 0, shape.length - 1);
      const idxShape = shape.map((d, i) => (i === axis ? int(r, 1, 6) : r() < 0.2 ? 1 : d));
      const [xKind, iKind] = [VIEWS[int(r, 0, 4)]!, VIEWS[int(r, 0, 4)]!];
      const seed = trial * 104729;
      await expectSameEverywhere(() => np.takeAlongAxis(viewed(xKind, shape, dtype, seed), indices(iKind, idxShape, shape[axis]!, seed + 1), axis));
    }
  }, 60_000);

  it('gathers sorted values along a large array through argsort, over the threads', async () => {
    await expectSameEverywhere(() => {
      const x = viewed('transposed', [400, 300], 'float64', 11);
      return np.takeAlongAxis(x, np.argsort(x, 0), 0);
    });
  }, 60_000);
});

describe('boolean-mask selection on the wasm backend', () => {
  it('compresses, extracts and indexes by nonzero as the reference does', async () => {
    const results: number[][][] = [];
    for (const b of [{ backend: 'js' } as const, ...BACKENDS]) {
      await init(b);
      const x = viewed('reversed', [6, 9], 'float32', 12);
      const picked = await np.compress(np.array([1, 0, 1, 1, 0, 1], 'bool'), x, 0);
      const extracted = await np.extract(viewed('contiguous', [6, 9], 'bool', 13), viewed('transposed', [6, 9], 'int32', 14));
      const [rows] = await np.nonzero(viewed('contiguous', [40], 'bool', 15));
      const byRow = np.take(viewed('broadcast', [40, 3], 'uint32', 16), rows!, 0);
      results.push(await Promise.all([picked, extracted, byRow].map(async (a) => Array.from(await a.data()))));
    }
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  });
});

describe('out-of-bounds indices on the wasm backend', () => {
  it('raise the reference IndexError, naming the first bad index in C order', async () => {
    const bad = Int32Array.from({ length: 100_000 }, (_, i) => i % 997);
    bad[60_000] = 1_234_567;
    bad[90_000] = -1_000_001;
    const errors = await errorsEverywhere(() => np.take(np.array(new Float64Array(1000)), np.array(bad)));
    expect(errors[0]).toBeInstanceOf(IndexError);
    expect((errors[0] as Error).message).toBe('take: index 1234567 is out of bounds for axis 0 with size 1000');
    for (const e of errors.slice(1)) expect([e instanceof IndexError, (e as Error).message]).toEqual([true, (errors[0] as Error).message]);
  });

  it('raise the reference IndexError from takeAlongAxis, too', async () => {
    const idx = () => np.array(Int32Array.from([0, 1, -3, 2, -4, 5]), 'int32').reshape(2, 3);
    const errors = await errorsEverywhere(() => np.takeAlongAxis(np.array(new Float32Array(6)).reshape(2, 3), idx(), 1));
    expect((errors[0] as Error).message).toBe('takeAlongAxis: index -4 is out of bounds for axis 1 with size 3');
    for (const e of errors.slice(1)) expect([e instanceof IndexError, (e as Error).message]).toEqual([true, (errors[0] as Error).message]);
  });

  it('raise when the axis is empty, whatever the index', async () => {
    const errors = await errorsEverywhere(() => np.take(np.array(new Int32Array(0)).reshape(2, 0), np.array(Int32Array.from([0])), 1));
    expect((errors[0] as Error).message).toBe('take: index 0 is out of bounds for axis 1 with size 0');
    for (const e of errors.slice(1)) expect((e as Error).message).toBe((errors[0] as Error).message);
  });
});

describe('the gather kernel', () => {
  it('answers a malformed descriptor with status 2 instead of reading through it', async () => {
    await init({ backend: 'wasm', threads: 1 });
    const { heap, exports } = activeBackend('test') as WasmBackend;
    const desc = heap.alloc(64);
    const fault = heap.alloc(4);
    // Header then shape [4], xs [1], is [1]: valid but for the word each case breaks.
    const valid = [8, desc, 4, 0, desc, 4, 0, desc, 4, 1, 1, 4, 1, 1];
    const broken = [{ 0: 3 }, { 10: 0 }, { 10: 65 }, { 11: -1 }, { 8: -1 }];
    const statuses = broken.map((patch) => {
      new Int32Array(heap.memory.buffer, desc, valid.length).set(Object.assign([...valid], patch));
      return exports.gather(desc, 0, 4, fault);
    });
    new Int32Array(heap.memory.buffer, desc, valid.length).set(valid);
    const beyondEnd = exports.gather(desc, 0, 5, fault);
    [desc, fault].forEach((p) => heap.release(p));
    expect([...statuses, beyondEnd]).toEqual([2, 2, 2, 2, 2, 2]);
  });
});

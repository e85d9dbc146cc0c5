/**
 * src/backend/wasm/encode.ts caches each body's encoding and patches only its heap
 * addresses on later launches (#13). A body encoded again at other addresses must be
 * exactly what a fresh encoding at those addresses is: vm-harness.ts's encoder, written
 * independently from the VM's layout, is the reference.
 */
import { describe, expect, it } from 'vitest';
import { encodeMap, encodeReduce } from '../../src/backend/wasm/encode.js';
import type { Body } from '../../src/kernel/program.js';
import { encode } from './vm-harness.js';

const view = (shape: number[], strides: number[], offset = 0) => ({ shape, strides, offset });

/** Two memory loads (one transposed and offset), a range, a constant and a few ops over a 3 x 4 space. */
const body: Body = {
  shape: [3, 4],
  loads: [
    { slot: 0, view: view([3, 4], [4, 1]), dtype: 'float64' },
    { slot: 1, view: view([3, 4], [1, 3], 2), dtype: 'float32' },
    { slot: -1, view: view([3, 4], [4, 1]), dtype: 'int32', generator: { kind: 'range', start: 1, step: 0.5, size: 12 } },
  ],
  instrs: [
    { op: 'load', load: 0, dtype: 'float64' },
    { op: 'load', load: 1, dtype: 'float32' },
    { op: 'load', load: 2, dtype: 'int32' },
    { op: 'const', value: 2.5, dtype: 'float64' },
    { op: 'mul', args: [0, 3], dtype: 'float64' },
    { op: 'add', args: [4, 1], dtype: 'float64' },
    { op: 'sub', args: [5, 2], dtype: 'float64' },
  ],
};

/** Heap addresses of slots 0..2 at one launch: a different set each time. */
const addresses = (base: number) => (slot: number) => base + slot * 4096;

describe('wasm encoding', () => {
  it('encodes a map body again at other heap addresses exactly as a fresh encoding there', () => {
    const outputs = (base: number) => [{ ref: 6, dtype: 'float64' as const, ptr: base + 2 * 4096 }, { ref: 4, dtype: 'float32' as const, ptr: base + 3 * 4096 }];
    for (const base of [1 << 16, 5 << 16, 9 << 16]) {
      const got = encodeMap(body, addresses(base), outputs(base));
      const want = encode(body, addresses(base), outputs(base));
      expect(Array.from(got.code)).toEqual(Array.from(want.code));
      expect(Array.from(got.consts)).toEqual(Array.from(want.consts));
    }
  });

  it('keeps apart encodings of one body with other outputs', () => {
    const first = encodeMap(body, addresses(0), [{ ref: 6, dtype: 'float64', ptr: 64 }]);
    const second = encodeMap(body, addresses(0), [{ ref: 5, dtype: 'int32', ptr: 64 }]);
    expect(Array.from(second.code)).toEqual(Array.from(encode(body, addresses(0), [{ ref: 5, dtype: 'int32', ptr: 64 }]).code));
    expect(Array.from(first.code)).not.toEqual(Array.from(second.code));
  });

  it('encodes a reduce body again at other heap addresses exactly as a fresh encoding there', () => {
    const reductions = [{ op: 'sum' as const, ref: 6, dtype: 'float64' as const }, { op: 'var' as const, ref: 5, dtype: 'float64' as const, ddof: 1 }];
    for (const base of [1 << 16, 7 << 16]) {
      // Axis 1 reduced: kept axes already come first, so the views are not permuted.
      const got = encodeReduce(body, [1], addresses(base), reductions, 8);
      const want = encode(body, addresses(base), [], { reductions, run: 4, count: 3, chunk: 8 });
      expect(Array.from(got.code)).toEqual(Array.from(want.code));
      expect(Array.from(got.consts)).toEqual(Array.from(want.consts));
    }
  });
});

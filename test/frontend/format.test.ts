import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatArray, type FormatDType } from '../../src/frontend/format.js';

// Made by test/fixtures/make_format_fixtures.py: NumPy 2.4's repr() with the dtype always
// shown, as Quiver prints it.
interface FormatCase {
  name: string;
  dtype: FormatDType;
  shape: number[];
  values: (number | string)[];
  repr: string;
}
const { cases } = JSON.parse(
  readFileSync(new URL('../fixtures/format.json', import.meta.url), 'utf8'),
) as { cases: FormatCase[] };

/** JSON cannot spell NaN, ±Infinity or -0; the generator writes them as strings. */
const valuesOf = (c: FormatCase): number[] => c.values.map((v) => (typeof v === 'string' ? Number(v) : v));
const named = (prefix: string): FormatCase[] => cases.filter((c) => c.name.startsWith(prefix));

describe('formatArray against NumPy repr', () => {
  it.each(cases.map((c) => [c.name, c] as const))('prints %s', (_, c) => {
    expect(formatArray(valuesOf(c), c.shape, c.dtype)).toBe(c.repr);
  });

  it('covers every dtype, 0-d, empty and summarised arrays', () => {
    for (const prefix of ['float64', 'float32', 'int32', 'uint32', 'bool']) {
      expect(named(prefix).length).toBeGreaterThan(0);
    }
    expect(cases.filter((c) => c.shape.length === 0).length).toBeGreaterThan(10);
    expect(cases.filter((c) => c.shape.includes(0)).length).toBe(5);
    expect(cases.filter((c) => c.repr.includes('...')).length).toBeGreaterThan(5);
  });
});

describe('formatArray', () => {
  it('reads typed arrays as well as plain arrays', () => {
    const values = Float64Array.of(1, 2, 3, 4);
    expect(formatArray(values, [2, 2], 'float64')).toBe('array([[1., 2.],\n       [3., 4.]], dtype=float64)');
    expect(formatArray(Uint8Array.of(1, 0), [2], 'bool')).toBe('array([ True, False], dtype=bool)');
  });

  it('prints float32 values with float32 digits even when handed the widened double', () => {
    // 0.1 widened from float32 is 0.10000000149011612; NumPy prints the float32 as 0.1.
    expect(formatArray([Math.fround(0.1)], [1], 'float32')).toBe('array([0.1], dtype=float32)');
    expect(formatArray([0.1], [1], 'float32')).toBe('array([0.1], dtype=float32)');
  });

  it('keeps the shape in a summarised repr, moving the extras to a line of their own', () => {
    // Expected string printed by NumPy 2.4 for np.arange(3000, dtype=np.int32).reshape(3, 1000).
    const values = Int32Array.from({ length: 3000 }, (_, i) => i);
    expect(formatArray(values, [3, 1000], 'int32')).toBe(
      'array([[   0,    1,    2, ...,  997,  998,  999],\n' +
        '       [1000, 1001, 1002, ..., 1997, 1998, 1999],\n' +
        '       [2000, 2001, 2002, ..., 2997, 2998, 2999]],\n' +
        '      shape=(3, 1000), dtype=int32)',
    );
  });
});

import { expect } from 'vitest';
import type { Cell } from './oracle.js';

/** Relative tolerance for float results: sums in a different association, two-pass variance. */
const RTOL = 1e-9;

function close(a: Cell, b: Cell): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return Math.abs(a - b) <= RTOL * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return a === b;
}

/** Every column of `actual` equals the oracle's, in order, element by element (first mismatch reported). */
export function expectColumns(actual: Record<string, ArrayLike<unknown>>, expected: Record<string, Cell[]>): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [name, want] of Object.entries(expected)) {
    const got = Array.from(actual[name]!) as Cell[];
    expect(got.length, `${name} length`).toBe(want.length);
    const bad = want.findIndex((w, i) => !close(got[i]!, w));
    if (bad >= 0) expect.fail(`${name}[${bad}]: got ${String(got[bad])}, expected ${String(want[bad])}`);
  }
}

/**
 * Shared by the src/lib suites: the NumPy/SciPy fixture (test/fixtures/lib/lib.json,
 * written by make_lib_fixtures.py), a seeded data generator for the plain-JS oracles,
 * and an elementwise closeness check that treats NaNs as equal where both have one.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { NDArray } from 'quiverjs';
import { rng as seeded } from '../helpers/rng.js';

export type Encoded = number | string;
/** JSON cannot spell NaN, ±Infinity or -0; the generator writes them as JS spells them. */
export const decode = (v: Encoded): number => (typeof v === 'number' ? v : Number(v));
export const decodeAll = (vs: readonly Encoded[]): number[] => vs.map(decode);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixture: any = JSON.parse(readFileSync(new URL('../fixtures/lib/lib.json', import.meta.url), 'utf8'));

export { seeded };

/** n values of a random walk-ish series with NaNs and (optionally) infinities sprinkled in. */
export function noisySeries(n: number, seed: number, { nanRate = 0.1, infRate = 0 } = {}): Float64Array {
  const u = seeded(seed);
  return Float64Array.from({ length: n }, () => {
    const r = u();
    if (r < nanRate) return NaN;
    if (r < nanRate + infRate) return u() < 0.5 ? Infinity : -Infinity;
    return (u() - 0.5) * 10;
  });
}

/** |a - b| ≤ atol + rtol |b| elementwise; NaN matches NaN, infinities must match exactly. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, { rtol = 1e-12, atol = 0 } = {}): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]);
    const b = Number(expected[i]);
    if (Number.isNaN(b) || !Number.isFinite(b)) {
      if (!Object.is(a, b)) expect.fail(`element ${i}: got ${a}, expected ${b}`);
      continue;
    }
    if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) expect.fail(`element ${i}: got ${a}, expected ${b} (|diff| ${Math.abs(a - b)})`);
  }
}

export async function values(x: NDArray): Promise<number[]> {
  return Array.from(await x.data(), Number);
}

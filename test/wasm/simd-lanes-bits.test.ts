import { afterAll, describe, expect, it } from 'vitest';
import { init, np, type NDArray } from 'quiverjs';
import { around } from '../helpers/floats.js';
import { rng } from '../helpers/rng.js';

/**
 * float64 log1p and expm1 in the wasm VM run on f64x2 lanes (wasm/src/math/log1p_lanes.rs,
 * exp.rs `expm1_lanes`) for a step of four values they cover, and call the scalar
 * function for a step holding any other (NaN, here). Each value below is computed both
 * ways: once in a step of four covered values, once in a step that a NaN sends to the
 * scalar function. The lanes promise the scalar function's bits, so the two must be
 * identical, and both within 1 ulp of V8's Math.log1p / Math.expm1.
 */

const u = rng(29);
const nearZero = () => (u() - 0.5) * 2 ** -Math.floor(u() * 56);

interface Case {
  readonly op: (x: NDArray) => NDArray;
  readonly js: (x: number) => number;
  /** The branch boundaries of the scalar function's reduction and of the lanes' range. */
  readonly edges: number[];
  readonly kinds: (() => number)[];
}

const CASES: Record<'log1p' | 'expm1', Case> = {
  log1p: {
    op: (x) => x.log1p(),
    js: Math.log1p,
    edges: around([Math.SQRT2 - 1, Math.SQRT1_2 - 1, 0.41421353816986084, -0.2928932188134524, 2 ** -29, -(2 ** -29), 2 ** -20, 1, -0.5, 2 ** 53, 1e300, -1 + 2 ** -52]),
    kinds: [
      nearZero,
      () => (u() - 0.5) * 0.5, // daily returns: with nearZero, lanes that take the unreduced path only
      () => -1 + u() * 11, // returns and moderate values
      () => -1 + 2 ** -Math.floor(1 + u() * 52) * u(), // just above -1
      () => (1 + u()) * 2 ** Math.floor(u() * 60), // large
      () => (u() < 0.5 ? Math.SQRT2 - 1 : Math.SQRT1_2 - 1) * (1 + (u() - 0.5) * 2 ** -Math.floor(10 + u() * 40)), // the reduction's boundaries
    ],
  },
  expm1: {
    op: (x) => x.expm1(),
    js: Math.expm1,
    edges: around([Math.LN2 / 2, -Math.LN2 / 2, 0.34657359027997264, 2 ** -54, -(2 ** -54), 0.25, -0.25, 1, 40, -40]),
    kinds: [
      nearZero,
      () => (u() - 0.5) * 0.7, // returns and rates: the lanes' range
      () => (u() - 0.5) * 80, // reduced by the scalar function
      () => (u() < 0.5 ? -1 : 1) * (Math.LN2 / 2) * (1 + (u() - 0.5) * 2 ** -Math.floor(10 + u() * 40)), // the range's ends
    ],
  },
};

function values(c: Case, n: number): number[] {
  return [...c.edges.filter(Number.isFinite), ...Array.from({ length: n }, (_, i) => c.kinds[i % c.kinds.length]!())];
}

/** Groups of eight: v0..v3 (the lanes' step), then v0, v1, v2 and a NaN (a step the scalar function takes). */
function laidOut(xs: number[]): Float64Array {
  const groups = Math.ceil(xs.length / 4);
  const out = new Float64Array(groups * 8);
  for (let g = 0; g < groups; g++) {
    for (let j = 0; j < 4; j++) out[8 * g + j] = xs[(4 * g + j) % xs.length]!;
    for (let j = 0; j < 3; j++) out[8 * g + 4 + j] = out[8 * g + j]!;
    out[8 * g + 7] = NaN;
  }
  return out;
}

describe('float64 log1p and expm1 on wasm lanes', () => {
  afterAll(() => init({ backend: 'js' }));

  for (const [name, c] of Object.entries(CASES)) {
    const x = laidOut(values(c, 200_000));
    for (const threads of [1, 2]) {
      it(`${name} gives the scalar function's bits on ${threads} thread(s), within 1 ulp of Math.${name}`, async () => {
        await init({ backend: 'wasm', threads });
        const got = (await c.op(np.array(x)).data()) as Float64Array;
        const bits = new BigUint64Array(got.buffer);
        let compared = 0;
        for (let g = 0; g < x.length / 8; g++) {
          for (let j = 0; j < 3; j++) {
            const [lane, scalar] = [8 * g + j, 8 * g + 4 + j];
            if (bits[lane] !== bits[scalar]) expect.fail(`${name}(${x[lane]}): lanes ${got[lane]}, scalar ${got[scalar]}`);
            const want = c.js(x[lane]!);
            if (!(Object.is(got[lane], want) || Math.abs(got[lane]! - want) <= Math.abs(want) * 2 ** -52)) expect.fail(`${name}(${x[lane]}): ${got[lane]}, Math.${name} ${want}`);
            compared++;
          }
        }
        expect(compared).toBeGreaterThan(150_000);
      });
    }
  }
});

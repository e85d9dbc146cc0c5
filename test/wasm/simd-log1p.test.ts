import { afterAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';
import { around } from '../helpers/floats.js';
import { rng } from '../helpers/rng.js';

/**
 * float64 log1p in the wasm VM runs on f64x2 lanes (wasm/src/math/log1p_lanes.rs) for a
 * step of four values it covers, and calls the scalar function for a step holding any
 * other (NaN, here). Each value below is computed both ways: once in a step of four
 * covered values, once in a step that a NaN sends to the scalar function. The lanes
 * promise the scalar function's bits, so the two must be identical, and both within 1
 * ulp of V8's Math.log1p.
 */

/** The branch boundaries of log1p's reduction: where 1 + x crosses sqrt(2) and sqrt(2)/2, the series' ends, the lanes' range. */
const EDGES = around([Math.SQRT2 - 1, Math.SQRT1_2 - 1, 0.41421353816986084, -0.2928932188134524, 2 ** -29, -(2 ** -29), 2 ** -20, 1, -0.5, 2 ** 53, 1e300, -1 + 2 ** -52]);

function values(n: number): number[] {
  const u = rng(29);
  const kinds = [
    () => (u() - 0.5) * 2 ** -Math.floor(u() * 40), // near 0, every scale
    () => -1 + u() * 11, // returns and moderate values
    () => -1 + 2 ** -Math.floor(1 + u() * 52) * u(), // just above -1
    () => (1 + u()) * 2 ** Math.floor(u() * 60), // large
    () => (u() < 0.5 ? Math.SQRT2 - 1 : Math.SQRT1_2 - 1) * (1 + (u() - 0.5) * 2 ** -Math.floor(10 + u() * 40)), // the reduction's boundaries
  ];
  return [...EDGES.filter(Number.isFinite), ...Array.from({ length: n }, (_, i) => kinds[i % kinds.length]!())];
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

describe('float64 log1p on wasm lanes', () => {
  afterAll(() => init({ backend: 'js' }));

  for (const threads of [1, 2]) {
    it(`gives the scalar function's bits on ${threads} thread(s), within 1 ulp of Math.log1p`, async () => {
      await init({ backend: 'wasm', threads });
      const x = laidOut(values(200_000));
      const got = (await np.array(x).log1p().data()) as Float64Array;
      const bits = new BigUint64Array(got.buffer);
      let compared = 0;
      for (let g = 0; g < x.length / 8; g++) {
        for (let j = 0; j < 3; j++) {
          const [lane, scalar] = [8 * g + j, 8 * g + 4 + j];
          if (bits[lane] !== bits[scalar]) expect.fail(`log1p(${x[lane]}): lanes ${got[lane]}, scalar ${got[scalar]}`);
          const want = Math.log1p(x[lane]!);
          if (!(Object.is(got[lane], want) || Math.abs(got[lane]! - want) <= Math.abs(want) * 2 ** -52)) expect.fail(`log1p(${x[lane]}): ${got[lane]}, Math.log1p ${want}`);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(150_000);
    });
  }
});

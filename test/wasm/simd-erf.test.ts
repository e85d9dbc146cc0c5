import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';
import { OPCODE } from '../../src/backend/wasm/opcodes.js';
import { around, fromWords, next, SPECIAL } from '../helpers/floats.js';
import { rng } from '../helpers/rng.js';
import { firstDifference, instantiateMath, type MathModule } from './math-apply.js';

/**
 * erf and erfc in the wasm VM run on eight f64 lanes at a time (wasm/src/math/erf_lanes.rs),
 * each range computed by the scalar code's own generic kernels, and the lanes' results must be the
 * scalar functions' (erf.rs, through math_apply) bit for bit: special values, every range
 * edge and its neighbours, subnormals, huge arguments, random bit patterns and values
 * mixing the ranges element by element, on one and two threads. Float32 erf and erfc take
 * shorter lane forms of their own (wasm/src/math/lanes32.rs), measured against the float64
 * reference in simd-math-float32.test.ts.
 */

const EDGES = around([
  2 ** -1015, // erf's subnormal guard: the scalar code's from here down
  2 ** -56, // erfc(x) = 1 - x below
  2 ** -28, // erf(x) = x + EFX x below
  0.25, // erfc's two small-range forms
  0.84375, // small | near one
  1.25, // near one | tail
  1 / 0.35, // the tail's two rationals
  6, // erf = ±1, erfc(-x) = 2 from here
  26, // erfc's lanes end
  27.2, // erfc underflows near 27.23
  28,
  1e300,
]);

/** Not a multiple of 4: the last block ends in the loop's scalar tail. */
const N = (1 << 18) - 3;

/** N inputs: the special values and edges, then runs of random bit patterns, values over
 *  [-8, 30], values near every range edge, and every fifth run mixed element by element. */
function inputs(): Float64Array {
  const x = new Float64Array(N);
  const fixed = [...SPECIAL, ...EDGES, next(0, 1) * 3, -(2 ** -1030)];
  x.set(fixed);
  const u = rng(29);
  const edges = [0.84375, 1.25, 1 / 0.35, 6, 26, 0.25];
  for (let i = fixed.length; i < N; i++) {
    const run = Math.floor(i / 1024) % 5;
    switch (run === 4 ? Math.floor(u() * 4) : run) {
      case 0: {
        let v: number;
        do v = fromWords(u() * 2 ** 32, u() * 2 ** 32);
        while (Number.isNaN(v));
        x[i] = v;
        break;
      }
      case 1:
        x[i] = -8 + 38 * u();
        break;
      case 2:
        x[i] = (u() < 0.5 ? -1 : 1) * edges[Math.floor(u() * edges.length)]! * (1 + (u() - 0.5) * 2 ** -Math.floor(u() * 50));
        break;
      default:
        x[i] = -3 + 6 * u();
    }
  }
  return x;
}

describe('erf and erfc on wasm lanes', () => {
  const x64 = inputs();
  let math: MathModule;

  beforeAll(async () => {
    math = await instantiateMath();
  });
  afterAll(() => init({ backend: 'js' }));

  for (const threads of [1, 2]) {
    for (const name of ['erf', 'erfc'] as const) {
      it(`${name} on ${threads} thread(s) gives the scalar function's float64 results bit for bit`, async () => {
        await init({ backend: 'wasm', threads });
        const a = np.array(x64);
        const r = a[name]();
        const got = (await r.data()) as Float64Array;
        r.dispose();
        a.dispose();
        expect(firstDifference(x64, got, math.apply(OPCODE[name], x64))).toBeUndefined();
      });
    }
  }
});

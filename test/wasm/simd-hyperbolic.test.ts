import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';
import { OPCODE } from '../../src/backend/wasm/opcodes.js';
import { around, fromWords, SPECIAL } from '../helpers/floats.js';
import { rng } from '../helpers/rng.js';
import { firstDifference, instantiateMath, type MathModule } from './math-apply.js';

/**
 * float64 sinh, cosh and tanh in the wasm VM run on eight f64 lanes at a time where the
 * scalar code computes e^|x| - 1 and a corrected quotient (wasm/src/math/hyperbolic_lanes.rs)
 * and send the other values to the scalar functions one by one; the lanes' results must be
 * the scalar functions' (hyperbolic.rs, through math_apply) bit for bit: special values, the
 * edges of the lanes' ranges and of the scalar code's formulas and their neighbours,
 * subnormals, random bit patterns, and values mixing covered and uncovered ones element
 * by element, on one and two threads.
 */

const EDGES = around([
  2 ** -28, // sinh x = tanh x = x below
  2 ** -26, // cosh x = 1 below
  Math.LN2 / 2, // k = 0 | 1 in the reduction of |x| (sinh, cosh)
  Math.LN2 / 4, // 2|x| = ln2 / 2: k = 0 below, 1 above in expm1_split's reduction
  (3 * Math.LN2) / 4, // k = 1 | 2
  1, // E / (E + 2) | 1 - 2 / (E + 2)
  18, // tanh's lanes end
  22, // sinh and cosh are e^|x|/2 from here, tanh ±1
  710.4, // sinh and cosh overflow near 710.48
  1e300,
]);

/** Not a multiple of 8: the last block ends in the loop's scalar tail. */
const N = (1 << 17) - 5;

function inputs(): Float64Array {
  const x = new Float64Array(N);
  const fixed = [...SPECIAL, ...EDGES];
  x.set(fixed);
  const u = rng(31);
  for (let i = fixed.length; i < N; i++) {
    const run = Math.floor(i / 1024) % 4;
    switch (run === 3 ? Math.floor(u() * 3) : run) {
      case 0: {
        let v: number;
        do v = fromWords(u() * 2 ** 32, u() * 2 ** 32);
        while (Number.isNaN(v));
        x[i] = v;
        break;
      }
      case 1:
        x[i] = -25 + 50 * u();
        break;
      default:
        x[i] = (u() - 0.5) * 2 ** -Math.floor(u() * 40);
    }
  }
  return x;
}

describe('float64 sinh, cosh and tanh on wasm lanes', () => {
  const x64 = inputs();
  let math: MathModule;

  beforeAll(async () => {
    math = await instantiateMath();
  });
  afterAll(() => init({ backend: 'js' }));

  for (const threads of [1, 2]) {
    for (const name of ['sinh', 'cosh', 'tanh'] as const) {
      it(`${name} on ${threads} thread(s) gives the scalar function's results bit for bit`, async () => {
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

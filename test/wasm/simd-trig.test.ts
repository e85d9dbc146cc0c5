import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';
import { OPCODE } from '../../src/backend/wasm/opcodes.js';
import { around, fromWords, SPECIAL } from '../helpers/floats.js';
import { rng } from '../helpers/rng.js';
import { firstDifference, instantiateMath, type MathModule } from './math-apply.js';

/**
 * float64 sin and cos in the wasm VM run on eight f64 lanes at a time up to 2^20 where
 * the first step of the pi/2 reduction cancels at most 16 bits (wasm/src/math/trig_lanes.rs)
 * and send the other values to the scalar functions one by one; the lanes' results must be
 * the scalar functions' (trig.rs, through math_apply) bit for bit: special values, the edges
 * of the kernels' ranges and of the reduction and their neighbours, values next to
 * multiples of pi/2 (where the reduction cancels), subnormals, random bit patterns, and
 * values mixing covered and uncovered ones element by element, on one and two threads.
 */

const EDGES = around([
  2 ** -27 * Math.SQRT2, // cos x = 1 below
  2 ** -26, // sin x = x below
  Math.PI / 4, // the kernels alone below
  Math.PI / 2,
  Math.PI,
  (3 * Math.PI) / 2,
  2 ** 20, // the reduction's first step alone below
  1e22,
]);

/** Not a multiple of 8: the last block ends in the loop's scalar tail. */
const N = (1 << 17) - 5;

function inputs(): Float64Array {
  const x = new Float64Array(N);
  const fixed = [...SPECIAL, ...EDGES];
  x.set(fixed);
  const u = rng(37);
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
        x[i] = -50 + 100 * u();
        break;
      case 2: // next to a multiple of pi/2: the reduction cancels
        x[i] = Math.round((u() - 0.5) * 2000) * (Math.PI / 2) * (1 + (u() - 0.5) * 2 ** -Math.floor(20 + u() * 33));
        break;
      default:
        x[i] = (u() - 0.5) * 2 ** Math.floor(u() * 40 - 20);
    }
  }
  return x;
}

describe('float64 sin and cos on wasm lanes', () => {
  const x64 = inputs();
  let math: MathModule;

  beforeAll(async () => {
    math = await instantiateMath();
  });
  afterAll(() => init({ backend: 'js' }));

  for (const threads of [1, 2]) {
    for (const name of ['sin', 'cos'] as const) {
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

import { afterAll, beforeAll, expect, it } from 'vitest';
import { init, np, type NDArray } from 'quiverjs';
import { OPCODE } from '../../src/backend/wasm/opcodes.js';
import { fromWords, SPECIAL } from '../helpers/floats.js';
import { rng } from '../helpers/rng.js';
import { instantiateMath, type MathModule } from './math-apply.js';

/**
 * Test-only: what the float64 lane forms of the wasm VM's functions (erf_lanes.rs,
 * hyperbolic_lanes.rs, trig_lanes.rs) are checked with: inputs that cross every edge of
 * their ranges, and one test per function and thread count that the VM's results have
 * the bits of the scalar functions (through math_apply).
 */

/** A value drawn by a test's generator from uniform numbers in [0, 1). */
export type Kind = (u: () => number) => number;

/** A finite float64 of any magnitude, subnormals included, from random bits. */
export const randomFinite: Kind = (u) => {
  let v: number;
  do v = fromWords(u() * 2 ** 32, u() * 2 ** 32);
  while (!Number.isFinite(v));
  return v;
};

/**
 * `n` inputs: the special values and `fixed` first, then runs of 1,024 values of one kind
 * each (so that whole steps take the lanes, or the scalar code), the kinds in turn and
 * every (kinds + 1)th run mixing them element by element. Give an `n` that is not a
 * multiple of eight: the last block then ends in the lane loop's scalar tail.
 */
export function laneInputs(n: number, fixed: readonly number[], kinds: readonly Kind[], seed: number): Float64Array {
  const x = new Float64Array(n);
  const first = [...SPECIAL, ...fixed];
  x.set(first);
  const u = rng(seed);
  for (let i = first.length; i < n; i++) {
    const run = Math.floor(i / 1024) % (kinds.length + 1);
    x[i] = kinds[run === kinds.length ? Math.floor(u() * kinds.length) : run]!(u);
  }
  return x;
}

/** Inside a describe: for each function, on one and two threads, the VM's results over `x` have the scalar function's bits. */
export function itGivesScalarBits(names: readonly ('erf' | 'erfc' | 'sin' | 'cos' | 'sinh' | 'cosh' | 'tanh')[], x: Float64Array): void {
  let math: MathModule;
  beforeAll(async () => {
    math = await instantiateMath();
  });
  afterAll(() => init({ backend: 'js' }));
  for (const threads of [1, 2]) {
    for (const name of names) {
      it(`${name} on ${threads} thread(s) gives the scalar function's float64 results bit for bit`, async () => {
        await init({ backend: 'wasm', threads });
        const a = np.array(x);
        const r: NDArray = a[name]();
        const got = (await r.data()) as Float64Array;
        r.dispose();
        a.dispose();
        expect(firstDifference(x, got, math.apply(OPCODE[name], x))).toBeUndefined();
      });
    }
  }
}

/** The first input whose result differs from the scalar function's in its bits, or undefined. */
function firstDifference(x: ArrayLike<number>, got: Float64Array, want: Float64Array): string | undefined {
  const g = new BigUint64Array(got.buffer, got.byteOffset, got.length);
  const w = new BigUint64Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < got.length; i++) if (g[i] !== w[i]) return `x = ${x[i]}: got ${got[i]}, want ${want[i]}`;
  return undefined;
}

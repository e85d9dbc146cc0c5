import { afterAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';
import { around, SPECIAL } from '../helpers/floats.js';
import { laneInputs, randomFinite } from './lane-bits.js';

/**
 * exp and log in the wasm VM run on f64x2 lanes (wasm/src/math/exp.rs `exp_lanes`,
 * log.rs `log_lanes`, run by vm/simd.rs `lanes1_or_each`), the scalar functions
 * computing each step of four elements that holds a value outside the lanes' range. Compared here with V8's Math.exp / Math.log (fdlibm's
 * methods too, computed independently) over 1,048,573 values spanning the whole float64
 * range, in both paths and across every branch boundary of the reduction.
 *
 * Measured max difference (rustc 1.63, node 20): 0 ulp for float64 and 1 ulp of float32
 * for float32 (against Math.fround(Math.exp(x)); float32 takes the shorter lanes of
 * lanes32.rs, see simd-math-float32.test.ts), on one and two threads. The bound asserted
 * is the functions' promise: 1 ulp.
 */

/** The branch boundaries of exp's and log's reductions and ranges. */
const EDGES = around([
  Math.LN2 / 2, // k = 0 or ±1
  1.5 * Math.LN2, // fdlibm's k = ±1 branch
  2 ** -28, // e^x = 1 + x below
  2 ** -54,
  708, // the lane path's end
  709.782712893384, // overflow
  745.1332191019411, // underflow to 0
  1022 * Math.LN2, // subnormal results
  1, // e, and log's f = 0
  Math.SQRT2,
  Math.SQRT1_2,
  2 ** -1022, // the smallest normal
  2 ** -1023,
  1 + 2 ** -20, // log's short series
  1 - 2 ** -20,
  1.38,
  1.42,
  2,
  0.5,
]);

/** Random finite bit patterns (any magnitude, subnormals included), uniform values over
 *  exp's finite range and beyond, values near 1 at every scale, and positive values of
 *  random exponent; 1,048,573 of them, not a multiple of 4, so the last block ends in the
 *  loop's scalar tail. */
const inputs = (): Float64Array =>
  laneInputs((1 << 20) - 3, EDGES, [
    randomFinite,
    (u) => -750 + 1465 * u(),
    (u) => 1 + (u() - 0.5) * 2 ** -Math.floor(u() * 60),
    (u) => (1 + u()) * 2 ** Math.floor(-1074 + 2098 * u()),
  ], 13);

/** Distance in ulps: how many values of the type lie between a and b (the bits as
 *  sign-magnitude integers; -0 and +0 are 0 apart, NaN is 0 from NaN only). */
function ulpsApart(a: number, b: number, aBits: bigint, bBits: bigint, signBit: bigint): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const order = (v: bigint) => (v & signBit ? -(v & (signBit - 1n)) : v);
  const d = order(aBits) - order(bBits);
  return Number(d < 0n ? -d : d);
}

interface Check {
  maxUlps: number;
  /** The first input whose result is more than 1 ulp off, or that is special and not exact. */
  worst?: string;
}

/** got vs want element by element; the first `exact` inputs, and every input whose wanted
 *  result is ±0, ±Inf or NaN, must match exactly (sign of zero included). */
function check(x: Float64Array | Float32Array, got: Float64Array | Float32Array, want: Float64Array | Float32Array, exact: number): Check {
  const wide = got instanceof Float64Array;
  const [gotBits, wantBits] = wide
    ? [new BigUint64Array(got.buffer, got.byteOffset, got.length), new BigUint64Array(want.buffer, want.byteOffset, want.length)]
    : [new Uint32Array(got.buffer, got.byteOffset, got.length), new Uint32Array(want.buffer, want.byteOffset, want.length)];
  const signBit = wide ? 1n << 63n : 1n << 31n;
  let maxUlps = 0;
  let worst: string | undefined;
  for (let i = 0; i < x.length; i++) {
    const [g, w] = [got[i]!, want[i]!];
    const d = ulpsApart(g, w, BigInt(gotBits[i]!), BigInt(wantBits[i]!), signBit);
    maxUlps = Math.max(maxUlps, d);
    const special = i < exact || !Number.isFinite(w) || w === 0;
    const same = Number.isNaN(w) ? Number.isNaN(g) : Object.is(g, w);
    if (worst === undefined && (d > 1 || (special && !same))) worst = `x = ${x[i]}: got ${g}, want ${w}`;
  }
  return worst === undefined ? { maxUlps } : { maxUlps, worst };
}

const FUNCTIONS = { exp: Math.exp, log: Math.log } as const;

describe('exp and log on wasm lanes', () => {
  const x64 = inputs();
  const x32 = Float32Array.from(x64);
  const exact = SPECIAL.length + EDGES.length;

  afterAll(() => init({ backend: 'js' }));

  for (const threads of [1, 2]) {
    for (const name of ['exp', 'log'] as const) {
      it(`${name} on ${threads} thread(s) is within 1 ulp of Math.${name} for float64 (0 measured), special values exact`, async () => {
        await init({ backend: 'wasm', threads });
        const a = np.array(x64);
        const r = a[name]();
        const got = (await r.data()) as Float64Array;
        r.dispose();
        a.dispose();
        const want = x64.map(FUNCTIONS[name]);
        const { maxUlps, worst } = check(x64, got, want, exact);
        expect(worst).toBeUndefined();
        expect(maxUlps).toBeLessThanOrEqual(1);
      });

      it(`${name} on ${threads} thread(s) is within 1 ulp of float32 of Math.fround(Math.${name}) for float32 (1 measured)`, async () => {
        await init({ backend: 'wasm', threads });
        const a = np.array(x32);
        const r = a[name]();
        const got = (await r.data()) as Float32Array;
        r.dispose();
        a.dispose();
        const want = x32.map((v) => Math.fround(FUNCTIONS[name](v)));
        const { maxUlps, worst } = check(x32, got, want, exact);
        expect(worst).toBeUndefined();
        expect(maxUlps).toBeLessThanOrEqual(1);
      });
    }
  }
});

import { describe } from 'vitest';
import { around, next } from '../helpers/floats.js';
import { itGivesScalarBits, laneInputs, randomFinite, type Kind } from './lane-bits.js';

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

/** Random bit patterns, values over [-8, 30], values near every range edge, and over [-3, 3]. */
const KINDS: Kind[] = [
  randomFinite,
  (u) => -8 + 38 * u(),
  (u) => {
    const edges = [0.84375, 1.25, 1 / 0.35, 6, 26, 0.25];
    return (u() < 0.5 ? -1 : 1) * edges[Math.floor(u() * edges.length)]! * (1 + (u() - 0.5) * 2 ** -Math.floor(u() * 50));
  },
  (u) => -3 + 6 * u(),
];

describe('erf and erfc on wasm lanes', () => {
  itGivesScalarBits(['erf', 'erfc'], laneInputs((1 << 18) - 3, [...EDGES, next(0, 1) * 3, -(2 ** -1030)], KINDS, 29));
});

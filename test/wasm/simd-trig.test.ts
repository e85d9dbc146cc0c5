import { describe } from 'vitest';
import { around } from '../helpers/floats.js';
import { itGivesScalarBits, laneInputs, randomFinite, type Kind } from './lane-bits.js';

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

/** Random bit patterns, values over [-50, 50], values next to a multiple of pi/2 (where the
 *  reduction cancels), and values of random scale around 1. */
const KINDS: Kind[] = [
  randomFinite,
  (u) => -50 + 100 * u(),
  (u) => Math.round((u() - 0.5) * 2000) * (Math.PI / 2) * (1 + (u() - 0.5) * 2 ** -Math.floor(20 + u() * 33)),
  (u) => (u() - 0.5) * 2 ** Math.floor(u() * 40 - 20),
];

describe('float64 sin and cos on wasm lanes', () => {
  itGivesScalarBits(['sin', 'cos'], laneInputs((1 << 17) - 5, EDGES, KINDS, 37));
});

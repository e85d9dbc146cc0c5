import { describe } from 'vitest';
import { around } from '../helpers/floats.js';
import { itGivesScalarBits, laneInputs, randomFinite, type Kind } from './lane-bits.js';

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

/** Random bit patterns, values over [-25, 25], and small values of every scale. */
const KINDS: Kind[] = [randomFinite, (u) => -25 + 50 * u(), (u) => (u() - 0.5) * 2 ** -Math.floor(u() * 40)];

describe('float64 sinh, cosh and tanh on wasm lanes', () => {
  itGivesScalarBits(['sinh', 'cosh', 'tanh'], laneInputs((1 << 17) - 5, EDGES, KINDS, 31));
});

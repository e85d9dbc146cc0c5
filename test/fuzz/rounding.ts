import { children, type Program } from './program.js';
import { inputScale } from './tolerance.js';

/** Ops whose float results are rounded: quarter-integer inputs no longer give exact results, so two correct groupings can differ in the last bits. */
const INEXACT = new Set(['sqrt', 'exp', 'log', 'sin', 'tanh', 'reciprocal', 'div', 'pow', 'mean', 'var', 'std']);
/** Ops whose result jumps where the input crosses a threshold: fed a value rounded two ways, they may rightly answer differently. */
const THRESHOLD = new Set(['sign', 'floor', 'ceil', 'trunc', 'isnan', 'isinf', 'isfinite', 'logicalNot', 'logicalAnd', 'logicalOr', 'floorDiv', 'mod', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual', 'argmin', 'argmax', 'nanargmin', 'nanargmax', 'argsort']);

const fnOf = (p: Program): string => ('fn' in p ? p.fn : p.op);

function rounded(p: Program): boolean {
  return INEXACT.has(fnOf(p)) || children(p).some(rounded);
}

function thresholded(p: Program): boolean {
  if (p.op === 'astype') return p.dtype !== 'float32' && p.dtype !== 'float64';
  if (p.op === 'where') return true;
  return THRESHOLD.has(fnOf(p));
}

/**
 * Whether the program's values can be compared: not when a threshold op reads a rounded
 * value (astype('int32') of a variance, argsort of a quotient), where a one-ulp
 * difference may move the answer by a whole step, nor when float32 may overflow (below).
 * Those programs are still run and must agree in dtype, shape and raised errors.
 */
export function valuesComparable(p: Program): boolean {
  return !overflowsFloat32(p) && thresholdsExact(p);
}

/**
 * The js reference accumulates float32 products and sums in float64 and rounds once;
 * a GPU (and NumPy) accumulates in float32, where a product of two inputs beyond 2^64
 * overflows: Inf * 0 is then NaN where the reference has 0. Both are right for their
 * accumulator, so such programs are compared by dtype, shape and errors only.
 */
function overflowsFloat32(p: Program): boolean {
  return mentionsFloat32(p) && inputScale(p) > 2 ** 64;
}

function mentionsFloat32(p: Program): boolean {
  return ((p.op === 'leaf' || p.op === 'astype') && p.dtype === 'float32') || children(p).some(mentionsFloat32);
}

function thresholdsExact(p: Program): boolean {
  const sensitive = thresholded(p) && (p.op === 'where' ? rounded(p.cond) : children(p).some(rounded));
  return !sensitive && children(p).every(thresholdsExact);
}

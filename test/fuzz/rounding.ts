import { children, type Program } from './program.js';

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
 * difference may move the answer by a whole step. Those programs are still run and must
 * agree in dtype, shape and raised errors.
 */
export function valuesComparable(p: Program): boolean {
  const sensitive = thresholded(p) && (p.op === 'where' ? rounded(p.cond) : children(p).some(rounded));
  return !sensitive && children(p).every(valuesComparable);
}

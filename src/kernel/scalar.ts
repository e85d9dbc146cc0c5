import type { DType } from '../graph/dtype.js';
import type { NodeAttrs } from '../graph/node.js';
import type { ElementwiseOp } from '../graph/ops.js';
import { faultError } from './faults.js';
import * as sp from './special.js';

/** A scalar kernel over float64 values already rounded to the op's input dtype. */
export type Scalar = (a: number, b: number, c: number) => number;
type Lowering = (dtype: DType, attrs: NodeAttrs) => Scalar;

const byKind =
  (float: Scalar, int32: Scalar, uint32: Scalar, bool: Scalar = int32): Lowering =>
  (dtype) =>
    dtype === 'int32' ? int32 : dtype === 'uint32' ? uint32 : dtype === 'bool' ? bool : float;
/** Ops that are the same function for every dtype (results are rounded to the output dtype afterwards). */
const any =
  (f: Scalar): Lowering =>
  () =>
    f;
/**
 * A unary function as the op's kernel, itself: each takes one argument and ignores the
 * other two it is called with. A wrapper per op, `(a) => f(a)`, was a second call per
 * element behind one shared call site that no op could inline (#13).
 */
const math = (f: (x: number) => number): Lowering => any(f);

/** C's pow, which differs from Math.pow at pow(1, NaN) and pow(-1, +-Inf): both are 1. */
function powFloat(a: number, b: number): number {
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  return Math.pow(a, b);
}

function checkedPow(pow: (a: number, b: number) => number): Scalar {
  return (a, b) => {
    if (b < 0) throw faultError('negativePower');
    return pow(a, b);
  };
}

function intReciprocal(zero: number): Scalar {
  return (a) => (a === 0 ? zero : Math.trunc(1 / a));
}

/**
 * The reference meaning of every elementwise op: one exhaustive record, so a new
 * op in the table fails to compile until it has a reference semantics here.
 * Integer results wrap modulo 2^32 exactly as NumPy's int32/uint32 loops do.
 */
export const SCALAR: { [K in ElementwiseOp]: Lowering } = {
  neg: byKind((a) => -a, (a) => -a | 0, (a) => -a >>> 0),
  abs: byKind(Math.abs, (a) => Math.abs(a) | 0, (a) => a),
  sign: math(sp.sign),
  sqrt: math(Math.sqrt),
  cbrt: math(Math.cbrt),
  exp: math(Math.exp),
  expm1: math(Math.expm1),
  exp2: math((x) => Math.pow(2, x)),
  log: math(Math.log),
  log1p: math(Math.log1p),
  log2: math(Math.log2),
  log10: math(Math.log10),
  sin: math(Math.sin),
  cos: math(Math.cos),
  tan: math(Math.tan),
  arcsin: math(Math.asin),
  arccos: math(Math.acos),
  arctan: math(Math.atan),
  sinh: math(Math.sinh),
  cosh: math(Math.cosh),
  tanh: math(Math.tanh),
  erf: math(sp.erf),
  erfc: math(sp.erfc),
  floor: math(Math.floor),
  ceil: math(Math.ceil),
  trunc: math(Math.trunc),
  round: (dtype, attrs) => {
    const d = attrs.decimals ?? 0;
    const narrow = dtype === 'float32' ? Math.fround : undefined;
    return (a) => (dtype === 'float32' || dtype === 'float64' || d < 0 ? sp.roundDecimals(a, d, narrow) : a);
  },
  reciprocal: byKind((a) => 1 / a, intReciprocal(-2147483648), intReciprocal(0)),
  isnan: math((a) => (a !== a ? 1 : 0)),
  isinf: math((a) => (a === Infinity || a === -Infinity ? 1 : 0)),
  isfinite: math((a) => (Number.isFinite(a) ? 1 : 0)),
  cast: math((a) => a),
  add: byKind((a, b) => a + b, (a, b) => (a + b) | 0, (a, b) => (a + b) >>> 0, (a, b) => a | b),
  sub: byKind((a, b) => a - b, (a, b) => (a - b) | 0, (a, b) => (a - b) >>> 0),
  mul: byKind((a, b) => a * b, Math.imul, (a, b) => Math.imul(a, b) >>> 0, (a, b) => a & b),
  div: any((a, b) => a / b),
  floorDiv: byKind(sp.floorDivFloat, sp.floorDivInt32, sp.floorDivUint32),
  mod: byKind(sp.modFloat, sp.modInt32, sp.modUint32),
  pow: byKind(powFloat, checkedPow(sp.powInt32), checkedPow(sp.powUint32)),
  arctan2: any(Math.atan2),
  hypot: any(sp.hypot),
  // NumPy's scalar loops: `a < b || isnan(a) ? a : b`, so equal operands yield b (minimum(0., -0.) is -0.).
  minimum: any((a, b) => (a < b || a !== a ? a : b)),
  maximum: any((a, b) => (a > b || a !== a ? a : b)),
  equal: any((a, b) => (a === b ? 1 : 0)),
  notEqual: any((a, b) => (a !== b ? 1 : 0)),
  less: any((a, b) => (a < b ? 1 : 0)),
  lessEqual: any((a, b) => (a <= b ? 1 : 0)),
  greater: any((a, b) => (a > b ? 1 : 0)),
  greaterEqual: any((a, b) => (a >= b ? 1 : 0)),
  where: any((c, a, b) => (c !== 0 ? a : b)),
};

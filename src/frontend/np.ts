import type { AnyTypedArray } from '../graph/dtype.js';
import { arange, array, asarray, eye, full, fullLike, linspace, ones, onesLike, randomBits, zeros, zerosLike } from './creation.js';
import * as ew from './elementwise.js';
import { concatenate, split, stack } from './join.js';
import { dot, matmul, outer } from './linalg.js';
import { broadcastTo, expandDims, flip, reshape, slice, squeeze, transpose } from './movement.js';
import { NDArray } from './ndarray.js';
import type { Node } from '../graph/node.js';
import { ArgumentError } from '../graph/errors.js';
import { describe } from './arguments.js';
import { toNode, type ArrayInput } from './operand.js';
import { computeAll } from './read.js';
import * as red from './reduce.js';
import { scope } from './scope.js';
import { planFor } from '../runtime/evaluate.js';
import { explainPlan } from '../runtime/explain.js';
import { memory, persistNodes } from '../runtime/memory.js';
import type { Plan } from '../kernel/plan.js';
import { argsort, compress, extract, nonzero, sort, take, takeAlongAxis } from './sorting.js';

type A = ArrayInput;
const u = (op: ew.UnaryOp) => (x: A): NDArray => ew.unary(op, x);
const b = (op: ew.BinaryOp) => (x: A, y: A): NDArray => ew.binary(op, x, y);

/** Reads several arrays in one schedule, so work they share runs once. */
async function compute(...arrays: NDArray[]): Promise<AnyTypedArray[]> {
  return computeAll(nodesOf('compute', arrays));
}

/** The nodes of arrays handed to compute, plan, explain or persist: NDArrays only, since JS data has nothing to compute. */
function nodesOf(op: string, arrays: readonly unknown[]): Node[] {
  return arrays.map((a, i) => {
    if (!(a instanceof NDArray)) throw new ArgumentError(`${op}: argument ${i} must be an NDArray, got ${describe(a)}`);
    return toNode(op, a);
  });
}
/** The plan that computing these arrays together would run. */
const plan = (...arrays: NDArray[]): Plan => planFor(nodesOf('plan', arrays));
/** That plan as text. */
const explain = (...arrays: NDArray[]): string => explainPlan(planFor(nodesOf('explain', arrays)));

/** Computes several arrays in one schedule and keeps their results (see `NDArray.persist`). */
async function persist(...arrays: NDArray[]): Promise<NDArray[]> {
  await persistNodes(nodesOf('persist', arrays));
  return arrays;
}

/**
 * The NumPy-like namespace: `import { np } from 'quiverjs'`.
 * @namespace
 */
export const np = {
  array, asarray, zeros, ones, full, zerosLike, onesLike, fullLike, arange, linspace, eye, randomBits,
  astype: ew.astype, reshape, transpose, permute: transpose, expandDims, squeeze, broadcastTo, flip, slice,
  /** Sum, elementwise, with NumPy broadcasting; logical or on bool. */
  add: b('add'),
  /** Difference, elementwise, with NumPy broadcasting. */
  sub: b('sub'),
  /** Product, elementwise, with NumPy broadcasting; logical and on bool. */
  mul: b('mul'),
  /** True division, elementwise, with NumPy broadcasting; integers divide in float64. */
  div: b('div'),
  /** Floor division, floor(a / b), elementwise, with NumPy broadcasting; integer division by zero gives 0, as in NumPy. */
  floorDiv: b('floorDiv'),
  /** Remainder with the sign of the divisor (NumPy's `remainder`), elementwise, with NumPy broadcasting. */
  mod: b('mod'),
  /** Power a ** b, elementwise, with NumPy broadcasting; integer powers wrap, negative integer exponents raise. */
  pow: b('pow'),
  /** Angle of the point (b, a) in radians, in [-π, π], elementwise, with NumPy broadcasting. */
  arctan2: b('arctan2'),
  /** √(a² + b²) without intermediate overflow, elementwise, with NumPy broadcasting. */
  hypot: b('hypot'),
  /** Smaller of the two, elementwise, with NumPy broadcasting; NaN propagates. */
  minimum: b('minimum'),
  /** Larger of the two, elementwise, with NumPy broadcasting; NaN propagates. */
  maximum: b('maximum'),
  /** a == b as bool, elementwise, with NumPy broadcasting. */
  equal: b('equal'),
  /** a != b as bool, elementwise, with NumPy broadcasting. */
  notEqual: b('notEqual'),
  /** a < b as bool, elementwise, with NumPy broadcasting. */
  less: b('less'),
  /** a <= b as bool, elementwise, with NumPy broadcasting. */
  lessEqual: b('lessEqual'),
  /** a > b as bool, elementwise, with NumPy broadcasting. */
  greater: b('greater'),
  /** a >= b as bool, elementwise, with NumPy broadcasting. */
  greaterEqual: b('greaterEqual'),
  logicalAnd: ew.logicalAnd, logicalOr: ew.logicalOr, logicalXor: ew.logicalXor, logicalNot: ew.logicalNot,
  /** Negation, elementwise; integers wrap (neg of the smallest int32 is itself). */
  neg: u('neg'),
  /** Absolute value, elementwise; the smallest int32 wraps to itself, as in NumPy. */
  abs: u('abs'),
  /** Sign, elementwise: -1, 0 or 1; NaN stays NaN. */
  sign: u('sign'),
  /** Square root, elementwise (float result). */
  sqrt: u('sqrt'),
  /** Cube root, elementwise (float result). */
  cbrt: u('cbrt'),
  square: ew.square,
  /** 1 / x, elementwise; integer reciprocal truncates, as in NumPy. */
  reciprocal: u('reciprocal'),
  /** eˣ, elementwise. */
  exp: u('exp'),
  /** eˣ - 1, elementwise, accurate near 0 where exp(x) - 1 cancels. */
  expm1: u('expm1'),
  /** 2ˣ, elementwise. */
  exp2: u('exp2'),
  /** Natural logarithm, elementwise. */
  log: u('log'),
  /** ln(1 + x), elementwise, accurate near 0. */
  log1p: u('log1p'),
  /** Base-2 logarithm, elementwise, exact at powers of two. */
  log2: u('log2'),
  /** Base-10 logarithm, elementwise, exact at powers of ten. */
  log10: u('log10'),
  /** Sine (radians), elementwise. */
  sin: u('sin'),
  /** Cosine (radians), elementwise. */
  cos: u('cos'),
  /** Tangent (radians), elementwise. */
  tan: u('tan'),
  /** Inverse sine in radians, elementwise. */
  arcsin: u('arcsin'),
  /** Inverse cosine in radians, elementwise. */
  arccos: u('arccos'),
  /** Inverse tangent in radians, elementwise. */
  arctan: u('arctan'),
  /** Hyperbolic sine, elementwise. */
  sinh: u('sinh'),
  /** Hyperbolic cosine, elementwise. */
  cosh: u('cosh'),
  /** Hyperbolic tangent, elementwise. */
  tanh: u('tanh'),
  /** Error function, elementwise. */
  erf: u('erf'),
  /** Complementary error function 1 - erf(x), elementwise, accurate in the tail where that difference cancels. */
  erfc: u('erfc'),
  /** Round toward -∞, elementwise; identity on integers. */
  floor: u('floor'),
  /** Round toward +∞, elementwise; identity on integers. */
  ceil: u('ceil'),
  /** Round toward zero, elementwise; identity on integers. */
  trunc: u('trunc'),
  round: ew.round,
  /** Whether each element is NaN (bool). */
  isnan: u('isnan'),
  /** Whether each element is +∞ or -∞ (bool). */
  isinf: u('isinf'),
  /** Whether each element is neither NaN nor ±∞ (bool). */
  isfinite: u('isfinite'),
  clip: ew.clip,
  where: ew.where,
  sum: red.sum, prod: red.prod, mean: red.mean, var: red.variance, std: red.std, min: red.min, max: red.max,
  any: red.any, all: red.all, argmin: red.argmin, argmax: red.argmax, nanargmin: red.nanargmin, nanargmax: red.nanargmax,
  cumsum: red.cumsum, cumprod: red.cumprod,
  matmul, dot, outer, concatenate, stack, split, sort, argsort, take, takeAlongAxis, compress, extract, nonzero,
  compute, scope, plan, explain, persist, memory,
};

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

/** The NumPy-like namespace: `import { np } from 'quiverjs'`. */
export const np = {
  array, asarray, zeros, ones, full, zerosLike, onesLike, fullLike, arange, linspace, eye, randomBits,
  astype: ew.astype, reshape, transpose, permute: transpose, expandDims, squeeze, broadcastTo, flip, slice,
  add: b('add'), sub: b('sub'), mul: b('mul'), div: b('div'), floorDiv: b('floorDiv'), mod: b('mod'), pow: b('pow'),
  arctan2: b('arctan2'), hypot: b('hypot'), minimum: b('minimum'), maximum: b('maximum'),
  equal: b('equal'), notEqual: b('notEqual'), less: b('less'), lessEqual: b('lessEqual'),
  greater: b('greater'), greaterEqual: b('greaterEqual'),
  logicalAnd: ew.logicalAnd, logicalOr: ew.logicalOr, logicalXor: ew.logicalXor, logicalNot: ew.logicalNot,
  neg: u('neg'), abs: u('abs'), sign: u('sign'), sqrt: u('sqrt'), cbrt: u('cbrt'), square: ew.square,
  reciprocal: u('reciprocal'), exp: u('exp'), expm1: u('expm1'), exp2: u('exp2'), log: u('log'), log1p: u('log1p'),
  log2: u('log2'), log10: u('log10'), sin: u('sin'), cos: u('cos'), tan: u('tan'), arcsin: u('arcsin'),
  arccos: u('arccos'), arctan: u('arctan'), sinh: u('sinh'), cosh: u('cosh'), tanh: u('tanh'), erf: u('erf'),
  erfc: u('erfc'), floor: u('floor'), ceil: u('ceil'), trunc: u('trunc'), round: ew.round,
  isnan: u('isnan'), isinf: u('isinf'), isfinite: u('isfinite'), clip: ew.clip, where: ew.where,
  sum: red.sum, prod: red.prod, mean: red.mean, var: red.variance, std: red.std, min: red.min, max: red.max,
  any: red.any, all: red.all, argmin: red.argmin, argmax: red.argmax, nanargmin: red.nanargmin, nanargmax: red.nanargmax,
  cumsum: red.cumsum, cumprod: red.cumprod,
  matmul, dot, outer, concatenate, stack, split, sort, argsort, take, takeAlongAxis, compress, extract, nonzero,
  compute, scope, plan, explain, persist, memory,
};

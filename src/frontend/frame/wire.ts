import { ArgumentError } from '../../graph/errors.js';
import { describe, isOptionsObject } from '../arguments.js';
import { col, Expr, type BinaryOp, type ExprTree, type NumberTree, type Operand, type UnaryOp } from './expr.js';
import type { ColumnValue, Frame } from './frame.js';

/**
 * A ScanFrame step as JSON data, for workers that run a plan on their own batches (#17).
 * assign and filter hold expressions only: arrays of the caller's data stay on the
 * caller's machine.
 */
export type StepSpec =
  | { readonly assign: Readonly<Record<string, ExprTree>> }
  | { readonly filter: ExprTree }
  | { readonly select: readonly string[] };

/** A step as ScanFrame records it: the caller's own arguments, which may hold in-memory data. */
export type ScanStep =
  | { readonly assign: Readonly<Record<string, ColumnValue>> }
  | { readonly filter: ColumnValue }
  | { readonly select: readonly string[] };

/** A step run on one block. */
export type Step = (frame: Frame) => Frame | Promise<Frame>;

/** Runs a recorded step on a frame, as the Frame method of the same name. */
export function applyStep(frame: Frame, step: ScanStep): Frame | Promise<Frame> {
  if ('assign' in step) return frame.assign(step.assign);
  if ('filter' in step) return frame.filter(step.filter);
  return frame.select(step.select);
}

/** The step as JSON data, or undefined when a value is not an expression (an array) or an expression holds an NDArray. */
export function stepSpecOf(step: ScanStep): StepSpec | undefined {
  if ('select' in step) return { select: [...step.select] };
  if ('filter' in step) return step.filter instanceof Expr && step.filter.tree ? { filter: step.filter.tree } : undefined;
  const trees = Object.entries(step.assign).map(([name, v]) => [name, v instanceof Expr ? v.tree : undefined] as const);
  return trees.every(([, t]) => t !== undefined) ? { assign: Object.fromEntries(trees) as Record<string, ExprTree> } : undefined;
}

/** The step as the caller wrote it, for messages: `assign({ w: <array> })`. */
export function stepText(step: ScanStep): string {
  const text = (v: ColumnValue): string => (v instanceof Expr ? v.label : typeof v === 'object' ? '<array>' : describe(v));
  if ('select' in step) return `select(${step.select.map((n) => describe(n)).join(', ')})`;
  if ('filter' in step) return `filter(${text(step.filter)})`;
  return `assign({ ${Object.entries(step.assign).map(([name, v]) => `${name}: ${text(v)}`).join(', ')} })`;
}

/** A step rebuilt from JSON that arrived from another machine, checked field by field. */
export function scanStepOf(spec: StepSpec): ScanStep {
  const keys = isOptionsObject(spec) ? Object.keys(spec) : [];
  if (keys.length !== 1 || !STEP_KINDS.includes(keys[0]!)) {
    throw new ArgumentError(`plan: a step must be an object with one key, assign, filter or select; got ${isOptionsObject(spec) ? `keys (${keys.join(', ')})` : describe(spec)}`);
  }
  const s = spec as Record<string, unknown>;
  if ('filter' in s) return { filter: build(s.filter, 'filter') };
  if ('select' in s) {
    if (!Array.isArray(s.select) || !s.select.every((n) => typeof n === 'string')) throw new ArgumentError(`plan: select must be a list of column names, got ${describe(s.select)}`);
    return { select: [...(s.select as string[])] };
  }
  if (!isOptionsObject(s.assign)) throw new ArgumentError(`plan: assign must be an object mapping names to expressions, got ${describe(s.assign)}`);
  // fromEntries defines own properties, so a column named '__proto__' stays a column.
  return { assign: Object.fromEntries(Object.entries(s.assign).map(([name, t]) => [name, build(t, `assign.${name}`)])) };
}

/** A step rebuilt from JSON (checked as scanStepOf), ready to run on a frame. */
export function stepFromSpec(spec: StepSpec): Step {
  const step = scanStepOf(spec);
  return (frame) => applyStep(frame, step);
}

/** An expression rebuilt from JSON through the public builders, so it resolves and is labelled as the original. */
export function exprFromTree(tree: ExprTree): Expr {
  return build(tree, 'expression');
}

const STEP_KINDS: readonly string[] = ['assign', 'filter', 'select'];

/** Each binary op's builder; a typed record, so an op added to BinaryOp fails to compile here until it is rebuilt. */
const BINARY: { readonly [K in BinaryOp]: (a: Expr, b: Operand) => Expr } = {
  add: (a, b) => a.add(b), sub: (a, b) => a.sub(b), mul: (a, b) => a.mul(b), div: (a, b) => a.div(b),
  pow: (a, b) => a.pow(b), mod: (a, b) => a.mod(b), minimum: (a, b) => a.minimum(b), maximum: (a, b) => a.maximum(b),
  equal: (a, b) => a.eq(b), notEqual: (a, b) => a.ne(b), less: (a, b) => a.lt(b), lessEqual: (a, b) => a.le(b),
  greater: (a, b) => a.gt(b), greaterEqual: (a, b) => a.ge(b), logicalAnd: (a, b) => a.and(b), logicalOr: (a, b) => a.or(b),
};

const UNARY: { readonly [K in UnaryOp]: (a: Expr) => Expr } = {
  neg: (a) => a.neg(), abs: (a) => a.abs(), sqrt: (a) => a.sqrt(), log: (a) => a.log(), exp: (a) => a.exp(), isnan: (a) => a.isnan(), logicalNot: (a) => a.not(),
};

const SPECIAL_NUMBERS: readonly string[] = ['NaN', 'Infinity', '-Infinity', '-0'];

/** One node and its children; `at` is the node's path (`assign.w.a.b`) for messages. Own-key lookups keep names like 'toString' out. */
function build(t: unknown, at: string): Expr {
  if (t === undefined) throw new ArgumentError(`plan: ${at} is missing`);
  if (!isOptionsObject(t)) throw new ArgumentError(`plan: ${at} must be an expression object, got ${describe(t)}`);
  if ('col' in t) {
    if (typeof t.col !== 'string') throw new ArgumentError(`plan: ${at}.col must be a column name, got ${describe(t.col)}`);
    return col(t.col);
  }
  const op = t.op;
  if (typeof op !== 'string') throw new ArgumentError(`plan: ${at} must have 'col' or 'op', got ${'op' in t ? `op ${describe(op)}` : `keys (${Object.keys(t).join(', ')})`}`);
  if (Object.hasOwn(BINARY, op)) return BINARY[op as BinaryOp](build(t.a, `${at}.a`), operand(t.b, `${at}.b`));
  if (Object.hasOwn(UNARY, op)) return UNARY[op as UnaryOp](build(t.a, `${at}.a`));
  if (op === 'eq' || op === 'ne') {
    if (typeof t.literal !== 'string') throw new ArgumentError(`plan: ${at}.literal of '${op}' must be a string, got ${describe(t.literal)}`);
    const a = build(t.a, `${at}.a`);
    return op === 'eq' ? a.eq(t.literal) : a.ne(t.literal);
  }
  throw new ArgumentError(`plan: unknown expression op '${op}' at ${at}`);
}

/** A binary op's right side: a boolean, a number (NumberTree) or an expression. */
function operand(b: unknown, at: string): Operand {
  if (typeof b === 'boolean') return b;
  if (typeof b === 'number') return b;
  if (isOptionsObject(b) && 'number' in b) {
    const name = (b as Exclude<NumberTree, number>).number;
    if (!SPECIAL_NUMBERS.includes(name)) throw new ArgumentError(`plan: ${at}.number must be one of ${SPECIAL_NUMBERS.join(', ')}, got ${describe(name)}`);
    return Number(name);
  }
  return build(b, at);
}

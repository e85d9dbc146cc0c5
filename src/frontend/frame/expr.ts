import { ArgumentError, DTypeError } from '../../graph/errors.js';
import type { NDArray } from '../ndarray.js';
import { describe } from '../arguments.js';
import type { Column } from './column.js';

/** How an expression finds a column by name in the frame it is applied to. */
export type ColumnLookup = (op: string, name: string) => Column;

/** An expression operand: another expression, a JS number or boolean, or an array of the frame's length. */
export type Operand = Expr | number | boolean | NDArray;

/** The binary ops an expression records, named as the NDArray methods they call. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'mod' | 'minimum' | 'maximum' | 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual' | 'logicalAnd' | 'logicalOr';
/** The unary ops an expression records, named as the NDArray methods they call. */
export type UnaryOp = 'neg' | 'abs' | 'sqrt' | 'log' | 'exp' | 'isnan' | 'logicalNot';

/**
 * A number as JSON carries it. JSON.stringify writes NaN and ±Infinity as null and -0 as
 * 0, so those four travel by name and everything else as the number itself.
 */
export type NumberTree = number | { readonly number: 'NaN' | 'Infinity' | '-Infinity' | '-0' };

/**
 * An expression as plain JSON data, so a plan can cross the wire to cluster workers
 * (#17) and be rebuilt there with the same builders (wire.ts). Each node records the
 * builder call that made it; string equality keeps its own ops, as `eq`/`ne` on a
 * string literal compare dictionary codes rather than numbers.
 */
export type ExprTree =
  | { readonly col: string }
  | { readonly op: BinaryOp; readonly a: ExprTree; readonly b: ExprTree | NumberTree | boolean }
  | { readonly op: UnaryOp; readonly a: ExprTree }
  | { readonly op: 'eq' | 'ne'; readonly a: ExprTree; readonly literal: string };

/**
 * A column expression, polars style: `col('qty').mul(col('px'))` names columns and
 * becomes a lazy NDArray only when a frame applies it (assign, filter, groupby), so
 * the arithmetic fuses into whatever kernel reads it. String columns support equality
 * with a string literal, compared as dictionary codes.
 */
export class Expr {
  constructor(
    /** @internal Builds the value against a frame's columns. */
    readonly resolve: (lookup: ColumnLookup, op: string) => Column,
    /** @internal A name for messages and for output columns. */
    readonly label: string,
    /** @internal The expression as JSON data; undefined when it holds an NDArray, which has no JSON form. */
    readonly tree: ExprTree | undefined,
  ) {}

  /** Sum with another expression, a number or an array. */
  add(b: Operand): Expr { return binary('add', this, b); }
  /** Difference. */
  sub(b: Operand): Expr { return binary('sub', this, b); }
  /** Product. */
  mul(b: Operand): Expr { return binary('mul', this, b); }
  /** True division (float result). */
  div(b: Operand): Expr { return binary('div', this, b); }
  /** Power. */
  pow(b: Operand): Expr { return binary('pow', this, b); }
  /** Remainder with the sign of the divisor. */
  mod(b: Operand): Expr { return binary('mod', this, b); }
  /** Smaller of the two; NaN propagates. */
  minimum(b: Operand): Expr { return binary('minimum', this, b); }
  /** Larger of the two; NaN propagates. */
  maximum(b: Operand): Expr { return binary('maximum', this, b); }
  /** Less than (bool). */
  lt(b: Operand): Expr { return binary('less', this, b); }
  /** Less than or equal (bool). */
  le(b: Operand): Expr { return binary('lessEqual', this, b); }
  /** Greater than (bool). */
  gt(b: Operand): Expr { return binary('greater', this, b); }
  /** Greater than or equal (bool). */
  ge(b: Operand): Expr { return binary('greaterEqual', this, b); }
  /** Logical and (bool). */
  and(b: Operand): Expr { return binary('logicalAnd', this, b); }
  /** Logical or (bool). */
  or(b: Operand): Expr { return binary('logicalOr', this, b); }
  /** Equal (bool); a string column compares with a string literal. */
  eq(b: Operand | string): Expr { return typeof b === 'string' ? stringEquals(this, b, true) : binary('equal', this, b); }
  /** Not equal (bool); a string column compares with a string literal. */
  ne(b: Operand | string): Expr { return typeof b === 'string' ? stringEquals(this, b, false) : binary('notEqual', this, b); }
  /** Negation. */
  neg(): Expr { return unary('neg', this); }
  /** Absolute value. */
  abs(): Expr { return unary('abs', this); }
  /** Square root. */
  sqrt(): Expr { return unary('sqrt', this); }
  /** Natural logarithm. */
  log(): Expr { return unary('log', this); }
  /** eˣ. */
  exp(): Expr { return unary('exp', this); }
  /** Whether the value is NaN (bool). */
  isnan(): Expr { return unary('isnan', this); }
  /** Logical not (bool). */
  not(): Expr { return unary('logicalNot', this); }
}

/** A column of the frame the expression is applied to. */
export function col(name: string): Expr {
  if (typeof name !== 'string') throw new ArgumentError(`col: a column name must be a string, got ${describe(name)}`);
  return new Expr((lookup, op) => lookup(op, name), name, { col: name });
}

/** The numbers behind a resolved expression; strings have no arithmetic. */
export function numbersOf(op: string, c: Column, label: string): NDArray {
  if (c.kind === 'number') return c.values;
  throw new DTypeError(`${op}: '${label}' holds strings; only eq/ne with a string literal apply to it`);
}

function operandArray(b: Operand, lookup: ColumnLookup, op: string): NDArray | number | boolean {
  return b instanceof Expr ? numbersOf(op, b.resolve(lookup, op), b.label) : b;
}

function binary(name: BinaryOp, a: Expr, b: Operand): Expr {
  const label = `${a.label}.${name}(${b instanceof Expr ? b.label : typeof b === 'object' ? 'array' : String(b)})`;
  const bTree = b instanceof Expr ? b.tree : typeof b === 'number' ? numberTree(b) : typeof b === 'boolean' ? b : undefined;
  return new Expr((lookup, op) => {
    const x = numbersOf(op, a.resolve(lookup, op), a.label);
    return { kind: 'number', values: x[name](operandArray(b, lookup, op)) };
  }, label, a.tree && bTree !== undefined ? { op: name, a: a.tree, b: bTree } : undefined);
}

function unary(name: UnaryOp, a: Expr): Expr {
  const tree = a.tree && { op: name, a: a.tree };
  return new Expr((lookup, op) => ({ kind: 'number', values: numbersOf(op, a.resolve(lookup, op), a.label)[name]() }), `${a.label}.${name}()`, tree);
}

/** A number in the form that survives JSON.stringify (see NumberTree). */
function numberTree(v: number): NumberTree {
  if (Object.is(v, -0)) return { number: '-0' };
  return Number.isFinite(v) ? v : { number: String(v) as 'NaN' | 'Infinity' | '-Infinity' };
}

/** A string column equal (or not) to a literal: its codes against the literal's code (-2 when absent, matching nothing). */
function stringEquals(a: Expr, literal: string, equal: boolean): Expr {
  return new Expr((lookup, op) => {
    const c = a.resolve(lookup, op);
    if (c.kind !== 'string') throw new DTypeError(`${op}: '${a.label}' holds numbers; compare it with a number, not '${literal}'`);
    const code = c.dictionary.indexOf(literal);
    const hit = c.codes.equal(code < 0 ? -2 : code);
    return { kind: 'number', values: equal ? hit : hit.logicalNot() };
  }, `${a.label}.${equal ? 'eq' : 'ne'}('${literal}')`, a.tree && { op: equal ? 'eq' : 'ne', a: a.tree, literal });
}

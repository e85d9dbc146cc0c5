/**
 * Reduction and scan fixture cases (reductions.json): an op, a named input, the axis and
 * options, and NumPy's outcome. This module calls the op a case names as the public API
 * spells it.
 */
import type { NDArray } from 'quiverjs';
import { build, type ArraySpec, type Outcome } from './oracle.js';

export type Axis = number | number[] | null;
export interface ReduceCase extends Outcome {
  op: string;
  input: string;
  axis: Axis;
  keepdims?: boolean;
  ddof?: number;
  expected?: ArraySpec;
}
export interface ReduceFixture {
  inputs: Record<string, ArraySpec>;
  cases: ReduceCase[];
}

/** The case's result, built (lazily) and not read. */
export function reduce(fx: ReduceFixture, c: ReduceCase): NDArray {
  const a = build(fx.inputs[c.input]!) as unknown as Record<string, (...args: unknown[]) => NDArray>;
  switch (c.op) {
    case 'argmin':
    case 'argmax':
    case 'nanargmin':
    case 'nanargmax':
      return a[c.op]!(c.axis, { keepdims: c.keepdims });
    case 'cumsum':
    case 'cumprod':
      return a[c.op]!(c.axis);
    case 'var':
    case 'std':
      return a[c.op]!({ axis: c.axis, keepdims: c.keepdims, ddof: c.ddof });
    default:
      return a[c.op]!({ axis: c.axis, keepdims: c.keepdims });
  }
}

/**
 * View fixture cases (views.json): a chain of steps on a named input and NumPy's outcome.
 * This module replays a chain as the public API spells each step.
 */
import { np, type NDArray, type SliceSpec } from 'quiverjs';
import { build, type ArraySpec, type Outcome } from './oracle.js';

export interface Step {
  op: string;
  args?: unknown[];
}
export interface ViewCase extends Outcome {
  title: string;
  input: string;
  steps: Step[];
  failedOp?: string;
  expected?: ArraySpec;
}
export interface ViewFixture {
  inputs: Record<string, ArraySpec>;
  cases: ViewCase[];
}

/** Each step as the public API spells it; `args` are those the generator gave NumPy. */
const STEPS: Record<string, (a: NDArray, args: unknown[]) => NDArray> = {
  slice: (a, args) => a.slice(...(args as SliceSpec[])),
  transpose: (a, args) => (args.length ? a.transpose(args[0] as number[]) : a.transpose()),
  T: (a) => a.T,
  reshape: (a, args) => a.reshape(...(args as (number | number[])[])),
  broadcastTo: (a, args) => np.broadcastTo(a, args[0] as number[]),
  flip: (a, args) => np.flip(a, args[0] as number | undefined),
  squeeze: (a, args) => a.squeeze(args[0] as number | undefined),
  expandDims: (a, args) => np.expandDims(a, args[0] as number),
  add: (a, args) => a.add(args[0] as number),
  mul: (a, args) => a.mul(args[0] as number),
};

/** The chain's result, built (lazily) and not read. */
export const replay = (fx: ViewFixture, c: ViewCase): NDArray =>
  c.steps.reduce((a, step) => STEPS[step.op]!(a, step.args ?? []), build(fx.inputs[c.input]!));

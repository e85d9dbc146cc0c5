/**
 * Views against NumPy 2: chains of slice (negative steps, clamped bounds, integer
 * indices, None, '...'), transpose / T, reshape (-1, of non-contiguous views),
 * broadcastTo, flip, squeeze and expandDims, each chain replayed step by step on a
 * NumPy array by the fixture generator and on a Quiver array here. A chain ending in a
 * step NumPy refuses must throw an error naming that step's op.
 *
 * Tolerances: exact. Views only move values; the one arithmetic step (mul by 0.5 or
 * add 1 on small integers) is exact too.
 */
import { TEST_INIT } from '../helpers/backend.js';
import { beforeAll, describe, it } from 'vitest';
import { init, np, type NDArray, type SliceSpec } from 'quiver';
import { build, expectMatches, expectRaises, loadFixture, type ArraySpec, type Outcome } from './oracle.js';
import { titled } from './ufunc-cases.js';

interface Step {
  op: string;
  args?: unknown[];
}
interface ViewCase extends Outcome {
  title: string;
  input: string;
  steps: Step[];
  failedOp?: string;
  expected?: ArraySpec;
}
interface Fixture {
  inputs: Record<string, ArraySpec>;
  cases: ViewCase[];
}
const fx = loadFixture<Fixture>('views');

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

const replay = (c: ViewCase): NDArray =>
  c.steps.reduce((a, step) => STEPS[step.op]!(a, step.args ?? []), build(fx.inputs[c.input]!));

const describeSteps = (c: ViewCase): string =>
  c.steps.map((s) => `${s.op}(${(s.args ?? []).map((x) => JSON.stringify(x)).join(', ')})`).join('.');

beforeAll(async () => {
  await init(TEST_INIT);
});

describe('views', () => {
  it.each(titled(fx.cases, (c) => `${c.title}: ${c.input}.${describeSteps(c)}`))('%s', async (_, c) => {
    if (c.raises !== undefined) return expectRaises(c.failedOp!, () => replay(c));
    await expectMatches(replay(c), c.expected!);
  });
});

import type { AnyTypedArray } from '../../graph/dtype.js';
import type { Realized } from '../../graph/node.js';
import type { OpaqueKernel } from '../../kernel/program.js';
import { evalConcat, evalGather, evalGatherAlong } from './gather.js';
import { evalSort } from './sort.js';
import type { OpSpec } from './spec.js';

const ROUTINES: { [K in OpaqueKernel['op']]: (spec: OpSpec, inputs: readonly Realized[]) => Realized } = {
  sort: evalSort,
  argsort: evalSort,
  gather: evalGather,
  gatherAlong: evalGatherAlong,
  concat: evalConcat,
};

/** Runs a data-dependent routine on its inputs' views and copies the result into the output slot. */
export function runOpaque(p: OpaqueKernel, slots: AnyTypedArray[]): void {
  const out = p.outputs[0]!;
  const spec: OpSpec = { op: p.op, shape: p.shape, dtype: out.dtype, attrs: { axis: p.axis }, inputs: p.inputs.map((l) => ({ shape: l.view.shape })) };
  const result = ROUTINES[p.op](spec, p.inputs.map((l) => ({ data: slots[l.slot]!, view: l.view })));
  slots[out.slot]!.set(result.data);
}

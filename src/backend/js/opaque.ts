import type { Realized } from '../../graph/node.js';
import type { OpaqueKernel } from '../../kernel/program.js';
import { contiguousView } from '../../graph/view.js';
import { compileBody } from './body.js';
import { evaluateAll, type Executable } from './kernels.js';
import { evalConcat, evalGather, evalGatherAlong } from './gather.js';
import { evalSort } from './sort.js';
import { evalGroupAgg, evalGroupSlots } from './group-agg.js';
import { evalImpliedVol } from './implied-vol.js';
import type { OpSpec } from './spec.js';

const ROUTINES: { [K in OpaqueKernel['op']]: (spec: OpSpec, inputs: readonly Realized[]) => Realized } = {
  sort: evalSort,
  argsort: evalSort,
  gather: evalGather,
  gatherAlong: evalGatherAlong,
  concat: evalConcat,
  groupAgg: evalGroupAgg,
  groupSlots: evalGroupSlots,
  impliedVol: evalImpliedVol,
};

/**
 * A data-dependent routine: each input's prologue is evaluated once into a
 * contiguous array, the routine runs on those, and its result goes to the output slot.
 */
export function compileOpaque(p: OpaqueKernel): Executable {
  const bodies = p.inputs.map((b) => compileBody(b));
  const out = p.outputs[0]!;
  const spec: OpSpec = { op: p.op, shape: p.shape, dtype: out.dtype, attrs: { axis: p.axis, ...(p.group ? { group: p.group } : {}), ...(p.slots ? { slots: p.slots } : {}), ...(p.solver ? { solver: p.solver } : {}) }, inputs: p.inputs.map((b) => ({ shape: b.shape })) };
  return (slots, program) => {
    const run = program as OpaqueKernel;
    const inputs = bodies.map((b, k) => ({ data: evaluateAll(b, run.inputs[k]!, p.refs[k]!, slots), view: contiguousView(p.inputs[k]!.shape) }));
    slots[out.slot]!.set(ROUTINES[p.op](spec, inputs).data);
  };
}

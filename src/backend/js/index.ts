import type { Node, Realized } from '../../graph/node.js';
import { topoSort } from '../../graph/node.js';
import { OPS, type OpKind } from '../../graph/ops.js';
import type { Backend } from '../backend.js';
import { evalElementwise } from './elementwise.js';
import { evalConcat, evalGather, evalGatherAlong } from './gather.js';
import { evalMatmul } from './matmul.js';
import { evalMovement } from './movement.js';
import { evalReduce } from './reduce.js';
import { evalScan } from './scan.js';
import { evalSort } from './sort.js';
import { evalGroupAgg, evalGroupSlots } from './group-agg.js';
import { evalImpliedVol } from './implied-vol.js';
import { evalSource } from './source.js';
import { runPlan } from './plan-runner.js';

type Evaluator = (node: Node, inputs: readonly Realized[]) => Realized;

const DATA_DEPENDENT: Record<string, Evaluator> = {
  sort: evalSort,
  argsort: evalSort,
  gather: evalGather,
  gatherAlong: evalGatherAlong,
  concat: evalConcat,
  groupAgg: evalGroupAgg,
  groupSlots: evalGroupSlots,
  impliedVol: evalImpliedVol,
};

const BY_KIND: { [K in OpKind]: Evaluator } = {
  source: (node) => evalSource(node),
  elementwise: evalElementwise,
  reduce: evalReduce,
  scan: evalScan,
  contraction: evalMatmul,
  movement: evalMovement,
  'data-dependent': (node, inputs) => DATA_DEPENDENT[node.op]!(node, inputs),
};

/**
 * Evaluates the graph under `roots` node by node in float64: the reference every
 * other backend is diffed against. Intermediate values live only for this call;
 * nodes already realized (`realizedOf`, the runtime's record) are read, not recomputed.
 */
export function evaluateGraph(roots: readonly Node[], realizedOf: (node: Node) => Realized | undefined): Realized[] {
  const values = new Map<Node, Realized>();
  for (const node of topoSort(roots, (n) => realizedOf(n) !== undefined)) {
    const done = realizedOf(node);
    values.set(node, done ?? BY_KIND[OPS[node.op].kind](node, node.inputs.map((i) => values.get(i)!)));
  }
  return roots.map((r) => values.get(r)!);
}

const counters = { compiles: 0, launches: 0 };

export const jsBackend: Backend = {
  name: 'js',
  description: 'js (float64 reference: kernel programs run by a block interpreter, single-threaded)',
  counters,
  // Typed arrays index past 2**31 in V8, but shapes and strides are computed in uint32 arithmetic.
  maxElements: 2 ** 32,
  execute: async (plan) => runPlan(plan, counters),
  executeSync: (plan) => runPlan(plan, counters),
  evaluateUnfused: evaluateGraph,
};

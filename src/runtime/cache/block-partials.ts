import { allocate, type AnyTypedArray } from '../../graph/dtype.js';
import type { GroupAggAttrs, GroupStat, GroupStatSpec } from '../../graph/group-agg.js';
import { Node } from '../../graph/node.js';
import { isReduce, type ReduceOp } from '../../graph/ops.js';
import { sizeOf } from '../../graph/shape.js';
import { GROUP_STATS, initialState, REDUCTIONS, type State } from '../../kernel/reductions.js';

/**
 * How a node that blocked execution (blocked.ts) computes block by block is finished
 * from its blocks: each block computes `roots` over its rows, and `add` folds their
 * values into the node's running partial in block order.
 */
export interface BlockPartial {
  readonly roots: readonly Node[];
  add(parts: readonly AnyTypedArray[], r0: number, r1: number): void;
  /** The node's value once every block was added. */
  result(): AnyTypedArray;
}

/**
 * Whether `n` merges from block partials: full reductions whose block results are their
 * whole partial state (kernel/reductions.ts fromResult), var through its moments, and
 * groupAgg when every statistic it computes has a combine (order statistics and
 * distinct counts need every value at once).
 */
export function mergesFromBlocks(n: Node): boolean {
  if (n.op === 'groupAgg') return n.attrs.group!.stats.every((list) => list.every((s) => mergesWithin(list, s.stat)));
  return isReduce(n.op) && (n.op === 'var' || REDUCTIONS[n.op as ReduceOp].fromResult !== undefined);
}

/** A statistic merges when it has a combine and each field that combine reads is computed beside it, once. */
const mergesWithin = (list: readonly GroupStatSpec[], stat: GroupStat): boolean =>
  GROUP_STATS[stat].combine !== undefined && GROUP_STATS[stat].fields.every((f) => list.filter((s) => s.stat === f).length === 1);

/** The partial of `n` (mergesFromBlocks) over a stream whose blocks are ranges of rows `rowElems` elements wide. */
export const blockPartial = (n: Node, rowElems: number): BlockPartial => (n.op === 'groupAgg' ? groupPartial(n) : reducePartial(n, rowElems));

/** A block computes var's partial as two reductions of the same input: its sum and its variance about its own mean. */
const momentRoots = (r: Node): Node[] => [
  new Node('sum', r.inputs, r.shape, r.dtype, { axes: r.attrs.axes! }),
  new Node('var', r.inputs, r.shape, r.dtype, { axes: r.attrs.axes!, ddof: 0 }),
];

/**
 * A block's partial state from its results: var's is [n, mean, m2] from the block's sum
 * and its variance about its own mean; the others' is their value.
 */
function blockState(op: ReduceOp, parts: readonly AnyTypedArray[], n: number): State {
  if (op !== 'var') return Float64Array.from(REDUCTIONS[op].fromResult!(parts[0]![0]!));
  return Float64Array.of(n, parts[0]![0]! / n, parts[1]![0]! * n);
}

function reducePartial(r: Node, rowElems: number): BlockPartial {
  const op = r.op as ReduceOp;
  const state = initialState(op);
  return {
    roots: op === 'var' ? momentRoots(r) : [r],
    add: (parts, r0, r1) => REDUCTIONS[op].combine(state, blockState(op, parts, (r1 - r0) * rowElems), r.dtype),
    result() {
      const out = allocate(r.dtype, 1);
      out[0] = REDUCTIONS[op].finish(state, r.attrs.ddof ?? 0);
      return out;
    },
  };
}

/**
 * A groupAgg's blocks give the same statistics over their own rows; each is combined
 * into the running state by the statistics' combines (kernel/reductions.ts GROUP_STATS),
 * the earlier block first, as a streamed groupby merges its batches
 * (runtime/stream/merge.ts). Row statistics (argmin, argmax) count from the block's
 * first row and are shifted to the node's rows before they merge.
 */
function groupPartial(n: Node): BlockPartial {
  const { groups } = n.attrs.group!;
  const state = new Float64Array(sizeOf(n.shape));
  const merges = columnMerges(n.attrs.group!);
  for (const m of merges) state.fill(GROUP_STATS[m.stat].identity, m.row * groups, (m.row + 1) * groups);
  const rowOf = (data: Float64Array, row: number) => data.subarray(row * groups, (row + 1) * groups);
  return {
    roots: [n],
    add(parts, r0) {
      const block = (parts[0] as Float64Array).slice(0, state.length);
      for (const m of merges) if (GROUP_STATS[m.stat].row) for (let g = m.row * groups; g < (m.row + 1) * groups; g++) block[g]! += r0;
      for (const m of merges) {
        const mine = m.fields.map((r) => rowOf(state, r));
        const theirs = m.fields.map((r) => rowOf(block, r));
        const own = mine[mine.length - 1]!;
        for (let g = 0; g < groups; g++) own[g] = GROUP_STATS[m.stat].combine!(mine, g, theirs, g);
      }
    },
    result: () => state,
  };
}

/**
 * Each statistic's output row and the rows of the fields its combine reads (its own
 * last), statistics that read others' old values first (m2 reads count and sum, argmin
 * reads min), as stream/merge.ts orders them.
 */
function columnMerges({ stats }: GroupAggAttrs): { stat: GroupStat; row: number; fields: number[] }[] {
  const merges: { stat: GroupStat; row: number; fields: number[] }[] = [];
  let base = 0;
  for (const list of stats) {
    const rowOf = (stat: GroupStat) => base + list.findIndex((s) => s.stat === stat);
    for (const s of list) merges.push({ stat: s.stat, row: rowOf(s.stat), fields: GROUP_STATS[s.stat].fields.map(rowOf) });
    base += list.length;
  }
  return merges.sort((a, b) => Number(a.fields.length === 1) - Number(b.fields.length === 1));
}

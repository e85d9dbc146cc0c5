import type { GroupStat } from '../../../graph/group-agg.js';
import { copyOf, type DType } from '../../../graph/dtype.js';
import type { Body, OpaqueKernel } from '../../../kernel/program.js';
import { isContiguous } from '../../../graph/view.js';
import { GROUP_STATS } from '../../../kernel/reductions.js';
import { withBlocks, type Batch, type LaunchContext, type PtrOf, type Steps } from '../launch.js';
import type { Job } from '../pool.js';
import { inTurns, withRowLayout, type PartitionExports, type RowBlock, type RowLayout } from './group-rows.js';

type Rows = [codes: number, x: number, start: number, end: number, groups: number];

/** The groupby entry points of wasm/quiver.wasm (wasm/src/groupby.rs, partition.rs). */
export interface GroupByExports extends PartitionExports {
  group_moments(...args: [...Rows, size: number, count: number, sum: number]): void;
  group_m2(...args: [...Rows, mean: number, m2: number]): void;
  group_extremes(...args: [...Rows, min: number, max: number, argmin: number, argmax: number]): void;
  group_extremes_at(codes: number, x: number, row: number, start: number, end: number, groups: number, min: number, max: number, argmin: number, argmax: number): void;
  group_ends(...args: [...Rows, first: number, last: number]): void;
}

/** The statistics the Rust kernels compute; nunique and quantile sort each group and run the js routine. */
const IN_WASM: ReadonlySet<GroupStat> = new Set(['size', 'count', 'sum', 'm2', 'min', 'max', 'argmin', 'argmax', 'first', 'last']);

export const groupAggInWasm = (p: OpaqueKernel): boolean => p.group!.stats.every((list) => list.every((s) => IN_WASM.has(s.stat)));

/** Where a body's value already lies in the heap: a body that only loads a contiguous array of the wanted dtype. */
function stored(body: Body, ref: number, dtype: DType, ptrOf: PtrOf): number | undefined {
  const ins = body.instrs[ref]!;
  if (body.instrs.length !== 1 || ins.op !== 'load' || ins.dtype !== dtype) return undefined;
  const load = body.loads[ins.load]!;
  return load.slot >= 0 && !load.generator && isContiguous(load.view) ? ptrOf(load.slot) : undefined;
}

/**
 * Kernel calls and the state arrays they fill, by statistic (m2 runs after them, against
 * the merged means). Each array starts at its statistic's identity (kernel/reductions.ts
 * GROUP_STATS) and the kernels fold rows into it as the table's folds do.
 */
export const CALLS = [
  { fn: 'group_moments', outs: ['size', 'count', 'sum'] },
  { fn: 'group_extremes', outs: ['min', 'max', 'argmin', 'argmax'] },
  { fn: 'group_ends', outs: ['first', 'last'] },
] as const;
type Call = (typeof CALLS)[number];

/** A state array: a call's output, or m2's group means. */
type Slot = GroupStat | 'mean';

/** The calls a column's statistics need: m2 needs the moments' counts and sums. */
const callsFor = (want: ReadonlySet<GroupStat>): Call[] => CALLS.filter((c) => c.outs.some((s) => want.has(s)) || (c.fn === 'group_moments' && want.has('m2')));

/** The state arrays a column's statistics need. */
const slotsFor = (want: ReadonlySet<GroupStat>): Slot[] => [...callsFor(want).flatMap((c) => c.outs), ...(want.has('m2') ? (['mean', 'm2'] as const) : [])];

/**
 * groupAgg on the wasm backend: the codes and each value prologue written to the heap
 * (or read in place when they are stored arrays), then per value column the Rust kernels
 * over the rows as laid out (group-rows.ts): with few groups in place, one partial state
 * per thread merged in thread order (sums and counts add, extremes keep the earlier
 * thread on ties, first/last take the earliest/latest thread that saw a value); with
 * many groups partitioned, every job owning whole groups of one shared state, which is
 * then the result. m2 runs after the merge against the merged means.
 */
export function* launchGroupAgg(ctx: LaunchContext, p: OpaqueKernel, ptrOf: PtrOf): Steps {
  const { groups, stats } = p.group!;
  const n = p.inputs[0]!.shape[0]!;
  const direct = p.inputs.map((b, k) => stored(b, p.refs[k]!, k === 0 ? 'int32' : 'float64', ptrOf));
  const copies = direct.map((d, k) => (d === undefined ? n * (k === 0 ? 4 : 8) : 0));
  const wants = stats.map((list) => new Set(list.map((s) => s.stat)));
  const wantRows = wants.some((w) => w.has('argmin') || w.has('argmax'));
  yield* withBlocks(ctx.heap, copies, function* (ptrs) {
    const inputPtr = p.inputs.map((_, k) => direct[k] ?? ptrs[k]!);
    for (let k = 0; k < p.inputs.length; k++) {
      if (direct[k] === undefined) yield* ctx.map(p.inputs[k]!, ptrOf, [{ ref: p.refs[k]!, dtype: k === 0 ? 'int32' : 'float64', ptr: inputPtr[k]! }]);
    }
    yield* withRowLayout(ctx, inputPtr[0]!, n, groups, wantRows, function* (layout) {
      const used = [...new Set(wants.flatMap(slotsFor))];
      yield* withBlocks(ctx.heap, used.map(() => layout.copies * groups * 8), function* (blocks) {
        const state = new Map(used.map((s, j) => [s, blocks[j]!]));
        const out = new Float64Array(ctx.heap.memory.buffer, ptrOf(p.outputs[0]!.slot), stats.reduce((a, l) => a + l.length, 0) * groups);
        let row = 0;
        for (let k = 0; k < stats.length; k++) {
          const merged = yield* columnStats(ctx, layout, inputPtr[k + 1]!, groups, wants[k]!, state);
          for (const s of stats[k]!) out.set(merged.get(s.stat)!, row++ * groups);
        }
      });
    });
  });
}

/** One value column's statistics: the calls over every block of rows, merged, then m2. */
function* columnStats(ctx: LaunchContext, layout: RowLayout, x: number, groups: number, want: ReadonlySet<GroupStat>, state: ReadonlyMap<Slot, number>): Generator<Batch, Map<GroupStat, Float64Array>, number[]> {
  const calls = callsFor(want);
  const f64 = (s: Slot) => new Float64Array(ctx.heap.memory.buffer, state.get(s)!, layout.copies * groups);
  for (const call of calls) for (const s of call.outs) f64(s).fill(GROUP_STATS[s].identity);
  const at = (s: Slot, t: number) => state.get(s)! + (layout.copies === 1 ? 0 : t) * groups * 8;
  const n = layout.rows;
  yield* layout.forEachBlock(x, function* (b) {
    for (const call of calls) yield* inTurns(ctx, n, b.ranges.map(([s, e], t) => callJob(call, b, s, e, groups, (stat) => at(stat, t))));
  });
  const merged = new Map<GroupStat, Float64Array>();
  for (const call of calls) mergeCopies(call, call.outs.map(f64), layout.copies, groups).forEach((v, s) => merged.set(s, v));
  if (!want.has('m2')) return merged;
  const mean = f64('mean').subarray(0, groups);
  const [sum, count] = [merged.get('sum')!, merged.get('count')!];
  for (let g = 0; g < groups; g++) mean[g] = sum[g]! / count[g]!;
  f64('m2').fill(GROUP_STATS.m2.identity);
  yield* layout.forEachBlock(x, function* (b) {
    yield* inTurns(ctx, n, b.ranges.map(([s, e], t) => ({ fn: 'group_m2' as const, args: [b.codes, b.x, s, e, groups, state.get('mean')!, at('m2', t)] })));
  });
  merged.set('m2', addCopies(f64('m2'), layout.copies, groups));
  return merged;
}

/** The job of `call` over positions [s, e) of a block, writing the state at `out`. */
function callJob(call: Call, b: RowBlock, s: number, e: number, groups: number, out: (stat: GroupStat) => number): Job {
  const outs = call.outs.map(out);
  if (call.fn === 'group_extremes' && b.rows !== undefined) return { fn: 'group_extremes_at', args: [b.codes, b.x, b.rows, s, e, groups, ...outs] };
  return { fn: call.fn, args: [b.codes, b.x, s, e, groups, ...outs] };
}

/**
 * State copies of one call merged in copy (thread) order into one array per output by
 * the statistics' combines: sums and counts add; a later thread's extreme replaces the
 * merged one only when strictly better, so ties keep the earlier row; first/last take
 * the earliest/latest thread that saw a value. argmin/argmax merge first, reading the
 * extremes of the threads before them.
 */
function mergeCopies(call: Call, parts: readonly Float64Array[], copies: number, groups: number): Map<GroupStat, Float64Array> {
  if (copies === 1) return new Map(call.outs.map((s, j) => [s, parts[j]!.subarray(0, groups)]));
  const outs: readonly GroupStat[] = call.outs;
  const copy = (s: GroupStat, t: number) => parts[outs.indexOf(s)]!.subarray(t * groups, (t + 1) * groups);
  const merged = new Map(outs.map((s) => [s, copyOf(copy(s, 0))]));
  const order = [...outs].sort((a, b) => GROUP_STATS[b].fields.length - GROUP_STATS[a].fields.length);
  for (let t = 1; t < copies; t++) {
    for (const s of order) {
      const rule = GROUP_STATS[s];
      const r = merged.get(s)!;
      const a = rule.fields.map((f) => merged.get(f)!);
      const b = rule.fields.map((f) => copy(f, t));
      for (let g = 0; g < groups; g++) r[g] = rule.combine!(a, g, b, g);
    }
  }
  return merged;
}

/** Copies of an additive state summed in copy order (one copy: itself, no copying). */
function addCopies(x: Float64Array, copies: number, groups: number): Float64Array {
  if (copies === 1) return x.subarray(0, groups);
  const r = x.slice(0, groups);
  for (let t = 1; t < copies; t++) for (let g = 0; g < groups; g++) r[g]! += x[t * groups + g]!;
  return r;
}

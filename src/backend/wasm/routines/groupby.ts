import type { GroupStat } from '../../../graph/group-agg.js';
import type { DType } from '../../../graph/dtype.js';
import type { Body, OpaqueKernel } from '../../../kernel/program.js';
import { isContiguous } from '../../../graph/view.js';
import { withBlocks, type Batch, type LaunchContext, type PtrOf, type Steps } from '../launch.js';
import { split } from '../program-call.js';

type Rows = [codes: number, x: number, start: number, end: number, groups: number];

/** The groupby entry points of wasm/quiver.wasm (wasm/src/groupby.rs). */
export interface GroupByExports {
  /** Writes size, count and sum interleaved: `state[3g + j]`. */
  group_moments(...args: [...Rows, state: number]): void;
  group_m2(...args: [...Rows, mean: number, m2: number]): void;
  group_extremes(...args: [...Rows, min: number, max: number, argmin: number, argmax: number]): void;
  group_ends(...args: [...Rows, first: number, last: number]): void;
}

/** The statistics the Rust kernels compute; nunique and quantile sort each group and run the js routine. */
const IN_WASM: ReadonlySet<GroupStat> = new Set(['size', 'count', 'sum', 'm2', 'min', 'max', 'argmin', 'argmax', 'first', 'last']);

export const groupAggInWasm = (p: OpaqueKernel): boolean => p.group!.stats.every((list) => list.every((s) => IN_WASM.has(s.stat)));

/** Rows per thread below which splitting costs more than it saves (thread wake-up is ~20 us). */
const ROWS_ALIGN = 4096;

/** Where a body's value already lies in the heap: a body that only loads a contiguous array of the wanted dtype. */
function stored(body: Body, ref: number, dtype: DType, ptrOf: PtrOf): number | undefined {
  const ins = body.instrs[ref]!;
  if (body.instrs.length !== 1 || ins.op !== 'load' || ins.dtype !== dtype) return undefined;
  const load = body.loads[ins.load]!;
  return load.slot >= 0 && !load.generator && isContiguous(load.view) ? ptrOf(load.slot) : undefined;
}

/** Kernel calls and their state arrays, by statistic: which call fills which outputs. */
const CALLS = [
  { fn: 'group_moments', outs: ['size', 'count', 'sum'], fill: 0 },
  { fn: 'group_extremes', outs: ['min', 'max', 'argmin', 'argmax'], fill: NaN },
  { fn: 'group_ends', outs: ['first', 'last'], fill: NaN },
] as const;

/**
 * groupAgg on the wasm backend: the codes and each value prologue written to the heap
 * (or read in place when they are stored arrays), then per value column the Rust kernels
 * over row ranges, one partial state per thread, merged in thread order: sums and counts
 * add, extremes keep the earlier thread on ties (the first occurrence, as the reference),
 * first/last take the earliest/latest thread that saw a value. m2 runs after the merge
 * against the merged means, so its partials simply add.
 */
export function* launchGroupAgg(ctx: LaunchContext, p: OpaqueKernel, ptrOf: PtrOf): Steps {
  const { groups, stats } = p.group!;
  const n = p.inputs[0]!.shape[0]!;
  const ranges = split(n, ctx.parallelism(n), ROWS_ALIGN);
  const direct = p.inputs.map((b, k) => stored(b, p.refs[k]!, k === 0 ? 'int32' : 'float64', ptrOf));
  const copies = direct.map((d, k) => (d === undefined ? n * (k === 0 ? 4 : 8) : 0));
  const stateBytes = ranges.length * groups * 8;
  // The first state block also holds the moments' three interleaved values per group.
  yield* withBlocks(ctx.heap, [...copies, 3 * stateBytes, stateBytes, stateBytes, stateBytes], function* (ptrs) {
    const inputPtr = p.inputs.map((_, k) => direct[k] ?? ptrs[k]!);
    for (let k = 0; k < p.inputs.length; k++) {
      if (direct[k] === undefined) yield* ctx.map(p.inputs[k]!, ptrOf, [{ ref: p.refs[k]!, dtype: k === 0 ? 'int32' : 'float64', ptr: inputPtr[k]! }]);
    }
    const scratch = ptrs.slice(p.inputs.length);
    const f64 = (ptr: number, len: number) => new Float64Array(ctx.heap.memory.buffer, ptr, len);
    let row = 0;
    for (let k = 0; k < stats.length; k++) {
      const want = new Set(stats[k]!.map((s) => s.stat));
      const merged = new Map<GroupStat, Float64Array>();
      for (const call of CALLS) {
        // m2 needs the merged counts and sums first.
        if (!call.outs.some((s) => want.has(s)) && !(call.fn === 'group_moments' && want.has('m2'))) continue;
        const moments = call.fn === 'group_moments';
        // One state array per output (the moments: one interleaved array), laid out thread by thread.
        const arrays = moments ? 1 : call.outs.length;
        const width = moments ? 3 * groups : groups;
        for (let j = 0; j < arrays; j++) f64(scratch[j]!, ranges.length * width).fill(call.fill);
        const args = (t: number) => Array.from({ length: arrays }, (_, j) => scratch[j]! + t * width * 8);
        yield ranges.map(([s, e], t) => ({ fn: call.fn, args: [inputPtr[0]!, inputPtr[k + 1]!, s, e, groups, ...args(t)] }));
        const parts = Array.from({ length: arrays }, (_, j) => f64(scratch[j]!, ranges.length * width));
        const result = moments ? mergeMoments(parts[0]!, ranges.length, groups) : mergeThreads(call, parts, ranges.length, groups);
        result.forEach((v, s) => merged.set(s, v));
      }
      if (want.has('m2')) merged.set('m2', yield* m2Of(ctx, inputPtr[0]!, inputPtr[k + 1]!, ranges, groups, merged, scratch));
      const out = f64(ptrOf(p.outputs[0]!.slot), stats.reduce((a, l) => a + l.length, 0) * groups);
      for (const s of stats[k]!) out.set(merged.get(s.stat)!, row++ * groups);
    }
  });
}

type Call = (typeof CALLS)[number];

/** The interleaved size/count/sum of every thread, summed in thread order and split into three arrays. */
function mergeMoments(state: Float64Array, threads: number, groups: number): Map<GroupStat, Float64Array> {
  const r = [new Float64Array(groups), new Float64Array(groups), new Float64Array(groups)];
  for (let t = 0; t < threads; t++) {
    const base = t * groups * 3;
    for (let g = 0; g < groups; g++) for (let j = 0; j < 3; j++) r[j]![g]! += state[base + 3 * g + j]!;
  }
  return new Map([['size', r[0]!], ['count', r[1]!], ['sum', r[2]!]]);
}

/**
 * Thread partials of one call merged in thread order into one array per output. A later
 * thread's extreme replaces the merged one only when strictly better (`!(cur <= v)` is
 * also true while the merged value is still NaN), so ties keep the earlier row.
 */
function mergeThreads(call: Call, parts: readonly Float64Array[], threads: number, groups: number): Map<GroupStat, Float64Array> {
  const r = parts.map((x) => x.slice(0, groups));
  for (let t = 1; t < threads; t++) {
    const p = parts.map((x) => x.subarray(t * groups, (t + 1) * groups));
    for (let g = 0; g < groups; g++) {
      switch (call.fn) {
        case 'group_extremes': {
          const lo = p[0]![g]!;
          const hi = p[1]![g]!;
          if (lo === lo && !(r[0]![g]! <= lo)) [r[0]![g], r[2]![g]] = [lo, p[2]![g]!];
          if (hi === hi && !(r[1]![g]! >= hi)) [r[1]![g], r[3]![g]] = [hi, p[3]![g]!];
          break;
        }
        case 'group_ends':
          if (r[0]![g] !== r[0]![g]) r[0]![g] = p[0]![g]!;
          if (p[1]![g] === p[1]![g]) r[1]![g] = p[1]![g]!;
          break;
      }
    }
  }
  return new Map(call.outs.map((s, j) => [s, r[j]!]));
}

/** Two-pass m2: the merged means, then each thread's squared deviations from them, added. */
function* m2Of(ctx: LaunchContext, codes: number, x: number, ranges: readonly [number, number][], groups: number, merged: ReadonlyMap<GroupStat, Float64Array>, scratch: readonly number[]): Generator<Batch, Float64Array, number[]> {
  const sum = merged.get('sum')!;
  const count = merged.get('count')!;
  const mean = new Float64Array(ctx.heap.memory.buffer, scratch[0]!, groups);
  for (let g = 0; g < groups; g++) mean[g] = sum[g]! / count[g]!;
  new Float64Array(ctx.heap.memory.buffer, scratch[1]!, ranges.length * groups).fill(0);
  yield ranges.map(([s, e], t) => ({ fn: 'group_m2' as const, args: [codes, x, s, e, groups, scratch[0]!, scratch[1]! + t * groups * 8] }));
  const parts = new Float64Array(ctx.heap.memory.buffer, scratch[1]!, ranges.length * groups);
  const m2 = parts.slice(0, groups);
  for (let t = 1; t < ranges.length; t++) for (let g = 0; g < groups; g++) m2[g]! += parts[t * groups + g]!;
  return m2;
}

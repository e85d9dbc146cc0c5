import type { GroupStat, GroupStatSpec } from '../../graph/group-agg.js';
import type { Realized } from '../../graph/node.js';
import { sizeOf } from '../../graph/shape.js';
import { contiguousView } from '../../graph/view.js';
import { foldGroupState } from '../../kernel/reductions.js';
import type { OpSpec } from './spec.js';
import { readAs } from './strided.js';

type Codes = ArrayLike<number>;
type Values = ArrayLike<number>;

/** Each group's non-NaN values, sorted ascending, as runs of one array: a counting sort by group, then a sort per run. */
function sortedRuns(codes: Codes, x: Values, groups: number): { start: Int32Array; values: Float64Array } {
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0 && x[i] === x[i]) start[codes[i]! + 1]!++;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const fill = start.slice(0, groups);
  const values = new Float64Array(start[groups]!);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0 && x[i] === x[i]) values[fill[codes[i]!]!++] = x[i]!;
  for (let g = 0; g < groups; g++) values.subarray(start[g]!, start[g + 1]!).sort();
  return { start, values };
}

/** Writes statistic `stat` of every group by its folds (kernel/reductions.ts). */
const folded = (stat: GroupStat): StatFn => (codes, x, out) => void foldGroupState(stat, codes, x, 0, codes.length, out);

/** Linear interpolation between the order statistics around q * (m - 1) (pandas' and NumPy's default). */
function quantileOfRun(run: Float64Array, q: number): number {
  if (run.length === 0) return NaN;
  const h = (run.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, run.length - 1);
  return run[lo]! + (h - lo) * (run[hi]! - run[lo]!);
}

type StatFn = (codes: Codes, x: Values, out: Float64Array, spec: GroupStatSpec) => void;

/** One writer per statistic: a fold of the rows, or a sort of each group's values for the order statistics. */
const STATS: { readonly [K in GroupStat]: StatFn } = {
  size: folded('size'),
  count: folded('count'),
  sum: folded('sum'),
  m2: folded('m2'),
  min: folded('min'),
  max: folded('max'),
  argmin: folded('argmin'),
  argmax: folded('argmax'),
  first: folded('first'),
  last: folded('last'),
  nunique: (codes, x, out) => {
    const { start, values } = sortedRuns(codes, x, out.length);
    for (let g = 0; g < out.length; g++) {
      let distinct = 0;
      for (let j = start[g]!; j < start[g + 1]!; j++) if (j === start[g] || values[j] !== values[j - 1]) distinct++;
      out[g] = distinct;
    }
  },
  quantile: (codes, x, out, spec) => {
    const { start, values } = sortedRuns(codes, x, out.length);
    for (let g = 0; g < out.length; g++) out[g] = quantileOfRun(values.subarray(start[g]!, start[g + 1]!), spec.q!);
  },
};

/**
 * groupAgg in float64: every statistic of every value column, by group code (rows with
 * code -1 belong to no group). The output holds one row of `groups` per statistic.
 */
export function evalGroupAgg(node: OpSpec, [codesIn, ...valuesIn]: readonly Realized[]): Realized {
  const { groups, stats } = node.attrs.group!;
  const rows = node.inputs[0]!.shape;
  const codes = readAs(codesIn!, rows);
  const out = new Float64Array(sizeOf(node.shape));
  let row = 0;
  stats.forEach((list, k) => {
    const x = readAs(valuesIn[k]!, rows);
    for (const spec of list) STATS[spec.stat](codes, x, out.subarray(row * groups, ++row * groups), spec);
  });
  return { data: out, view: contiguousView(node.shape) };
}

/** groupSlots: each row's mixed-radix slot of its keys, -1 where a nullable key is negative (graph/group-agg.ts GroupSlotAttrs). */
export function evalGroupSlots(node: OpSpec, keysIn: readonly Realized[]): Realized {
  const { base, stride, nullable } = node.attrs.slots!;
  const rows = node.inputs[0]!.shape;
  const keys = keysIn.map((k) => readAs(k, rows));
  const out = new Int32Array(sizeOf(rows));
  for (let i = 0; i < out.length; i++) {
    let slot = 0;
    for (let k = 0; k < keys.length; k++) {
      const v = keys[k]![i]!;
      if (nullable[k] && v < 0) {
        slot = -1;
        break;
      }
      slot += (v - base[k]!) * stride[k]!;
    }
    out[i] = slot;
  }
  return { data: out, view: contiguousView(rows) };
}

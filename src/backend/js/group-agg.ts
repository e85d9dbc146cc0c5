import type { GroupStatSpec } from '../../graph/group-agg.js';
import type { Realized } from '../../graph/node.js';
import { sizeOf } from '../../graph/shape.js';
import { contiguousView } from '../../graph/view.js';
import type { OpSpec } from './spec.js';
import { readAs } from './strided.js';

type Codes = ArrayLike<number>;
type Values = ArrayLike<number>;

/** Sums and non-NaN counts per group: the base most statistics finish from. */
function sumsAndCounts(codes: Codes, x: Values, groups: number): { sum: Float64Array; count: Float64Array } {
  const sum = new Float64Array(groups);
  const count = new Float64Array(groups);
  for (let i = 0; i < codes.length; i++) {
    const g = codes[i]!;
    const v = x[i]!;
    if (g < 0 || v !== v) continue;
    sum[g]! += v;
    count[g]!++;
  }
  return { sum, count };
}

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

/** The first (or, with `last`, the final) row of each group whose value beats the group's best so far; NaN never wins. */
function extreme(codes: Codes, x: Values, out: Float64Array, better: (v: number, best: number) => boolean, index: boolean): void {
  const best = new Float64Array(out.length).fill(NaN);
  if (index) out.fill(NaN);
  for (let i = 0; i < codes.length; i++) {
    const g = codes[i]!;
    const v = x[i]!;
    if (g < 0 || v !== v) continue;
    const b = best[g]!;
    if (b !== b || better(v, b)) {
      best[g] = v;
      if (index) out[g] = i;
    }
  }
  if (!index) out.set(best);
}

/** Linear interpolation between the order statistics around q * (m - 1) (pandas' and NumPy's default). */
function quantileOfRun(run: Float64Array, q: number): number {
  if (run.length === 0) return NaN;
  const h = (run.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, run.length - 1);
  return run[lo]! + (h - lo) * (run[hi]! - run[lo]!);
}

type StatFn = (codes: Codes, x: Values, out: Float64Array, spec: GroupStatSpec) => void;

/**
 * One writer per statistic. m2 is two-pass (group means first, then squared deviations
 * from them), which keeps var/std accurate when the mean is large against the spread.
 */
const STATS: { readonly [K in GroupStatSpec['stat']]: StatFn } = {
  size: (codes, _x, out) => {
    for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) out[codes[i]!]!++;
  },
  count: (codes, x, out) => out.set(sumsAndCounts(codes, x, out.length).count),
  sum: (codes, x, out) => out.set(sumsAndCounts(codes, x, out.length).sum),
  m2: (codes, x, out) => {
    const { sum, count } = sumsAndCounts(codes, x, out.length);
    const mean = sum.map((s, g) => s / count[g]!);
    for (let i = 0; i < codes.length; i++) {
      const g = codes[i]!;
      const v = x[i]!;
      if (g >= 0 && v === v) out[g]! += (v - mean[g]!) ** 2;
    }
  },
  min: (codes, x, out) => extreme(codes, x, out, (v, b) => v < b, false),
  max: (codes, x, out) => extreme(codes, x, out, (v, b) => v > b, false),
  argmin: (codes, x, out) => extreme(codes, x, out, (v, b) => v < b, true),
  argmax: (codes, x, out) => extreme(codes, x, out, (v, b) => v > b, true),
  first: (codes, x, out) => extreme(codes, x, out, () => false, false),
  last: (codes, x, out) => extreme(codes, x, out, () => true, false),
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

import type { DType } from '../graph/dtype.js';
import type { GroupStat } from '../graph/group-agg.js';
import { REDUCE, type ReduceOp } from '../graph/ops.js';
import { faultError, type KernelFaultName } from './faults.js';

/**
 * The table of reduction states. Every path that reduces in pieces (the js reference's
 * blocks, the wasm VM's chunks and threads, blocked execution over data larger than
 * memory, a streamed groupby's blocks) keeps the same partial state for each reduce op
 * of the op table and each group statistic, starts it from the same identity, folds
 * values into it, combines two states in order and finishes it the same way: so each
 * path is the table's functions, and a new reduction is one row here.
 *
 * Rows follow the js reference bit for bit (summation order, which NaN wins, the sign
 * of zero): the Rust kernels (wasm/src/vm/accumulate.rs, wasm/src/groupby.rs) reproduce
 * them, and test/wasm/reduction-states.test.ts reads the states they write against it.
 */

/** A partial state: the f64 words its row's `fields` name, in that order. */
export type State = Float64Array;

/**
 * How a NaN input acts. `arithmetic`: it flows through + and *, so the result is NaN
 * (sum, prod, var). `wins`: the first NaN is the extreme and stays, as in NumPy: the
 * result is NaN (min, max) or its index (argmin, argmax). `nonzero`: NaN counts as true
 * (any, all). `skipped`: NaN values are ignored, as pandas' group statistics and NumPy's
 * nanargmin and nanargmax do. `counted`: size counts a group's rows whatever their values.
 */
export type NanRule = 'arithmetic' | 'wins' | 'nonzero' | 'skipped' | 'counted';

/** One reduce op's partial state and what every path does with it. */
export interface ReduceRule {
  /** Names of the state's f64 words; the wasm VM writes them in this order (vm_reduce_states). */
  readonly fields: readonly string[];
  /** The state before any element. */
  readonly identity: readonly number[];
  readonly nan: NanRule;
  /** Float partials merge in pairwise order (pairwiseSum over the ordered partials), not left to right. */
  readonly pairwise?: boolean;
  /** Feeds values[0, len) to `s`; `first` is the index of values[0] within the run. */
  fold(s: State, values: ArrayLike<number>, len: number, first: number, dtype: DType): void;
  /** `a` becomes the state of its elements followed by those of `b`. */
  combine(a: State, b: State, dtype: DType): void;
  /** The reduction's value from the state of a whole run, before rounding to its dtype; throws the row's `fault`. */
  finish(s: State, ddof: number): number;
  /**
   * The error (kernel/faults.ts) `finish` raises for a run it has no answer for, such as
   * nanargmax's all-NaN run: the data decides, so compiled kernels report its code.
   */
  readonly fault?: KernelFaultName;
  /**
   * The state of a non-empty run from its finished value, where that value is the whole
   * state: how blocked execution turns block results back into partials. Absent where
   * the value loses state (argmin's index is block-relative, var needs n and the mean).
   */
  readonly fromResult?: (value: number) => readonly number[];
}

const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';

/** a + b as an accumulator of `d` adds: in float64 for floats; integers wrap mod 2^32 at every step, as NumPy's int32 loops do. */
const plus = (d: DType): ((a: number, b: number) => number) => (isFloat(d) ? (a, b) => a + b : d === 'uint32' ? (a, b) => (a + b) >>> 0 : (a, b) => (a + b) | 0);
const times = (d: DType): ((a: number, b: number) => number) => (isFloat(d) ? (a, b) => a * b : d === 'uint32' ? (a, b) => Math.imul(a, b) >>> 0 : Math.imul);

/** Pairwise summation: error grows with log(n), not n. Starts from +0, as NumPy's does (a sum of -0s is +0). */
export function pairwiseSum(xs: ArrayLike<number>, lo: number, hi: number): number {
  if (hi - lo <= 8) {
    let s = 0;
    for (let i = lo; i < hi; i++) s += xs[i]!;
    return s;
  }
  const mid = lo + ((hi - lo) >> 1);
  return pairwiseSum(xs, lo, mid) + pairwiseSum(xs, mid, hi);
}

/**
 * Merges the moments of `nb` later elements (their mean and sum of squared deviations
 * from it) into `s` = [n, mean, m2]: Chan, Golub and LeVeque's pairwise update (1979),
 * which keeps the accuracy of two-pass variance where a sum of squares minus n times
 * the squared mean cancels. An empty side changes nothing.
 */
export function mergeMoments(s: State, nb: number, meanB: number, m2b: number): void {
  if (nb === 0) return;
  const na = s[0]!;
  if (na === 0) {
    // Copied, not merged: delta * delta may overflow to Inf, and Inf * na (0) would turn an infinite variance into NaN.
    s.set([nb, meanB, m2b]);
    return;
  }
  const n = na + nb;
  const delta = meanB - s[1]!;
  s[1]! += (delta * nb) / n;
  s[2]! += m2b + (delta * delta * na * nb) / n;
  s[0] = n;
}

/** The fold of a one-word state that takes the values one at a time, left to right. */
const eachValue = (step: (acc: number, x: number) => number): ReduceRule['fold'] => (s, v, len) => {
  let acc = s[0]!;
  for (let j = 0; j < len; j++) acc = step(acc, v[j]!);
  s[0] = acc;
};

/** [value, seen]: the first element, then any better one or a NaN, which stays. */
function extreme(better: (a: number, b: number) => boolean): ReduceRule {
  return {
    fields: ['value', 'seen'],
    identity: [NaN, 0],
    nan: 'wins',
    fold(s, v, len) {
      let acc = s[0]!;
      let seen = s[1] !== 0;
      for (let j = 0; j < len; j++) {
        const x = v[j]!;
        if (!seen || x !== x || better(x, acc)) acc = x;
        seen = true;
        if (acc !== acc) break;
      }
      s[0] = acc;
      s[1] = seen ? 1 : 0;
    },
    combine(a, b) {
      if (b[1] === 0) return;
      const av = a[0]!;
      const bv = b[0]!;
      if (a[1] === 0 || (av === av && (bv !== bv || better(bv, av)))) {
        a[0] = bv;
        a[1] = 1;
      }
    },
    finish: (s) => (s[1] === 0 ? NaN : s[0]!),
    fromResult: (value) => [value, 1],
  };
}

/**
 * [value, index in the run, seen]: the index of the first extreme. Without `allNaN` the
 * first NaN wins (argmin, argmax) and an empty run gives index 0. With it NaNs are
 * skipped (nanargmin, nanargmax), so no state holds one, and a run without a number
 * raises that fault. Skipping is not replacing NaN by an infinity: that answers 0, the
 * NaN's index, for nanargmax of [NaN, -inf].
 */
function argExtreme(better: (a: number, b: number) => boolean, allNaN?: KernelFaultName): ReduceRule {
  const skip = allNaN !== undefined;
  return {
    fields: ['value', 'index', 'seen'],
    identity: [NaN, 0, 0],
    nan: skip ? 'skipped' : 'wins',
    ...(skip ? { fault: allNaN } : {}),
    fold(s, v, len, first) {
      let best = s[0]!;
      let at = s[1]!;
      let seen = s[2] !== 0;
      for (let j = 0; j < len; j++) {
        if (seen && best !== best) break;
        const x = v[j]!;
        if (skip && x !== x) continue;
        if (!seen || x !== x || better(x, best)) [best, at] = [x, first + j];
        seen = true;
      }
      s[0] = best;
      s[1] = at;
      s[2] = seen ? 1 : 0;
    },
    combine(a, b) {
      if (b[2] === 0) return;
      const av = a[0]!;
      const bv = b[0]!;
      if (a[2] === 0 || (av === av && (bv !== bv || better(bv, av)))) {
        a[0] = bv;
        a[1] = b[1]!;
        a[2] = 1;
      }
    },
    finish(s) {
      if (skip && s[2] === 0) throw faultError(allNaN);
      return s[1]!;
    },
  };
}

const less = (a: number, b: number): boolean => a < b;
const greater = (a: number, b: number): boolean => a > b;
const whole = (value: number): readonly number[] => [value];

/**
 * One row per reduce op of the op table (a new op without a row fails to compile).
 * Float sums fold each block pairwise and merge block partials pairwise; products,
 * integer sums and extremes run left to right; var folds each block's exact two-pass
 * moments (pairwise mean, squared deviations in order) into the state by mergeMoments.
 */
export const REDUCTIONS: { readonly [K in ReduceOp]: ReduceRule } = {
  sum: {
    fields: ['sum'],
    identity: [0],
    nan: 'arithmetic',
    pairwise: true,
    fold(s, v, len, _first, dtype) {
      if (isFloat(dtype)) s[0]! += pairwiseSum(v, 0, len);
      else eachValue(plus(dtype))(s, v, len, 0, dtype);
    },
    combine: (a, b, dtype) => void (a[0] = plus(dtype)(a[0]!, b[0]!)),
    finish: (s) => s[0]!,
    fromResult: whole,
  },
  prod: {
    fields: ['product'],
    identity: [1],
    nan: 'arithmetic',
    fold: (s, v, len, first, dtype) => eachValue(times(dtype))(s, v, len, first, dtype),
    combine: (a, b, dtype) => void (a[0] = times(dtype)(a[0]!, b[0]!)),
    finish: (s) => s[0]!,
    fromResult: whole,
  },
  min: extreme(less),
  max: extreme(greater),
  any: {
    fields: ['flag'],
    identity: [0],
    nan: 'nonzero',
    fold: eachValue((a, x) => (a || x !== 0 ? 1 : 0)),
    combine: (a, b) => void (a[0] = a[0] !== 0 || b[0] !== 0 ? 1 : 0),
    finish: (s) => s[0]!,
    fromResult: whole,
  },
  all: {
    fields: ['flag'],
    identity: [1],
    nan: 'nonzero',
    fold: eachValue((a, x) => (a && x !== 0 ? 1 : 0)),
    combine: (a, b) => void (a[0] = a[0] !== 0 && b[0] !== 0 ? 1 : 0),
    finish: (s) => s[0]!,
    fromResult: whole,
  },
  var: {
    fields: ['n', 'mean', 'm2'],
    identity: [0, 0, 0],
    nan: 'arithmetic',
    fold(s, v, len) {
      if (len === 0) return;
      const mean = pairwiseSum(v, 0, len) / len;
      let m2 = 0;
      for (let j = 0; j < len; j++) m2 += (v[j]! - mean) * (v[j]! - mean);
      mergeMoments(s, len, mean, m2);
    },
    combine: (a, b) => mergeMoments(a, b[0]!, b[1]!, b[2]!),
    finish: (s, ddof) => (s[0] === 0 ? NaN : s[2]! / Math.max(s[0]! - ddof, 0)),
  },
  argmin: argExtreme(less),
  argmax: argExtreme(greater),
  nanargmin: argExtreme(less, 'nanargminAllNan'),
  nanargmax: argExtreme(greater, 'nanargmaxAllNan'),
};

/** The reduce ops, in the op table's order. */
export const REDUCE_OPS = Object.keys(REDUCE) as readonly ReduceOp[];

/** Whether `op`'s partials of `dtype` merge pairwise (see ReduceRule.pairwise). */
export const mergesPairwise = (op: ReduceOp, dtype: DType): boolean => REDUCTIONS[op].pairwise === true && isFloat(dtype);

/** A fresh state of `op` before any element. */
export const initialState = (op: ReduceOp): State => Float64Array.from(REDUCTIONS[op].identity);

/**
 * Merges the ordered partial states of consecutive pieces of one run into a new state
 * (the inputs are left as they are): pairwise for rows that say so and float dtypes,
 * exactly as pairwiseSum would add the partials; left to right otherwise.
 */
export function mergeInOrder(op: ReduceOp, dtype: DType, parts: readonly State[]): State {
  return mergeRange({ op, dtype, parts, pairwise: mergesPairwise(op, dtype) }, 0, parts.length);
}

interface Merge {
  readonly op: ReduceOp;
  readonly dtype: DType;
  readonly parts: readonly State[];
  readonly pairwise: boolean;
}

/** mergeInOrder's parts [lo, hi). A module function, not a closure: reductions merge on every evaluation. */
function mergeRange(m: Merge, lo: number, hi: number): State {
  const rule = REDUCTIONS[m.op];
  if (m.pairwise && hi - lo > 8) {
    const mid = lo + ((hi - lo) >> 1);
    const s = mergeRange(m, lo, mid);
    rule.combine(s, mergeRange(m, mid, hi), m.dtype);
    return s;
  }
  const s = initialState(m.op);
  for (let i = lo; i < hi; i++) rule.combine(s, m.parts[i]!, m.dtype);
  return s;
}

/**
 * One group statistic's partial state (graph/group-agg.ts). Paths keep a statistic as
 * one float64 per group, so a state is `fields` arrays indexed by group: the statistic
 * itself last, after the statistics its merge reads (m2 merges by counts and sums,
 * argmin by the minimum). A statistic's value is its finished result; aggregations
 * (mean = sum / count, var = m2 / (count - ddof)) are finished from them by the frame.
 */
export interface GroupStatRule {
  readonly fields: readonly GroupStat[];
  /** Its value for a group that has seen no rows. */
  readonly identity: number;
  readonly nan: NanRule;
  /** Its value is a row number: a block's are shifted to stream positions before merging. */
  readonly row?: boolean;
  /**
   * Folds row `row` (value `v`, NaN included: the row's NaN rule applies) into group g's
   * state `s`. m2 folds in a second pass over the rows, once its count and sum are
   * complete: two-pass variance, accurate when the mean is large against the spread.
   * Absent for order statistics, which sort each group's values instead.
   */
  readonly fold?: (s: readonly Float64Array[], g: number, v: number, row: number) => void;
  /** Whether `fold` runs in a second pass over the rows. */
  readonly secondPass?: boolean;
  /**
   * The statistic of group ga's rows in `a` followed by group gb's in `b` (both states),
   * reading the other fields before they merge. Absent for order statistics: their
   * partials do not merge, they need every value at once.
   */
  readonly combine?: (a: readonly Float64Array[], ga: number, b: readonly Float64Array[], gb: number) => number;
}

/** Counts and sums: partials add. */
const additive: Pick<GroupStatRule, 'identity' | 'combine'> = { identity: 0, combine: (a, ga, b, gb) => a[0]![ga]! + b[0]![gb]! };

/** Smallest or largest non-NaN value: ties keep the earlier row. */
const groupExtreme = (stat: 'min' | 'max', better: (v: number, best: number) => boolean): GroupStatRule => ({
  fields: [stat],
  identity: NaN,
  nan: 'skipped',
  fold(s, g, v) {
    const best = s[0]![g]!;
    if (v === v && (best !== best || better(v, best))) s[0]![g] = v;
  },
  combine(a, ga, b, gb) {
    const best = a[0]![ga]!;
    const v = b[0]![gb]!;
    return v === v && (best !== best || better(v, best)) ? v : best;
  },
});

/** Row of the first smallest or largest non-NaN value, kept with that value. */
const groupArgExtreme = (stat: 'min' | 'max', arg: 'argmin' | 'argmax', better: (v: number, best: number) => boolean): GroupStatRule => ({
  fields: [stat, arg],
  identity: NaN,
  nan: 'skipped',
  row: true,
  fold(s, g, v, row) {
    const best = s[0]![g]!;
    if (v === v && (best !== best || better(v, best))) {
      s[0]![g] = v;
      s[1]![g] = row;
    }
  },
  combine(a, ga, b, gb) {
    const best = a[0]![ga]!;
    const v = b[0]![gb]!;
    return v === v && (best !== best || better(v, best)) ? b[1]![gb]! : a[1]![ga]!;
  },
});

/** Scratch [n, mean, m2] for m2's merge. */
const moments = new Float64Array(3);

/** One row per group statistic of graph/group-agg.ts (a new statistic without a row fails to compile). */
export const GROUP_STATS: { readonly [K in GroupStat]: GroupStatRule } = {
  size: {
    ...additive,
    fields: ['size'],
    nan: 'counted',
    fold(s, g) {
      s[0]![g]!++;
    },
  },
  count: {
    ...additive,
    fields: ['count'],
    nan: 'skipped',
    fold(s, g, v) {
      if (v === v) s[0]![g]!++;
    },
  },
  sum: {
    ...additive,
    fields: ['sum'],
    nan: 'skipped',
    fold(s, g, v) {
      if (v === v) s[0]![g]! += v;
    },
  },
  m2: {
    fields: ['count', 'sum', 'm2'],
    identity: 0,
    nan: 'skipped',
    secondPass: true,
    fold(s, g, v) {
      if (v !== v) return;
      const d = v - s[1]![g]! / s[0]![g]!;
      s[2]![g]! += d * d;
    },
    combine(a, ga, b, gb) {
      const [na, nb] = [a[0]![ga]!, b[0]![gb]!];
      if (nb === 0) return a[2]![ga]!;
      if (na === 0) return b[2]![gb]!;
      // The two m2 add first, then the cross term: the order streamed merges have always
      // used, so a streamed groupby's var and std keep their bits.
      moments[0] = na;
      moments[1] = a[1]![ga]! / na;
      moments[2] = a[2]![ga]! + b[2]![gb]!;
      mergeMoments(moments, nb, b[1]![gb]! / nb, 0);
      return moments[2]!;
    },
  },
  min: groupExtreme('min', less),
  max: groupExtreme('max', greater),
  first: {
    fields: ['first'],
    identity: NaN,
    nan: 'skipped',
    fold(s, g, v) {
      if (v === v && s[0]![g] !== s[0]![g]) s[0]![g] = v;
    },
    combine: (a, ga, b, gb) => (a[0]![ga] !== a[0]![ga] ? b[0]![gb]! : a[0]![ga]!),
  },
  last: {
    fields: ['last'],
    identity: NaN,
    nan: 'skipped',
    fold(s, g, v) {
      if (v === v) s[0]![g] = v;
    },
    combine: (a, ga, b, gb) => (b[0]![gb] === b[0]![gb] ? b[0]![gb]! : a[0]![ga]!),
  },
  argmin: groupArgExtreme('min', 'argmin', less),
  argmax: groupArgExtreme('max', 'argmax', greater),
  nunique: { fields: ['nunique'], identity: 0, nan: 'skipped' },
  quantile: { fields: ['quantile'], identity: NaN, nan: 'skipped' },
};

/**
 * The state of statistic `stat` (one array per field, `groups` long) over rows [lo, hi)
 * by its folds from the identities: the other fields first where its fold is a second
 * pass (m2 reads the complete count and sum). `into` receives the statistic's own field.
 */
export function foldGroupState(
  stat: GroupStat,
  codes: ArrayLike<number>,
  x: ArrayLike<number>,
  lo: number,
  hi: number,
  into: Float64Array,
): Float64Array[] {
  const rule = GROUP_STATS[stat];
  const own = rule.fields.length - 1;
  const state = rule.fields.map((f, j) => (j === own ? into : new Float64Array(into.length)).fill(GROUP_STATS[f].identity));
  const foldRows = (r: GroupStatRule, s: readonly Float64Array[]): void => {
    const fold = r.fold!;
    for (let i = lo; i < hi; i++) {
      const g = codes[i]!;
      if (g >= 0) fold(s, g, x[i]!, i);
    }
  };
  if (rule.secondPass) rule.fields.slice(0, own).forEach((f, j) => foldRows(GROUP_STATS[f], [state[j]!]));
  foldRows(rule, state);
  return state;
}

import { describe, expect, it } from 'vitest';
import { DTYPES, ROUND_TO, type DType } from '../../src/graph/dtype.js';
import { ValueError } from '../../src/graph/errors.js';
import type { GroupStat } from '../../src/graph/group-agg.js';
import { REDUCE, type ReduceOp } from '../../src/graph/ops.js';
import { foldGroupState, GROUP_STATS, initialState, mergeInOrder, pairwiseSum, REDUCE_OPS, REDUCTIONS, type NanRule, type State } from '../../src/kernel/reductions.js';
import { rng } from '../helpers/rng.js';

/**
 * The table of reduction states (src/kernel/reductions.ts) against itself and plain
 * loops: a state folded piece by piece and combined gives what one fold of the whole
 * gives, empty states finish as the op table's identities, NaNs act as each row says.
 */

const same = (a: number, b: number): boolean => Object.is(a, b) || (a !== a && b !== b);
const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

const folded = (op: ReduceOp, dtype: DType, xs: ArrayLike<number>, first = 0): State => {
  const s = initialState(op);
  REDUCTIONS[op].fold(s, xs, xs.length, first, dtype);
  return s;
};
/** The finished value, rounded as a result of `dtype` is (var's result is float64 whatever its input). */
const value = (op: ReduceOp, dtype: DType, s: State): number => ROUND_TO[op === 'var' ? 'float64' : dtype](REDUCTIONS[op].finish(s, 1));
/** The finished value, or the message of the error a row's `fault` raises (nanargmax of a run of NaN). */
function outcome(op: ReduceOp, dtype: DType, s: State): number | string {
  try {
    return value(op, dtype, s);
  } catch (e) {
    if (REDUCTIONS[op].fault !== undefined && e instanceof ValueError) return e.message;
    throw e;
  }
}
const sameOutcome = (a: number | string, b: number | string): boolean => (typeof a === 'number' && typeof b === 'number' ? same(a, b) : a === b);

/** Values of `dtype`: integers in range, floats with NaN, -0 and ties sprinkled in when `special`. */
function values(dtype: DType, n: number, seed: number, special: boolean): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    if (dtype === 'bool') return r() < 0.5 ? 0 : 1;
    if (dtype === 'int32') return Math.floor(r() * 2 ** 32) | 0;
    if (dtype === 'uint32') return Math.floor(r() * 2 ** 32);
    const u = r();
    if (special && u < 0.01) return NaN;
    if (special && u < 0.1) return u < 0.05 ? -0 : 0;
    return (r() - 0.5) * 8;
  });
}

describe('reduce rows', () => {
  it('has a row for every reduce op of the op table, each state as wide as its fields', () => {
    expect([...REDUCE_OPS].sort()).toEqual(Object.keys(REDUCE).sort());
    for (const op of REDUCE_OPS) expect(REDUCTIONS[op].identity.length, op).toBe(REDUCTIONS[op].fields.length);
  });

  it('finishes an empty state as the op table says an empty axis reduces', () => {
    for (const op of REDUCE_OPS) {
      const empty = REDUCE[op] as { identity?: number };
      if (empty.identity !== undefined) expect(same(REDUCTIONS[op].finish(initialState(op), 0), empty.identity), op).toBe(true);
    }
  });

  it('combines the folds of two pieces of a run into the fold of the whole run', () => {
    for (const dtype of DTYPES) {
      for (const op of REDUCE_OPS) {
        for (let trial = 0; trial < 20; trial++) {
          const xs = values(dtype, 1 + trial * 7, trial * 31 + DTYPES.indexOf(dtype), trial % 2 === 0);
          const cut = Math.floor(xs.length * ((trial * 0.37) % 1));
          const a = folded(op, dtype, xs.slice(0, cut));
          REDUCTIONS[op].combine(a, folded(op, dtype, xs.slice(cut), cut), dtype);
          const [got, want] = [outcome(op, dtype, a), outcome(op, dtype, folded(op, dtype, xs))];
          // Moments, float sums and float products round differently when regrouped; everything else is exact.
          const regroups = op === 'var' || (isFloat(dtype) && (op === 'sum' || op === 'prod'));
          const near = typeof got === 'number' && typeof want === 'number' && close(got, want);
          expect(regroups ? sameOutcome(got, want) || near : sameOutcome(got, want), `${op} ${dtype} cut ${cut} of ${xs.length}: ${got} vs ${want}`).toBe(true);
        }
      }
    }
  });

  it('merges float sums pairwise, as pairwiseSum adds the partials, and everything else left to right', () => {
    const parts = values('float64', 37, 5, false);
    const states = parts.map((x) => Float64Array.of(x));
    expect(mergeInOrder('sum', 'float64', states)[0]).toBe(pairwiseSum(parts, 0, parts.length));
    expect(mergeInOrder('prod', 'float64', states)[0]).toBe(parts.reduce((p, x) => p * x, 1));
    const ints = values('int32', 37, 6, false);
    expect(mergeInOrder('sum', 'int32', ints.map((x) => Float64Array.of(x)))[0]).toBe(ints.reduce((s, x) => (s + x) | 0, 0));
  });

  it('lets NaN act as each row says: through the arithmetic, as the winning extreme (the first one), as nonzero, skipped', () => {
    const xs = [3, NaN, -1, NaN, 5];
    const expected: { readonly [K in ReduceOp]: number } = { sum: NaN, prod: NaN, var: NaN, min: NaN, max: NaN, argmin: 1, argmax: 1, any: 1, all: 1, nanargmin: 2, nanargmax: 4 };
    const nan: { readonly [K in ReduceOp]: NanRule } = {
      sum: 'arithmetic', prod: 'arithmetic', var: 'arithmetic', min: 'wins', max: 'wins', argmin: 'wins', argmax: 'wins', any: 'nonzero', all: 'nonzero', nanargmin: 'skipped', nanargmax: 'skipped',
    };
    for (const op of REDUCE_OPS) {
      const rule = REDUCTIONS[op];
      expect(rule.nan, op).toBe(nan[op]);
      expect(same(rule.finish(folded(op, 'float64', xs), 0), expected[op]), op).toBe(true);
    }
  });

  it('keeps the earlier of equal extremes, so the sign of a zero minimum is the first zero\'s', () => {
    const a = folded('min', 'float64', [-0, 2]);
    REDUCTIONS.min.combine(a, folded('min', 'float64', [0, 3]), 'float64');
    expect(Object.is(REDUCTIONS.min.finish(a, 0), -0)).toBe(true);
    expect(Object.is(REDUCTIONS.max.finish(folded('max', 'float64', [0, -0]), 0), 0)).toBe(true);
  });

  it('finds the first extreme among the numbers for nanargmin and nanargmax, whatever NaN stands where', () => {
    const arg = (op: 'nanargmin' | 'nanargmax', xs: number[]) => REDUCTIONS[op].finish(folded(op, 'float64', xs), 0);
    // Replacing NaN by -inf and taking argmax would answer 0 here.
    expect(arg('nanargmax', [NaN, -Infinity])).toBe(1);
    expect(arg('nanargmin', [NaN, Infinity])).toBe(1);
    expect(arg('nanargmax', [NaN, 2, NaN, 7, 7, NaN])).toBe(3);
    expect(arg('nanargmin', [NaN, 2, -5, NaN, -5])).toBe(2);
    expect(arg('nanargmin', [0, -0, NaN])).toBe(0);
    expect(arg('nanargmax', [-0, 0])).toBe(0);
    expect(arg('nanargmin', [NaN, NaN, Infinity, -Infinity, -Infinity])).toBe(3);
  });

  it('merges an all-NaN piece as no piece at all, and raises the row\'s fault when the whole run is NaN', () => {
    for (const op of ['nanargmin', 'nanargmax'] as const) {
      const rule = REDUCTIONS[op];
      const a = folded(op, 'float64', [NaN, NaN]);
      rule.combine(a, folded(op, 'float64', [4, NaN, 1], 2), 'float64');
      expect(rule.finish(a, 0), op).toBe(op === 'nanargmin' ? 4 : 2);
      const b = folded(op, 'float64', [9, NaN], 0);
      rule.combine(b, folded(op, 'float64', [NaN], 2), 'float64');
      expect(rule.finish(b, 0), op).toBe(0);
      expect(rule.fault, op).toBe(`${op}AllNan`);
      const allNaN = () => rule.finish(folded(op, 'float64', [NaN, NaN, NaN]), 0);
      expect(allNaN).toThrow(ValueError);
      expect(allNaN).toThrow(`${op}: All-NaN slice encountered`);
    }
  });

  it('reads back a finished value as the state of a non-empty run where the value is the whole state', () => {
    for (const op of REDUCE_OPS) {
      const fromResult = REDUCTIONS[op].fromResult;
      if (fromResult) for (const v of [0, -0, 1, 7.5, NaN]) expect(same(REDUCTIONS[op].finish(Float64Array.from(fromResult(v)), 0), v), `${op} ${v}`).toBe(true);
    }
  });
});

describe('group statistic rows', () => {
  const STATS = Object.keys(GROUP_STATS) as GroupStat[];
  const GROUPS = 5;

  it('ends every state with its statistic, after statistics that are their own state', () => {
    for (const stat of STATS) {
      const fields = GROUP_STATS[stat].fields;
      expect(fields.at(-1), stat).toBe(stat);
      for (const f of fields.slice(0, -1)) expect(GROUP_STATS[f].fields, `${stat} reads ${f}`).toEqual([f]);
    }
  });

  it('folds and merges exactly the statistics whose partials merge; order statistics do neither', () => {
    for (const stat of STATS) expect(GROUP_STATS[stat].fold === undefined, stat).toBe(GROUP_STATS[stat].combine === undefined);
    expect(STATS.filter((s) => !GROUP_STATS[s].combine).sort()).toEqual(['nunique', 'quantile']);
  });

  const groupState = (stat: GroupStat, codes: Int32Array, x: Float64Array, lo: number, hi: number): Float64Array[] =>
    foldGroupState(stat, codes, x, lo, hi, new Float64Array(GROUPS));

  it('combines the states of two blocks of rows into the state of all of them', () => {
    const r = rng(11);
    const n = 300;
    const codes = Int32Array.from({ length: n }, () => Math.floor(r() * (GROUPS + 1)) - 1);
    const x = Float64Array.from({ length: n }, (_, i) => (i % 11 === 0 ? NaN : i % 7 === 0 ? -0 : Math.round(r() * 10) + 1e6));
    for (const stat of STATS.filter((s) => GROUP_STATS[s].combine)) {
      for (const cut of [0, 1, 150, n]) {
        const [a, b] = [groupState(stat, codes, x, 0, cut), groupState(stat, codes, x, cut, n)];
        const whole = groupState(stat, codes, x, 0, n).at(-1)!;
        for (let g = 0; g < GROUPS; g++) {
          const got = GROUP_STATS[stat].combine!(a, g, b, g);
          const regroups = stat === 'm2' || stat === 'sum';
          expect(regroups ? close(got, whole[g]!) : same(got, whole[g]!), `${stat} group ${g} cut ${cut}: ${got} vs ${whole[g]}`).toBe(true);
        }
      }
    }
  });

  it('skips NaN values, except size, which counts rows', () => {
    for (const stat of STATS) {
      const rule = GROUP_STATS[stat];
      expect(rule.nan, stat).toBe(stat === 'size' ? 'counted' : 'skipped');
      if (!rule.fold || rule.secondPass) continue;
      const s = rule.fields.map((f) => Float64Array.of(GROUP_STATS[f].identity));
      rule.fold(s, 0, NaN, 0);
      expect(same(s.at(-1)![0]!, stat === 'size' ? 1 : rule.identity), stat).toBe(true);
    }
  });
});

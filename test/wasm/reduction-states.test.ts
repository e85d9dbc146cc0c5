import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { BLOCK } from '../../src/backend/js/body.js';
import { STATE_WORDS } from '../../src/backend/wasm/reduce-merge.js';
import { CALLS, type GroupByExports } from '../../src/backend/wasm/routines/groupby.js';
import { allocate, DTYPES, type DType } from '../../src/graph/dtype.js';
import type { GroupStat } from '../../src/graph/group-agg.js';
import { REDUCE } from '../../src/graph/ops.js';
import { foldGroupState, GROUP_STATS, initialState, mergeInOrder, mergesPairwise, REDUCE_OPS, REDUCTIONS, type State } from '../../src/kernel/reductions.js';
import { rng } from '../helpers/rng.js';
import { Vm, type ReduceCase } from './vm-harness.js';

/**
 * The partial states the Rust kernels write (wasm/src/vm/accumulate.rs, wasm/src/groupby.rs)
 * against the table of reduction states (src/kernel/reductions.ts), which the TypeScript
 * merges read them by: the number and order of a state's f64 words, its identity, and what
 * folding values into it leaves there, bit for bit.
 */

const vm = new Vm();
beforeEach(() => vm.reset());

const same = (a: number, b: number): boolean => Object.is(a, b) || (a !== a && b !== b);
const expectWords = (got: ArrayLike<number>, want: ArrayLike<number>, label: string): void => {
  const bad = Array.from(want, (w, i) => i).find((i) => !same(got[i]!, want[i]!));
  if (bad !== undefined) expect.fail(`${label} word ${bad}: got ${got[bad]}, expected ${want[bad]} (state ${Array.from(got).join(', ')})`);
};

/** Values of `dtype` with its special cases: NaN, -0, ties and extremes for floats; wrap-around for integers. */
function values(dtype: DType, n: number, seed: number): number[] {
  const r = rng(seed);
  const special: Record<DType, readonly number[]> = {
    float64: [NaN, -0, 0, 1, -1, 2.5, 1e300, -1e-300, Infinity],
    float32: [NaN, -0, 0, 1, -1, 2.5, Math.fround(1e30), Math.fround(-1e-30)],
    int32: [0, 1, -1, 7, 2147483647, -2147483648, 46341],
    uint32: [0, 1, 7, 4294967295, 2147483648, 46341],
    bool: [0, 1],
  };
  return Array.from({ length: n }, (_, i) => {
    const s = special[dtype];
    // Special values are rare, so most chunks hold no NaN and their extremes come from the lanes.
    if (r() < 0.02) return s[i % s.length]!;
    if (dtype === 'bool') return r() < 0.5 ? 0 : 1;
    if (dtype === 'int32') return Math.floor(r() * 2000) - 1000;
    if (dtype === 'uint32') return Math.floor(r() * 2000);
    return dtype === 'float32' ? Math.fround(r() * 100 - 50) : r() * 100 - 50;
  });
}

/** Outputs of each reduce case. */
const COUNT = 2;

/** Every reduce op over COUNT runs of `run` values of `dtype` (index reductions give int32, as the frontend asks). */
function reduceCase(dtype: DType, xs: readonly number[], run: number): ReduceCase {
  const shape = [COUNT, run];
  const slot = allocate(dtype, Math.max(1, xs.length));
  slot.set(xs);
  return {
    body: { shape, loads: [{ slot: 0, dtype, view: { shape, strides: [run, 1], offset: 0 } }], instrs: [{ op: 'load', load: 0, dtype }] },
    slots: [slot],
    reduced: 1,
    reductions: REDUCE_OPS.map((op) => ({ op, ref: 0, dtype: REDUCE[op].dtype === 'index' ? 'int32' : dtype, ...(op === 'var' ? { ddof: 1 } : {}) })),
  };
}

/** The table's state of one chunk, fed block by block as the reference feeds it (pairwise rows merge per-block partials). */
function tableState(op: (typeof REDUCE_OPS)[number], dtype: DType, xs: Float64Array, first: number): State {
  const rule = REDUCTIONS[op];
  const blocks: State[] = [];
  let s = initialState(op);
  for (let b = 0; b < xs.length; b += BLOCK) {
    const part = xs.subarray(b, Math.min(xs.length, b + BLOCK));
    if (mergesPairwise(op, dtype)) {
      const p = initialState(op);
      rule.fold(p, part, part.length, first + b, dtype);
      blocks.push(p);
    } else rule.fold(s, part, part.length, first + b, dtype);
  }
  if (mergesPairwise(op, dtype)) s = mergeInOrder(op, dtype, blocks);
  return s;
}

describe('reduce states (wasm/src/vm/accumulate.rs)', () => {
  it('pads every state to the widest row of the table, as STATE_WORDS in Rust and TypeScript both say', () => {
    const rust = /pub const STATE_WORDS: usize = (\d+);/.exec(readFileSync(new URL('../../wasm/src/vm/accumulate.rs', import.meta.url), 'utf8'));
    expect(Number(rust?.[1])).toBe(STATE_WORDS);
    expect(STATE_WORDS).toBe(Math.max(...REDUCE_OPS.map((op) => REDUCTIONS[op].fields.length)));
  });

  it.each([...DTYPES])('vm_reduce_states writes %s states as the table: identity for an empty run, the fold of each chunk, zeros after the fields', (dtype) => {
    // Runs of 0 (identities), 300 in one chunk (the batched path) and 4,000 in chunks of
    // 1,500 (whole blocks, a partial block, index words counted from the run's start).
    for (const [run, chunk] of [[0, 65536], [300, 65536], [4000, 1500]] as const) {
      const xs = values(dtype, run * COUNT, run + DTYPES.indexOf(dtype));
      const c = reduceCase(dtype, xs, run);
      const { states, chunks, status } = vm.reduceStates(c, chunk);
      expect(status).toBe(0);
      const nred = c.reductions.length;
      expect(states.length).toBe(COUNT * chunks * nred * STATE_WORDS);
      const stored = Float64Array.from(c.slots[0]!);
      for (let o = 0; o < COUNT; o++) {
        for (let ch = 0; ch < chunks; ch++) {
          const lo = Math.min(run, ch * chunk);
          const hi = Math.min(run, lo + chunk);
          c.reductions.forEach((r, k) => {
            const want = new Float64Array(STATE_WORDS);
            want.set(tableState(r.op, r.dtype, stored.subarray(o * run + lo, o * run + hi), lo));
            const at = ((o * chunks + ch) * nred + k) * STATE_WORDS;
            expectWords(states.subarray(at, at + STATE_WORDS), want, `${r.op} ${dtype} run ${run} output ${o} chunk ${ch}`);
          });
        }
      }
    }
  });
});

describe('group statistics (wasm/src/groupby.rs)', () => {
  const groupBy = (): GroupByExports => vm.exports as unknown as GroupByExports;
  const GROUPS = 6;
  const N = 400;
  const r = rng(19);
  const codes = Int32Array.from({ length: N }, () => Math.floor(r() * (GROUPS + 1)) - 1);
  const x = Float64Array.from({ length: N }, (_, i) => (i % 17 === 0 ? NaN : i % 13 === 0 ? -0 : Math.round(r() * 20) - 10));

  /** Statistic `stat` of rows [start, end) by the table's folds from its identity. */
  const folded = (stat: GroupStat, start: number, end: number): Float64Array => foldGroupState(stat, codes, x, start, end, new Float64Array(GROUPS)).at(-1)!;

  it('fills each kernel output from its statistic\'s identity and folds rows into it as the table does', () => {
    const [start, end] = [37, N];
    const codesPtr = vm.place(codes);
    const xPtr = vm.place(x);
    for (const call of CALLS) {
      const outs = call.outs.map((s) => vm.place(new Float64Array(GROUPS).fill(GROUP_STATS[s].identity)));
      const kernel = groupBy()[call.fn] as (...args: number[]) => void;
      kernel(codesPtr, xPtr, start, end, GROUPS, ...outs);
      call.outs.forEach((s, j) => expectWords(vm.view('float64', outs[j]!, GROUPS), folded(s, start, end), `${call.fn} ${s}`));
    }
  });

  it('adds squared deviations from the merged means in a second pass, as m2 folds', () => {
    const want = folded('m2', 0, N);
    const [count, sum] = [folded('count', 0, N), folded('sum', 0, N)];
    const mean = vm.place(sum.map((s, g) => s / count[g]!));
    const m2 = vm.place(new Float64Array(GROUPS).fill(GROUP_STATS.m2.identity));
    groupBy().group_m2(vm.place(codes), vm.place(x), 0, N, GROUPS, mean, m2);
    expectWords(vm.view('float64', m2, GROUPS), want, 'group_m2');
  });
});

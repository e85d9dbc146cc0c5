import { afterAll, describe, expect, it } from 'vitest';
import { Frame, init } from 'quiverjs';
import { PARTITION_GROUPS } from '../../src/backend/wasm/routines/group-rows.js';
import { expectColumns } from './compare.js';
import { specOf } from './differential.js';
import { keyColumn, rng } from './random-frames.js';

/** Every statistic the wasm kernels compute (mean, var and std finish from them). */
const KERNEL_AGGS = ['size', 'count', 'sum', 'mean', 'var', 'std', 'min', 'max', 'argmin', 'argmax', 'first', 'last'].map((agg) => ({ column: 'x', agg }));

/**
 * Rows over about `keys` float64 keys, some missing (rows in no group), with values from a
 * handful of integers so that minima and maxima tie within a group, and a fifth NaN so
 * that some groups have no value at all.
 */
function tiedFrame(seed: number, rows: number, keys: number): { k: Float64Array; x: Float64Array } {
  const next = rng(seed);
  const k = keyColumn('float64', rows, keys, 0.03, next) as Float64Array;
  const x = Float64Array.from({ length: rows }, () => (next() < 0.2 ? NaN : Math.floor(next() * 6) - 2.5));
  return { k, x };
}

/**
 * The same groupby in plain JS, written for this suite's sizes (the shared oracle, a Map
 * keyed by float64 values, spends seconds on 300,000 groups): the distinct keys sorted,
 * each row's group found by binary search, the rows bucketed by group in row order, and
 * every statistic from a group's rows as pandas defines it (NaN skipped, var with ddof 1,
 * argmin/argmax the first row of the extreme and -1 in a group without values).
 */
function bucketed(k: Float64Array, x: Float64Array): Record<string, number[]> {
  const sorted = k.slice().sort();
  const keys = sorted.filter((key, i) => key === key && key !== sorted[i - 1]);
  const rows: number[][] = Array.from(keys, () => []);
  k.forEach((key, r) => key === key && rows[lowerBound(keys, key)]!.push(r));
  const columns = KERNEL_AGGS.map((): number[] => []);
  for (const group of rows) {
    const stats = statsOf(group.filter((r) => x[r] === x[r]), x, group.length);
    KERNEL_AGGS.forEach((a, j) => columns[j]!.push(stats[a.agg as keyof typeof stats]));
  }
  return Object.fromEntries([['k', Array.from(keys)], ...KERNEL_AGGS.map((a, j) => [`x_${a.agg}`, columns[j]!])]);
}

/** The first index of `sorted` holding at least `key`. */
function lowerBound(sorted: Float64Array, key: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A group's statistics from its rows with values (`present`, in row order) and its row count. */
function statsOf(present: readonly number[], x: Float64Array, size: number) {
  let [sum, argmin, argmax] = [0, -1, -1];
  for (const r of present) {
    sum += x[r]!;
    if (argmin < 0 || x[r]! < x[argmin]!) argmin = r;
    if (argmax < 0 || x[r]! > x[argmax]!) argmax = r;
  }
  const mean = sum / present.length;
  let m2 = 0;
  for (const r of present) m2 += (x[r]! - mean) ** 2;
  const v = present.length > 1 ? m2 / (present.length - 1) : NaN;
  const at = (r: number | undefined) => (r === undefined || r < 0 ? NaN : x[r]!);
  return { size, count: present.length, sum, mean, var: v, std: Math.sqrt(v), min: at(argmin), max: at(argmax), argmin, argmax, first: at(present[0]), last: at(present.at(-1)) };
}

/** Groups `rows` rows over about `keys` keys on wasm, compares with the oracle, and returns the number of groups. */
async function sameAsOracle(threads: number, seed: number, rows: number, keys: number): Promise<number> {
  await init({ backend: 'wasm', threads });
  const data = tiedFrame(seed, rows, keys);
  const result = await new Frame(data).groupby('k').agg(specOf(KERNEL_AGGS));
  const expected = bucketed(data.k, data.x);
  expectColumns(await result.toColumns(), expected);
  return expected.k!.length;
}

afterAll(async () => {
  await init({ backend: 'js' });
});

describe('groupby on wasm past the cache-sized state (rows partitioned by group first)', () => {
  for (const threads of [1, 2]) {
    it(`matches a plain-JS groupby over 300,000 keys in two chunks, with ties, NaN values and missing keys, on ${threads} thread(s)`, async () => {
      expect(await sameAsOracle(threads, 41, 1_300_000, 300_000)).toBeGreaterThan(PARTITION_GROUPS);
    }, 60_000);

    it(`matches below the threshold, where each thread keeps its own state, on ${threads} thread(s)`, async () => {
      expect(await sameAsOracle(threads, 47, 300_000, 3_000)).toBeLessThan(PARTITION_GROUPS);
    }, 60_000);
  }

  it('reuses the partitioned rows of a one-chunk frame for the variance pass', async () => {
    expect(await sameAsOracle(2, 53, 700_000, 400_000)).toBeGreaterThan(PARTITION_GROUPS);
  }, 60_000);
});

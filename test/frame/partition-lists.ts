/**
 * Random partitioned sources for the partitioned-scan tests: data cut into CSV files,
 * files cut into random partition lists, and a comparison of a partitioned result with
 * the in-memory groupby that is exact where the statistic is exact and bounded where
 * partitions sum in another order.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Frame, splitFile, type ColumnInput, type FilePartition, type GroupOptions } from 'quiverjs';
import type { Columns, OracleAgg } from './oracle.js';
import { keyColumn, valueColumn } from './random-frames.js';

/**
 * Relative to the group's scale (Σ|x| for sums, Σx²/(n - ddof) for variances): a sum of n
 * terms in another order differs by at most about n·2⁻⁵³·Σ|x|, under 1e-12·Σ|x| for the
 * groups here (a few thousand rows at most), while a wrong merge is off by whole terms.
 */
export const RTOL = 1e-12;

/** Aggregations whose partitioned value is a float sum in another association. */
const SUMMED = new Set(['sum', 'mean', 'var', 'std']);

/** Desks (string keys, some missing), books (int32), rates (float64 keys, some NaN), values x (some NaN) and labels s (strings, some missing). */
export function positions(n: number, next: () => number): Columns {
  return {
    desk: keyColumn('string', n, 2 + Math.floor(next() * 30), 0.05, next),
    book: keyColumn('int32', n, 1 + Math.floor(next() * 5), 0, next),
    rate: keyColumn('float64', n, 6, 0.05, next),
    x: valueColumn(n, 0.1, next),
    s: keyColumn('string', n, 15, 0.2, next),
  };
}

const cell = (v: unknown): string => (v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v));

/** CSV text of columns, missing values as empty fields. */
export function csvText(data: Columns): string {
  const names = Object.keys(data);
  const n = (data[names[0]!] as ArrayLike<unknown>).length;
  const lines = [names.join(',')];
  for (let r = 0; r < n; r++) lines.push(names.map((c) => cell((data[c] as ArrayLike<unknown>)[r])).join(','));
  return `${lines.join('\n')}\n`;
}

/** Rows [from, to) of every column. */
export function rowsOf(data: Columns, from: number, to: number): Columns {
  return Object.fromEntries(Object.entries(data).map(([name, c]) => [name, (c as Float64Array | (string | null)[]).slice(from, to)])) as Columns;
}

/** The data cut at `cuts` (ascending row numbers) into CSV files `<name>-<i>.csv` in `dir`; a cut repeated makes a header-only file. */
export function writeCsvFiles(dir: string, name: string, data: Columns, cuts: readonly number[]): string[] {
  const n = (data[Object.keys(data)[0]!] as ArrayLike<unknown>).length;
  const ends = [0, ...cuts, n];
  return ends.slice(1).map((end, i) => {
    const path = join(dir, `${name}-${i}.csv`);
    writeFileSync(path, csvText(rowsOf(data, ends[i]!, end)));
    return path;
  });
}

/** How a file becomes partitions: whole, `splitFile` into a random count, or into random block sizes. */
export type Cut = 'whole' | 'count' | 'blockSize';

/** Each file cut as `cutOf` says, in order, into at most 9 byte ranges (a range costs a map job and 16 shuffle pieces). */
export async function partitionList(paths: readonly string[], cutOf: (i: number) => Cut, next: () => number): Promise<(string | FilePartition)[]> {
  const list: (string | FilePartition)[] = [];
  for (const [i, path] of paths.entries()) {
    const cut = cutOf(i);
    if (cut === 'whole') list.push(path);
    else if (cut === 'count') list.push(...(await splitFile(path, 1 + Math.floor(next() * 9))));
    else list.push(...(await splitFile(path, { blockSize: Math.ceil(statSync(path).size / (1 + next() * 8)) })));
  }
  return list;
}

/** Every aggregation, each in the spec with probability `p`, var/std with a random ddof and quantile with a random q; s (strings) with those strings support. */
export function randomAggs(next: () => number, p: number): OracleAgg[] {
  const pick = () => next() < p;
  const ddof = Math.floor(next() * 3);
  const numeric = ['sum', 'mean', 'count', 'size', 'min', 'max', 'var', 'std', 'first', 'last', 'median', 'quantile', 'nunique', 'argmin', 'argmax'].filter(pick);
  const strings = ['first', 'last', 'nunique', 'count', 'size'].filter(pick);
  const q = Math.round(next() * 100) / 100;
  return [
    ...numeric.map((agg) => ({ column: 'x', agg, ...(agg === 'var' || agg === 'std' ? { ddof } : {}), ...(agg === 'quantile' ? { q } : {}) })),
    ...strings.map((agg) => ({ column: 's', agg })),
  ];
}

/** Each group's scale for the summed statistics of `value`: Σ|x|, Σx² and the count, from the in-memory groupby of |x| and x². */
async function scalesOf(data: Columns, keys: readonly string[], options: GroupOptions, value: string): Promise<Record<string, Float64Array>> {
  const x = data[value] as Float64Array;
  const aux: Record<string, ColumnInput> = { ...Object.fromEntries(keys.map((k) => [k, data[k]! as ColumnInput])), abs: x.map(Math.abs), sq: x.map((v) => v * v) };
  const c = await (await new Frame(aux).groupby(keys, options).agg({ abs: ['sum', 'mean'], sq: ['sum', 'count'] })).toColumns();
  return { sum: Float64Array.from(c.abs_sum as Float64Array), mean: Float64Array.from(c.abs_mean as Float64Array), sq: Float64Array.from(c.sq_sum as Float64Array), n: Float64Array.from(c.sq_count as Int32Array) };
}

/** The error allowed in output `agg` of row g: exact (0) unless the statistic is summed. */
function allowed(a: OracleAgg, scale: Record<string, Float64Array>, g: number): number {
  if (!SUMMED.has(a.agg)) return 0;
  if (a.agg === 'sum' || a.agg === 'mean') return RTOL * Math.max(1, scale[a.agg]![g]!);
  return RTOL * Math.max(1, scale.sq![g]! / Math.max(1, scale.n![g]! - (a.ddof ?? 1)));
}

const same = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));

/** `[name, aggregation]` of each output column, as Frame names them. */
const outputNames = (aggs: readonly OracleAgg[]): [string, OracleAgg][] => aggs.map((a) => [`${a.column}_${a.agg === 'quantile' ? `quantile_${a.q}` : a.agg}`, a]);

/**
 * `actual` has the columns, dtypes and groups of `expected`: every output exact except
 * sums, means, variances (within `allowed` of the group's scale) and standard deviations
 * (compared as squares, with the variance's bound). `data` is what `expected` grouped.
 */
export async function expectSameGroups(actual: Frame, expected: Frame, data: Columns, keys: readonly string[], options: GroupOptions, aggs: readonly OracleAgg[]): Promise<void> {
  expect(actual.dtypes).toEqual(expected.dtypes);
  const [got, want] = [await actual.toColumns(), await expected.toColumns()];
  expect(Object.keys(got)).toEqual(Object.keys(want));
  const value = aggs.find((a) => SUMMED.has(a.agg))?.column;
  const scale = value === undefined ? {} : await scalesOf(data, keys, options, value);
  const checks: [string, OracleAgg | undefined][] = [...keys.map((k): [string, undefined] => [k, undefined]), ...outputNames(aggs)];
  for (const [name, a] of checks) {
    const [g, w] = [Array.from(got[name] as ArrayLike<unknown>), Array.from(want[name] as ArrayLike<unknown>)];
    expect(g.length, `${name} length`).toBe(w.length);
    const square = a?.agg === 'std';
    const bad = w.findIndex((v, i) => {
      if (a === undefined || !SUMMED.has(a.agg) || typeof v !== 'number' || Number.isNaN(v)) return !same(g[i], v);
      const [x, y] = square ? [(g[i] as number) ** 2, v ** 2] : [g[i] as number, v];
      return !(Math.abs(x - y) <= allowed(a, scale, i));
    });
    if (bad >= 0) expect.fail(`${name}[${bad}]: got ${String(g[bad])}, expected ${String(w[bad])}`);
  }
}

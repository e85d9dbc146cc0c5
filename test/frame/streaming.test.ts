import { beforeAll, describe, expect, it } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { Frame, col, init, type AggName, type AggSpec } from 'quiverjs';
import { expectColumns } from './compare.js';
import { specOf } from './differential.js';
import { oracleGroupBy, type Columns } from './oracle.js';
import { keyColumn, rng, valueColumn } from './random-frames.js';

beforeAll(async () => {
  await init({ backend: 'js' });
});

const fmt = (v: number | string | null): string => (v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v));

/** CSV text of columns (missing values as empty fields). */
function toCsv(data: Record<string, ArrayLike<number> | readonly (string | null)[]>): string {
  const names = Object.keys(data);
  const n = (data[names[0]!] as ArrayLike<unknown>).length;
  const lines = [names.join(',')];
  for (let r = 0; r < n; r++) lines.push(names.map((c) => fmt((data[c] as ArrayLike<number | string | null>)[r]!)).join(','));
  return lines.join('\n') + '\n';
}

const AGGS = ['sum', 'mean', 'count', 'size', 'min', 'max', 'var', 'std', 'first', 'last', 'argmin', 'argmax'].map((agg) => ({ column: 'x', agg }));
const SPEC: AggSpec = { x: AGGS.map((a) => a.agg as AggName) };

function randomData(seed: number, n: number): Columns {
  const next = rng(seed);
  return { desk: keyColumn('string', n, 30, 0.05, next), book: keyColumn('int32', n, 4, 0, next), x: valueColumn(n, 0.1, next) };
}

describe('streaming aggregation over scanCsv and scanArrow', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives the in-memory result for random block sizes (seed ${seed})`, async () => {
      const data = randomData(seed, 3000);
      const bytes = new TextEncoder().encode(toCsv(data));
      const blockSize = 200 + Math.floor(rng(seed * 17)() * 20_000);
      const progress: { bytes: number; rows: number }[] = [];
      const streamed = await Frame.scanCsv(bytes, { blockSize, schema: { x: 'float64' }, onProgress: (p) => progress.push(p) }).groupby('desk').agg(SPEC);
      expectColumns(await streamed.toColumns(), oracleGroupBy(data, ['desk'], AGGS));
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.at(-1)).toMatchObject({ bytes: bytes.byteLength, rows: 3000 });
      const multi = await Frame.scanCsv(bytes, { blockSize, schema: { x: 'float64' } }).groupby(['book', 'desk'], { sort: false, dropna: false }).agg(SPEC);
      expectColumns(await multi.toColumns(), oracleGroupBy(data, ['book', 'desk'], AGGS, { sort: false, dropna: false }));
    });
  }

  it('groups blocks of int keys by slots and merges two value columns statistic by statistic', async () => {
    const next = rng(21);
    const n = 4000;
    const data: Columns = { book: keyColumn('int32', n, 40, 0, next), x: valueColumn(n, 0.1, next), y: valueColumn(n, 0, next) };
    const bytes = new TextEncoder().encode(toCsv(data));
    const aggs = [...['sum', 'std', 'max'].map((agg) => ({ column: 'x', agg })), ...['mean', 'count', 'min'].map((agg) => ({ column: 'y', agg }))];
    const streamed = await Frame.scanCsv(bytes, { blockSize: 3000, schema: { x: 'float64', y: 'float64' } }).groupby('book').agg({ x: ['sum', 'std', 'max'], y: ['mean', 'count', 'min'] });
    expectColumns(await streamed.toColumns(), oracleGroupBy(data, ['book'], aggs));
    const unsorted = await Frame.scanCsv(bytes, { blockSize: 3000, schema: { x: 'float64', y: 'float64' } }).groupby('book', { sort: false }).agg({ x: 'sum' });
    expectColumns(await unsorted.toColumns(), oracleGroupBy(data, ['book'], [{ column: 'x', agg: 'sum' }], { sort: false }));
  });

  it('applies recorded assign, filter and select to every block before aggregating', async () => {
    const data = randomData(9, 2000);
    const bytes = new TextEncoder().encode(toCsv(data));
    const streamed = await Frame.scanCsv(bytes, { blockSize: 1500, schema: { x: 'float64' } })
      .assign({ y: col('x').mul(2).add(col('book')) })
      .filter(col('book').gt(0))
      .select('desk', 'y')
      .groupby('desk')
      .agg({ y: ['sum', 'count', 'std'] });
    const keep = Array.from({ length: 2000 }, (_, r) => r).filter((r) => (data.book as Int32Array)[r]! > 0);
    const y = Float64Array.from(keep, (r) => (data.x as Float64Array)[r]! * 2 + (data.book as Int32Array)[r]!);
    const desk = keep.map((r) => (data.desk as (string | null)[])[r]!);
    expectColumns(await streamed.toColumns(), oracleGroupBy({ desk, y }, ['desk'], ['sum', 'count', 'std'].map((agg) => ({ column: 'y', agg }))));
  });

  it('streams Arrow IPC record batches with the same result as one table', async () => {
    const data = randomData(4, 2500);
    const cuts = [0, 700, 1900, 2500];
    const tables = cuts.slice(1).map((end, i) => tableFromArrays({ desk: (data.desk as (string | null)[]).slice(cuts[i], end), x: (data.x as Float64Array).slice(cuts[i], end) }));
    const whole = tables.slice(1).reduce((t, u) => t.concat(u), tables[0]!);
    expect(whole.batches.length).toBe(3);
    const ipc = tableToIPC(whole, 'stream');
    let seen = 0;
    const streamed = await Frame.scanArrow(ipc, { onProgress: () => seen++ }).groupby('desk').agg(SPEC);
    expectColumns(await streamed.toColumns(), oracleGroupBy(data, ['desk'], AGGS));
    expect(seen).toBe(3);
  });

  it('collects every block into one frame equal to the data written', async () => {
    const data = randomData(12, 700);
    const collected = await Frame.scanCsv(new TextEncoder().encode(toCsv(data)), { blockSize: 333, schema: { x: 'float64' } }).collect();
    const c = await collected.toColumns();
    expect(c.desk).toEqual(data.desk);
    expect(Array.from(c.book as Int32Array)).toEqual(Array.from(data.book as Int32Array));
    expect(Array.from(c.x as Float64Array)).toEqual(Array.from(data.x as Float64Array));
  });

  for (const seed of [4, 5]) {
    it(`gives the in-memory median, quantiles and nunique (numbers and strings) over random block sizes (seed ${seed})`, async () => {
      const data = { ...randomData(seed, 2500), s: keyColumn('string', 2500, 9, 0.1, rng(seed + 100)) };
      const aggs = [
        { column: 'x', agg: 'median' }, { column: 'x', agg: 'quantile', q: 0.1 }, { column: 'x', agg: 'nunique' }, { column: 'x', agg: 'sum' },
        { column: 's', agg: 'nunique' }, { column: 'book', agg: 'quantile', q: 0.75 },
      ];
      const blockSize = 150 + Math.floor(rng(seed * 31)() * 8000);
      const streamed = await Frame.scanCsv(new TextEncoder().encode(toCsv(data)), { blockSize, schema: { x: 'float64' } }).groupby(['desk']).agg(specOf(aggs));
      expectColumns(await streamed.toColumns(), oracleGroupBy(data, ['desk'], aggs));
    });
  }

  it('gives order statistics alone, with a multi-key grouping in first-appearance order', async () => {
    const data = randomData(6, 1200);
    const aggs = [{ column: 'x', agg: 'median' }, { column: 'x', agg: 'nunique' }];
    const streamed = await Frame.scanCsv(new TextEncoder().encode(toCsv(data)), { blockSize: 500, schema: { x: 'float64' } }).groupby(['book', 'desk'], { sort: false }).agg(specOf(aggs));
    expectColumns(await streamed.toColumns(), oracleGroupBy(data, ['book', 'desk'], aggs, { sort: false }));
  });
});

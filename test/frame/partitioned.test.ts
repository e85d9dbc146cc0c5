import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, CsvError, Frame, SourceError, ValueError, col, init, splitFile, type Cluster, type FilePartition, type GroupOptions } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { specOf } from './differential.js';
import type { Columns, OracleAgg } from './oracle.js';
import { expectSameGroups, partitionList, positions, randomAggs, rowsOf, writeCsvFiles, type Cut } from './partition-lists.js';
import { rng } from './random-frames.js';

const DIR = mkdtempSync(join(tmpdir(), 'quiver-partitioned-'));

beforeAll(async () => {
  await init(TEST_INIT);
});
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const KEYS: readonly (readonly string[])[] = [['desk'], ['book'], ['rate'], ['desk', 'book'], ['rate', 'desk']];
const OPTIONS: readonly GroupOptions[] = [{}, { sort: false }, { dropna: false }, { sort: false, dropna: false }];
const ALL: readonly OracleAgg[] = [
  ...['sum', 'mean', 'count', 'size', 'min', 'max', 'first', 'last', 'median', 'nunique', 'argmin', 'argmax'].map((agg) => ({ column: 'x', agg })),
  { column: 'x', agg: 'var', ddof: 0 }, { column: 'x', agg: 'std', ddof: 2 }, { column: 'x', agg: 'quantile', q: 0.3 },
  ...['first', 'last', 'nunique', 'count', 'size'].map((agg) => ({ column: 's', agg })),
];
const ipc = async (f: Frame): Promise<Uint8Array> => tableToIPC(await f.toArrow(), 'stream');

/** The partition layouts a seed draws from: files count and how each file is cut. */
const LAYOUTS: readonly { name: string; files: number; cut: (i: number, next: () => number) => Cut }[] = [
  { name: 'one whole file', files: 1, cut: () => 'whole' },
  { name: 'several whole files', files: 4, cut: () => 'whole' },
  { name: 'one file in byte ranges', files: 1, cut: (_, next) => (next() < 0.5 ? 'count' : 'blockSize') },
  { name: 'several files, whole and in byte ranges', files: 4, cut: (_, next) => (['whole', 'count', 'blockSize'] as const)[Math.floor(next() * 3)]! },
];

/** Ascending cuts of n rows into `files` files, the first at least 300 rows (its first block fixes every partition's types); later files may be header-only. */
function randomCuts(n: number, files: number, next: () => number): number[] {
  return Array.from({ length: files - 1 }, () => 300 + Math.floor(next() * (n - 300))).sort((a, b) => a - b);
}

async function failure(run: () => unknown): Promise<Error> {
  try {
    await run();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('a partitioned groupby equals the in-memory groupby of the same rows', () => {
  for (let seed = 1; seed <= 12; seed++) {
    const layout = LAYOUTS[seed % LAYOUTS.length]!;
    it(`agrees over ${layout.name} with random keys, options and aggregations (seed ${seed})`, async () => {
      const next = rng(seed * 7919);
      const n = 1000 + Math.floor(next() * 3000);
      const data = positions(n, next);
      const files = writeCsvFiles(DIR, `seed${seed}`, data, randomCuts(n, layout.files, next));
      const list = await partitionList(files, (i) => layout.cut(i, next), next);
      const keys = KEYS[Math.floor(next() * KEYS.length)]!;
      const options = OPTIONS[Math.floor(next() * OPTIONS.length)]!;
      const aggs = randomAggs(next, 0.5);
      const spec = specOf(aggs.length > 0 ? aggs : ALL);
      const partitioned = await Frame.scanCsv(list).groupby(keys, options).agg(spec);
      const memory = await new Frame(data as Record<string, never>).groupby(keys, options).agg(spec);
      await expectSameGroups(partitioned, memory, data, keys, options, aggs.length > 0 ? aggs : ALL);
    });
  }

  it('gives every aggregation at once over two keys, unsorted, with the missing-key group', async () => {
    const next = rng(404);
    const data = positions(3000, next);
    const files = writeCsvFiles(DIR, 'all', data, [900, 900, 2100]);
    const list = await partitionList(files, (i) => (['count', 'whole', 'blockSize', 'count'] as const)[i]!, next);
    const options = { sort: false, dropna: false };
    const partitioned = await Frame.scanCsv(list).groupby(['desk', 'book'], options).agg(specOf(ALL));
    const memory = await new Frame(data as Record<string, never>).groupby(['desk', 'book'], options).agg(specOf(ALL));
    await expectSameGroups(partitioned, memory, data, ['desk', 'book'], options, ALL);
    expect((await partitioned.toColumns()).desk).toContain(null);
  });

  it('reports argmin and argmax as row positions in the whole list of partitions', async () => {
    const next = rng(5);
    const data = positions(2500, next);
    const files = writeCsvFiles(DIR, 'arg', data, [700, 1600]);
    const list = await partitionList(files, () => 'count', next);
    const c = await (await Frame.scanCsv(list).groupby('desk').agg({ x: ['min', 'max', 'argmin', 'argmax'] })).toColumns();
    const x = data.x as Float64Array;
    expect(Array.from(c.x_argmin as Int32Array, (r) => x[r])).toEqual(Array.from(c.x_min as Float64Array));
    expect(Array.from(c.x_argmax as Int32Array, (r) => x[r])).toEqual(Array.from(c.x_max as Float64Array));
    expect(Math.max(...(c.x_argmax as Int32Array))).toBeGreaterThan(1600);
  });

  it('reads a header-only first file with the types of the files that have rows', async () => {
    const data = positions(1200, rng(77));
    const files = writeCsvFiles(DIR, 'empty-first', data, [0, 500]);
    const spec = specOf(ALL);
    const partitioned = await Frame.scanCsv(files).groupby('desk').agg(spec);
    const memory = await new Frame(data as Record<string, never>).groupby('desk').agg(spec);
    await expectSameGroups(partitioned, memory, data, ['desk'], {}, ALL);
  });
});

describe('the merge tree of a partitioned groupby', () => {
  let list: (string | FilePartition)[];
  let data: Columns;
  const aggs = ALL.filter((a) => a.column === 'x');
  const query = (splitEvery: number) => Frame.scanCsv(list).groupby(['rate', 'desk'], { dropna: false }).agg(specOf(aggs), { splitEvery });

  beforeAll(async () => {
    const next = rng(31);
    data = positions(4000, next);
    list = await partitionList(writeCsvFiles(DIR, 'tree', data, [1000, 2500]), () => 'count', next);
    list.push(...(await splitFile(writeCsvFiles(DIR, 'tree-tail', rowsOf(data, 0, 0), [])[0]!, 2)));
  });

  it('gives the in-memory groups for splitEvery 2, 3 and 8', async () => {
    expect(list.length).toBeGreaterThan(8);
    const memory = await new Frame(data as Record<string, never>).groupby(['rate', 'desk'], { dropna: false }).agg(specOf(aggs));
    for (const splitEvery of [2, 3, 8]) await expectSameGroups(await query(splitEvery), memory, data, ['rate', 'desk'], { dropna: false }, aggs);
  });

  it('gives the same bytes when the same query runs twice', async () => {
    for (const splitEvery of [2, 8]) expect(Buffer.from(await ipc(await query(splitEvery))).equals(Buffer.from(await ipc(await query(splitEvery))))).toBe(true);
  });
});

describe('scanArrow over a list of Arrow IPC files', () => {
  it('equals the groupby of the files concatenated', async () => {
    const data = positions(3000, rng(12));
    const cuts = [0, 800, 800, 2200, 3000];
    // Each file with its own string dictionaries; the empty one (no rows to infer types from) cut from the whole table.
    const whole = tableFromArrays(data as Record<string, never>);
    const files = cuts.slice(1).map((end, i) => {
      const table = end === cuts[i] ? whole.slice(0, 0) : tableFromArrays(rowsOf(data, cuts[i]!, end) as Record<string, never>);
      const path = join(DIR, `part-${i}.arrow`);
      writeFileSync(path, tableToIPC(table, i % 2 === 0 ? 'stream' : 'file'));
      return path;
    });
    const aggs = ALL.filter((a) => a.agg !== 'size' || a.column === 'x');
    for (const options of [{}, { sort: false, dropna: false }]) {
      const partitioned = await Frame.scanArrow(files).groupby(['desk', 'book'], options).agg(specOf(aggs), { splitEvery: 2 });
      const memory = await new Frame(data as Record<string, never>).groupby(['desk', 'book'], options).agg(specOf(aggs));
      await expectSameGroups(partitioned, memory, data, ['desk', 'book'], options, aggs);
    }
  });
});

describe('recorded steps over partitions', () => {
  it('runs assign, filter and select on every partition as the in-memory frame runs them', async () => {
    const next = rng(8);
    const data = positions(3000, next);
    const list = await partitionList(writeCsvFiles(DIR, 'steps', data, [1100]), () => 'count', next);
    const y = col('x').mul(2).add(col('book'));
    const keep = col('book').gt(0);
    const aggs = ['sum', 'std', 'count', 'first', 'median', 'argmin', 'argmax'].map((agg) => ({ column: 'y', agg }));
    const partitioned = await Frame.scanCsv(list).assign({ y }).filter(keep).select('desk', 'y').groupby('desk').agg(specOf(aggs));
    const chained = (await new Frame(data as Record<string, never>).assign({ y }).filter(keep)).select('desk', 'y');
    const memory = await chained.groupby('desk').agg(specOf(aggs));
    await expectSameGroups(partitioned, memory, (await chained.toColumns()) as Columns, ['desk'], {}, aggs);
    const narrowed = await Frame.scanCsv(list, { usecols: ['x', 'book', 'desk'] }).assign({ y }).filter(keep).select('desk', 'y').groupby('desk').agg(specOf(aggs));
    await expectSameGroups(narrowed, memory, (await chained.toColumns()) as Columns, ['desk'], {}, aggs);
    const names = Object.keys(data);
    expect((await Frame.scanCsv(list, { usecols: ['x', 'desk'] }).collect()).columns).toEqual(names.filter((n) => n === 'x' || n === 'desk'));
  });
});

describe('a partitioned scan refuses bad input at the call', () => {
  const path = join(DIR, 'small.csv');
  const spec = { x: ['sum', 'median'] } as const;
  beforeAll(() => writeFileSync(path, 'k,x\na,1.5\nb,2.5\na,3.5\n'));

  it('refuses an empty list, and entries that are neither paths nor byte ranges, naming the index and value', () => {
    expect(() => Frame.scanCsv([])).toThrow(new ArgumentError('scanCsv: the list of files is empty'));
    expect(() => Frame.scanArrow([])).toThrow(new ArgumentError('scanArrow: the list of files is empty'));
    expect(() => Frame.scanCsv([path, 42 as never])).toThrow(new ArgumentError('scanCsv: partition 1 must be a file path or { path, start, end } with 0 <= start <= end, got 42'));
    expect(() => Frame.scanCsv([{ path, start: 5, end: 2 }])).toThrow(new ArgumentError(`scanCsv: partition 0 must be a file path or { path, start, end } with 0 <= start <= end, got { path: ${JSON.stringify(path)}, start: 5, end: 2 }`));
    expect(() => Frame.scanCsv([path, { path, start: -1, end: 2 }])).toThrow(/partition 1 .* got \{ path: .*, start: -1, end: 2 \}/);
    expect(() => Frame.scanArrow([path, 3 as never])).toThrow(new ArgumentError('scanArrow: partition 1 must be a file path, got 3'));
    expect(() => Frame.scanCsv([path], { onProgress: () => {} } as never)).toThrow(new ArgumentError("scanCsv: unknown option 'onProgress' (accepted: delimiter, header, schema, usecols, blockSize)"));
  });

  it("refuses agg options that are not a cluster, a splitEvery of at least 2 or known names", async () => {
    const g = Frame.scanCsv([path]).groupby('k');
    expect(await failure(() => g.agg(spec, { cluster: {} as Cluster }))).toEqual(new ArgumentError('agg: cluster must be what cluster.connect() returned'));
    expect(await failure(() => g.agg(spec, { splitEvery: 1 }))).toEqual(new ArgumentError('agg: splitEvery must be an integer of at least 2, got 1'));
    expect(await failure(() => g.agg(spec, { splitEvery: 2.5 }))).toEqual(new ArgumentError('agg: splitEvery must be an integer of at least 2, got 2.5'));
    expect(await failure(() => g.agg(spec, { fanout: 4 } as never))).toEqual(new ArgumentError("agg: unknown option 'fanout' (accepted: cluster, onProgress, splitEvery)"));
    const single = Frame.scanCsv(new TextEncoder().encode('k,x\na,1\n')).groupby('k');
    const message = 'agg: a cluster runs partitioned scans; pass scanCsv or scanArrow a list of files or byte ranges (splitFile)';
    expect(await failure(() => single.agg(spec, { cluster: { queueName: 'q' } as unknown as Cluster }))).toEqual(new ArgumentError(message));
  });

  it('names a partition file that does not exist', async () => {
    const missing = join(DIR, 'missing.csv');
    for (const [list, op] of [[[missing, path], 'readCsv'], [[path, missing], 'readCsvPartition']] as const) {
      const e = await failure(() => Frame.scanCsv(list).groupby('k').agg(spec));
      expect(e).toBeInstanceOf(SourceError);
      expect(e.message).toMatch(`${op}: cannot open the file '${missing}'`);
    }
  });

  it('names the file and its line for a malformed row in the second byte range', async () => {
    const bad = join(DIR, 'bad.csv');
    const rows = Array.from({ length: 300 }, (_, i) => (i === 149 ? 'a,1.5,extra' : `a,${i}.5`));
    writeFileSync(bad, `k,x\n${rows.join('\n')}\n`);
    const parts = await splitFile(bad, 3);
    const at = `k,x\n${rows.slice(0, 149).join('\n')}\n`.length;
    expect(at).toBeGreaterThanOrEqual(parts[1]!.start);
    expect(at).toBeLessThan(parts[1]!.end);
    const e = await failure(() => Frame.scanCsv([path, ...parts]).groupby('k').agg(spec));
    expect(e).toBeInstanceOf(CsvError);
    expect(e).toMatchObject({ source: bad, line: 151 });
    expect(e.message).toMatch(`csv: ${bad} line 151, column 3`);
  });

  it('gives zero groups when every partition has a header and no rows', async () => {
    const empty = writeCsvFiles(DIR, 'header-only', { k: [], x: new Float64Array(0) }, [0]);
    const f = await Frame.scanCsv([...empty, ...(await splitFile(empty[0]!, 3))], { schema: { x: 'float64' } }).groupby('k').agg({ x: ['sum', 'median', 'count'] });
    expect(f.length).toBe(0);
    expect(f.dtypes).toEqual({ k: 'string', x_sum: 'float64', x_median: 'float64', x_count: 'int32' });
  });

  it('refuses files with neither a header nor rows, as there are no columns', async () => {
    const blank = join(DIR, 'blank.csv');
    writeFileSync(blank, '');
    expect(await failure(() => Frame.scanCsv([blank, blank]).groupby('k').agg(spec))).toEqual(new ValueError('agg: no partition has rows or a header, so there are no columns to group'));
  });
});

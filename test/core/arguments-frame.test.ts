import { TEST_INIT } from '../helpers/backend.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, col, ArgumentError, Frame, QuiverError, type ScanFrame } from 'quiverjs';
import { finding, walk } from './arguments-walk.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

const frame = (): Frame => new Frame({ a: [3, 1, 2], b: np.array([1.5, -2, 0.5]), s: ['x', 'y', 'x'] });
/** The same table streamed: ScanFrame methods are lazy, so each walked call collects, where a bad argument could first show. */
const scan = (): ScanFrame => Frame.scanCsv(new TextEncoder().encode('a,b,s\n3,1.5,x\n1,-2,y\n2,0.5,x\n'));

/** A good call of the Frame constructor and of each method; the walk replaces one argument at a time. */
const METHODS: [string, (...args: unknown[]) => unknown, () => readonly unknown[]][] = [
  ['Frame', (columns) => new Frame(columns as never), () => [{ a: [1, 2] }]],
  ['col', (name) => frame().col(name as never), () => ['a']],
  ['assign', (spec) => frame().assign(spec as never), () => [{ c: col('a').mul(2) }]],
  ['select', (...names) => frame().select(...(names as never[])), () => ['a', 'b']],
  ['head', (n) => frame().head(n as never), () => [2]],
  ['filter', (mask) => frame().filter(mask as never), () => [col('a').gt(1)]],
  ['sortBy', (keys, options) => frame().sortBy(keys as never, options as never), () => [['s', 'a'], { descending: [true, false] }]],
  ['groupby', (keys, options) => frame().groupby(keys as never, options as never), () => ['s', { sort: false }]],
  ['agg', (spec) => frame().groupby('s').agg(spec as never), () => [{ a: 'sum' }]],
  ['GroupBy.plan', (spec) => frame().groupby('s').plan(spec as never), () => [{ a: ['sum', 'median'] }]],
  ['GroupBy.explain', (spec) => frame().groupby('s').explain(spec as never), () => [{ a: 'mean', b: { agg: 'quantile', q: 0.9 } }]],
  ['col', (name) => col(name as never), () => ['a']],
  ['fromArrow', (table) => Frame.fromArrow(table as never), () => [{ schema: { fields: [] }, batches: [] }]],
  ['scanCsv', (source, options) => Frame.scanCsv(source as never, options as never), () => [new TextEncoder().encode('a,b\n1,2\n'), { header: true }]],
  ['scanArrow', (source, options) => Frame.scanArrow(source as never, options as never), () => [new Uint8Array(0), {}]],
  ['ScanFrame.assign', (spec) => scan().assign(spec as never).collect(), () => [{ c: col('a').mul(2) }]],
  ['ScanFrame.filter', (mask) => scan().filter(mask as never).collect(), () => [col('a').gt(1)]],
  ['ScanFrame.select', (...names) => scan().select(...(names as never[])).collect(), () => ['a', 'b']],
  ['ScanFrame.groupby', (keys, options) => scan().groupby(keys as never, options as never).agg({ a: 'sum' }), () => ['s', { sort: false }]],
  ['ScanGroupBy.agg', (spec) => scan().groupby('s').agg(spec as never), () => [{ a: ['sum', 'median'], b: 'max' }]],
];

describe('Frame checks its arguments at the call', () => {
  it('refuses data that is not a columns object, naming Frame', () => {
    expect(() => new Frame('x' as never)).toThrow(ArgumentError);
    expect(() => new Frame('x' as never)).toThrow('Frame: columns must be an object mapping names to column data, got "x"');
    expect(() => new Frame({ a: 'x' } as never)).toThrow("Frame: column 'a' must be an NDArray, a TypedArray or a list of numbers, booleans or strings, got \"x\"");
    expect(() => new Frame({ a: [1, {}] } as never)).toThrow("Frame: column 'a' mixes numbers with an options object at row 1");
  });

  it('names the method and the argument for a wrong type, on a Frame and at the call on a ScanFrame', async () => {
    expect(() => frame().sortBy(123 as never)).toThrow('sortBy: keys must be a column name or a list of column names, got 123');
    expect(() => frame().sortBy('a', { descending: 'yes' } as never)).toThrow('sortBy: descending must be a boolean or a list of 1 booleans, got "yes"');
    expect(() => frame().sortBy('a', { desc: true } as never)).toThrow("sortBy: unknown option 'desc' (accepted: descending)");
    expect(() => frame().head('a' as never)).toThrow('head: n must be an integer, got "a"');
    expect(() => frame().groupby('s', { sorted: true } as never)).toThrow("groupby: unknown option 'sorted' (accepted: sort, dropna, strategy)");
    expect(() => Frame.scanCsv('prices.csv', { delimeter: ';' } as never)).toThrow("scanCsv: unknown option 'delimeter' (accepted: delimiter, header, schema, usecols, blockSize, onProgress, threads)");
    expect(() => scan().groupby(7 as never)).toThrow('groupby: keys must be a column name or a list of column names, got 7');
    expect(() => scan().groupby('s', { sorted: true } as never)).toThrow("groupby: unknown option 'sorted' (accepted: sort, dropna)");
    expect(() => scan().assign('x' as never)).toThrow('assign: expected an object mapping names to columns or expressions, got "x"');
    expect(() => scan().select('a', 3 as never)).toThrow('select: names must be a column name or a list of column names, got ["a", 3]');
    await expect(frame().groupby('s').agg({ a: [] } as never)).rejects.toThrow("agg: column 'a': expected at least one aggregation, got []");
    await expect(scan().groupby('s').agg({ a: null } as never)).rejects.toThrow("agg: column 'a': expected an aggregation name such as 'sum', or an object such as { agg: 'quantile', q: 0.9 }, got null");
    await expect(frame().filter('x' as never)).rejects.toThrow(QuiverError);
    await expect(frame().filter('x' as never)).rejects.toThrow(/^filter: column 'mask' must be/);
  });
});

describe('a ScanFrame is not a thenable', () => {
  it('settles when awaited, so an async function may return one', async () => {
    const scan = Frame.scanCsv(new TextEncoder().encode('a,b\n1,2\n'));
    expect(await scan).toBe(scan);
  });
});

describe('a walk over the Frame constructor and methods with wrong types, NaN, negative and huge sizes and empty arrays', () => {
  it.each(METHODS)('%s accepts or throws a QuiverError naming it', async (name, call, good) => {
    const op = { 'GroupBy.plan': 'agg', 'GroupBy.explain': 'agg' }[name] ?? name.replace(/^Scan(Frame|GroupBy)\./, '');
    expect(await walk(name, op, call, good())).toEqual([]);
  });

  it('reads every column of a frame built from good data', async () => {
    expect(await finding('toColumns', 'toColumns', () => frame().toColumns())).toBeUndefined();
  });
});

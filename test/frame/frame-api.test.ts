import { beforeAll, describe, expect, it } from 'vitest';
import { Table, makeVector, vectorFromArray, Dictionary, Utf8, Int32, makeTable } from 'apache-arrow';
import { Frame, col, init, np, ShapeError, ValueError, DTypeError } from 'quiverjs';

beforeAll(async () => {
  await init({ backend: 'js' });
});

const trades = () =>
  new Frame({
    desk: ['rates', 'fx', 'rates', null, 'credit', 'fx'],
    qty: new Float64Array([10, -5, 3, 7, NaN, 2]),
    px: [101.5, 1.1, 99, 50, 80, 1.2],
    id: new Int32Array([6, 5, 4, 3, 2, 1]),
  });

describe('Frame', () => {
  it('reports columns, dtypes and length, and reads numeric columns as lazy arrays', async () => {
    const f = trades();
    expect(f.columns).toEqual(['desk', 'qty', 'px', 'id']);
    expect(f.dtypes).toEqual({ desk: 'string', qty: 'float64', px: 'float64', id: 'int32' });
    expect(f.length).toBe(6);
    expect(Array.from(await f.col('id').data())).toEqual([6, 5, 4, 3, 2, 1]);
    expect((await f.toColumns()).desk).toEqual(['rates', 'fx', 'rates', null, 'credit', 'fx']);
  });

  it('encodes null and undefined strings as missing and names the row of a value that is not a string', async () => {
    expect((await new Frame({ s: ['a', undefined as unknown as null, null, 'a'] }).toColumns()).s).toEqual(['a', null, null, 'a']);
    expect(() => new Frame({ s: ['a', 'b', 3 as unknown as string] })).toThrow("Frame: column 's' mixes strings with number 3 at row 2");
  });

  it('assigns lazy expressions, NDArrays and data', async () => {
    const f = trades().assign({ notional: col('qty').mul(col('px')), twice: col('id').mul(2), ones: np.ones([6]), tag: ['a', 'b', 'c', 'd', 'e', 'f'] });
    const c = await f.toColumns();
    expect(Array.from(c.notional as Float64Array)).toEqual([1015, -5.5, 297, 350, NaN, 2.4].map((v, i) => (i === 5 ? 2 * 1.2 : i === 1 ? -5 * 1.1 : v)));
    expect(Array.from(c.twice as Int32Array)).toEqual([12, 10, 8, 6, 4, 2]);
    expect(c.tag).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('filters by a boolean expression, including string equality', async () => {
    const f = await trades().filter(col('desk').eq('fx').or(col('qty').gt(5)));
    expect((await f.toColumns()).id).toEqual(new Int32Array([6, 5, 3, 1]));
    const g = await trades().filter(col('desk').ne('rates'));
    expect((await g.toColumns()).desk).toEqual(['fx', null, 'credit', 'fx']);
  });

  it('selects, heads and sorts by several keys with NaN and null last', async () => {
    const f = trades();
    expect(f.select('id', 'desk').columns).toEqual(['id', 'desk']);
    expect((await f.head(2).toColumns()).id).toEqual(new Int32Array([6, 5]));
    const s = await f.sortBy(['desk', 'qty'], { descending: [false, true] }).toColumns();
    expect(s.desk).toEqual(['credit', 'fx', 'fx', 'rates', 'rates', null]);
    expect(Array.from(s.qty as Float64Array)).toEqual([NaN, 2, -5, 10, 3, 7]);
    const d = await f.sortBy('qty', { descending: true }).toColumns();
    expect(Array.from(d.id as Int32Array)).toEqual([6, 3, 4, 1, 5, 2]);
  });

  it('prints like pandas, with the row index and right-aligned cells', () => {
    expect(trades().head(3).toString()).toBe(
      ['    desk   qty     px  id', '0  rates  10.0  101.5   6', '1     fx  -5.0    1.1   5', '2  rates   3.0   99.0   4', '[3 rows x 4 columns]'].join('\n'),
    );
    const long = new Frame({ x: new Int32Array(100).map((_, i) => i) }).toString().split('\n');
    expect(long.filter((line) => /^ *\.\.\. +\.\.\.$/.test(line))).toHaveLength(1);
    expect(long.at(-1)).toBe('[100 rows x 1 columns]');
  });

  it('round-trips through Arrow, reading numeric columns without copying and dictionaries by code', async () => {
    const x = new Float64Array([1.5, 2.5, 3.5]);
    const table = makeTable({ x });
    const f = Frame.fromArrow(table);
    x[0] = 9;
    expect((await f.toColumns()).x).toEqual(new Float64Array([9, 2.5, 3.5]));
    const dict = new Table({ s: vectorFromArray(['b', null, 'a', 'b'], new Dictionary(new Utf8(), new Int32())), n: makeVector(new Int32Array([1, 2, 3, 4])) });
    const g = Frame.fromArrow(dict);
    expect((await g.toColumns()).s).toEqual(['b', null, 'a', 'b']);
    const back = await g.toArrow();
    expect(back.getChild('s')!.toArray()).toEqual(['b', null, 'a', 'b']);
    expect(Array.from(back.getChild('n')!.toArray() as Int32Array)).toEqual([1, 2, 3, 4]);
  });
});

describe('groupby', () => {
  it('fuses a lazy value expression into the one aggregation pass', async () => {
    const f = trades().assign({ pnl: col('qty').mul(col('px')) });
    const plan = await f.groupby('desk').explain({ pnl: ['sum', 'mean', 'std'] });
    expect(plan).toMatch(/^grouping: slots \(auto\): 'desk' in \[0, 2\] \(dictionary codes\): 3 slots for 6 rows.*\nplan: 1 kernel/);
    expect(plan).toMatch(/groupAgg/);
    expect(plan).toMatch(/ops groupAgg mul/);
    const r = await (await f.groupby('desk').agg({ pnl: ['sum', 'count'] })).toColumns();
    expect(r).toEqual({ desk: ['credit', 'fx', 'rates'], pnl_sum: new Float64Array([0, -5 * 1.1 + 2 * 1.2, 1015 + 297]), pnl_count: new Int32Array([0, 2, 2]) });
  });

  it('gives the same result evaluated node by node, without fusion', async () => {
    const spec = { pnl: ['sum', 'std', 'median', 'argmin'] } as const;
    const f = trades().assign({ pnl: col('qty').mul(col('px')) });
    const fused = await (await f.groupby('desk', { dropna: false }).agg(spec)).toColumns();
    await init({ backend: 'js', fuse: false });
    try {
      const unfused = await (await trades().assign({ pnl: col('qty').mul(col('px')) }).groupby('desk', { dropna: false }).agg(spec)).toColumns();
      expect(unfused).toEqual(fused);
    } finally {
      await init({ backend: 'js' });
    }
  });

  it('names quantile outputs by q and accepts custom output names', async () => {
    const r = await trades().groupby('desk').agg({ px: [{ agg: 'quantile', q: 0.25 }, { agg: 'max', name: 'top' }] });
    expect(r.columns).toEqual(['desk', 'px_quantile_0.25', 'top']);
  });

  it('keeps integer dtypes for min, max, first and last and gives counts as int32', async () => {
    const r = await trades().groupby('desk').agg({ id: ['min', 'last', 'count', 'argmax'] });
    expect(r.dtypes).toEqual({ desk: 'string', id_min: 'int32', id_last: 'int32', id_count: 'int32', id_argmax: 'int32' });
  });
});

describe('errors name the op and the values', () => {
  it('rejects columns of different lengths', () => {
    expect(() => new Frame({ a: [1, 2], b: [1, 2, 3] })).toThrow(new ShapeError("Frame: column 'b' has 3 rows but column 'a' has 2"));
    expect(() => trades().assign({ z: [1, 2] })).toThrow(ShapeError);
  });

  it('rejects unknown columns, listing the known ones', async () => {
    expect(() => trades().groupby('book')).toThrow(new ValueError("groupby: unknown column 'book' (columns: desk, qty, px, id)"));
    await expect(trades().groupby('desk').agg({ pnl: 'sum' })).rejects.toThrow("agg: unknown column 'pnl'");
    expect(() => trades().assign({ y: col('nope').add(1) })).toThrow("assign: unknown column 'nope'");
  });

  it('rejects unknown aggregations and bad parameters', async () => {
    await expect(trades().groupby('desk').agg({ qty: 'average' as 'sum' })).rejects.toThrow("agg: column 'qty': unknown aggregation 'average' (known: sum, mean,");
    await expect(trades().groupby('desk').agg({ qty: { agg: 'quantile', q: 2 } })).rejects.toThrow("agg: column 'qty': quantile needs q in [0, 1], got 2");
    await expect(trades().groupby('desk').agg({ qty: ['sum', 'sum'] })).rejects.toThrow("output column 'qty_sum' is produced twice");
  });

  it('rejects arithmetic and numeric aggregations on strings', async () => {
    expect(() => trades().assign({ y: col('desk').mul(2) })).toThrow(DTypeError);
    await expect(trades().groupby('id').agg({ desk: 'sum' })).rejects.toThrow("agg: sum of string column 'desk' is not defined");
  });
});

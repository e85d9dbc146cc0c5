import { beforeAll, describe, expect, it } from 'vitest';
import { Frame, col, init } from 'quiverjs';
import { sourceColumns } from '../../src/frontend/frame/projection.js';

beforeAll(async () => {
  await init({ backend: 'js' });
});

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('a scan reads only the columns its steps and aggregation use', () => {
  it('traces the used columns back through assign, filter and select', () => {
    const steps = [{ assign: { n: col('qty').mul(col('px')), unused: col('fee').abs() } }, { filter: col('side').eq('buy') }, { select: ['desk', 'n'] }];
    expect(sourceColumns(steps, ['desk', 'n'])!.sort()).toEqual(['desk', 'fee', 'px', 'qty', 'side']);
    expect(sourceColumns([{ assign: { x: col('x').add(1) } }], ['x'])).toEqual(['x']);
    expect(sourceColumns([{ filter: col('a').gt(col('b').mul(2)) }], ['k'])!.sort()).toEqual(['a', 'b', 'k']);
  });

  it('reads every column when a step holds an array', () => {
    expect(sourceColumns([{ assign: { w: new Float64Array(3) } }], ['w'])).toBeUndefined();
  });

  it('groups a CSV whose unused column does not parse as its schema type, while reading that column still fails', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => `${i % 5},${i},${i % 3 === 0 ? 'sell' : 'buy'},${i === 333 ? 'n/a' : i}`);
    const bytes = encode(`desk,qty,side,fee\n${rows.join('\n')}\n`);
    const scan = () => Frame.scanCsv(bytes, { blockSize: 500, schema: { fee: 'int32' }, threads: 1 });
    const grouped = await scan().assign({ q2: col('qty').mul(2) }).filter(col('side').eq('buy')).groupby('desk').agg({ q2: 'sum' });
    const want = [0, 1, 2, 3, 4].map((d) => rows.map((_, i) => i).filter((i) => i % 5 === d && i % 3 !== 0).reduce((a, i) => a + 2 * i, 0));
    expect(Array.from((await grouped.toColumns()).q2_sum as Float64Array)).toEqual(want);
    await expect(scan().groupby('desk').agg({ fee: 'sum' })).rejects.toThrow(/n\/a/);
  });

  it('keeps the usecols the caller names, checked at the call, and projects within them', async () => {
    const bytes = encode(`desk,qty,side,fee\n${Array.from({ length: 50 }, (_, i) => `${i % 3},${i},buy,${i === 7 ? 'n/a' : i}`).join('\n')}\n`);
    const kept = await Frame.scanCsv(bytes, { usecols: ['qty', 'desk'], schema: { fee: 'int32' }, threads: 1 }).collect();
    expect(kept.columns).toEqual(['desk', 'qty']);
    expect(() => Frame.scanCsv(bytes, { usecols: 3 } as never)).toThrow('scanCsv: usecols must be a column name or a list of column names, got 3');
    const one = await Frame.scanCsv(bytes, { usecols: 'qty' as never, threads: 1 }).collect();
    expect(one.columns).toEqual(['qty']);
    await expect(Frame.scanCsv(bytes, { usecols: ['qty', 'nope'], threads: 1 }).collect()).rejects.toThrow("readCsv: usecols names 'nope', not among the columns (desk, qty, side, fee)");
    await expect(Frame.scanCsv(bytes, { usecols: ['qty'], threads: 1 }).groupby('desk').agg({ qty: 'sum' })).rejects.toThrow(/desk/);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeBucket, decodePartial, decodePiece, encodeBucket, encodePartial, encodePiece } from '../../src/cluster/partial-ipc.js';
import { childrenOf, levelCounts } from '../../src/cluster/tree.js';
import type { StatRows } from '../../src/runtime/stream/group-state.js';
import type { StreamPartial } from '../../src/runtime/stream/partial.js';
import { bucketOf, BUCKETS } from '../../src/runtime/stream/shuffle.js';

/** A layout of `size` statistics of one column, as far as the codec reads it. */
const layout = (size: number): StatRows => ({ columns: ['x'], stats: [Array.from({ length: size }, () => ({ stat: 'sum' as const }))], size, index: () => 0 });

const partial: StreamPartial = {
  keys: [{ values: Float64Array.of(1, 0, -1, 2), dictionary: ['b', 'a', 'c'] }, { values: Float64Array.of(3, NaN, -0, 7) }],
  state: { layout: layout(2), groups: 4, data: Float64Array.of(1.5, NaN, Infinity, -0, 4, 5, 6, 7) },
  rows: 123,
  values: { name: ['p', 'q'] },
  dtypes: { k: 'string', j: 'float64', x: 'float64' },
};

const textOf = (k: { values: Float64Array; dictionary?: readonly string[] }): (string | number | null)[] =>
  Array.from(k.values, (v) => (k.dictionary ? (v < 0 ? null : k.dictionary[v]!) : v));

describe('partials as Arrow IPC', () => {
  it('round-trips a merged partial: keys by value (strings by text, nulls kept), statistics bit for bit, rows, dictionaries and dtypes', async () => {
    const back = await decodePartial(await encodePartial(partial), layout(2));
    expect(back.keys.map(textOf)).toEqual(partial.keys.map(textOf));
    expect(Object.is(back.keys[1]!.values[2], -0)).toBe(true);
    expect(Array.from(back.state.data)).toEqual(Array.from(partial.state.data));
    expect(Object.is(back.state.data[3], -0)).toBe(true);
    expect([back.rows, back.values, back.dtypes, back.state.groups]).toEqual([123, { name: ['p', 'q'] }, partial.dtypes, 4]);
  });

  it('round-trips a partial with no groups', async () => {
    const empty: StreamPartial = { ...partial, keys: [{ values: new Float64Array(0), dictionary: [] }], state: { layout: layout(1), groups: 0, data: new Float64Array(0) } };
    const back = await decodePartial(await encodePartial(empty), layout(1));
    expect([back.state.groups, back.keys[0]!.values.length]).toEqual([0, 0]);
  });

  it('round-trips a shuffle piece and a reduced bucket', async () => {
    const piece = { keys: [{ values: Float64Array.of(0, 1), dictionary: ['x', 'y'] }], group: Int32Array.of(1, 0, 1), values: [Float64Array.of(2, NaN, 3)], dictionaries: [['u', 'v']] };
    const p = await decodePiece(await encodePiece(piece));
    expect([p.keys.map(textOf), Array.from(p.group), Array.from(p.values[0]!), p.dictionaries]).toEqual([[['x', 'y']], [1, 0, 1], [2, NaN, 3], [['u', 'v']]]);
    const bucket = { keys: [{ values: Float64Array.of(5, 6) }], state: { layout: layout(1), groups: 2, data: Float64Array.of(0.5, 0.25) } };
    const b = await decodeBucket(await encodeBucket(bucket), layout(1));
    expect([textOf(b.keys[0]!), Array.from(b.state.data)]).toEqual([[5, 6], [0.5, 0.25]]);
  });

  it('refuses bytes that are not a partial, or a partial of another kind', async () => {
    await expect(decodePartial(Uint8Array.of(1, 2), layout(1))).rejects.toThrow(/not a partial \(2 bytes\)/);
    await expect(decodeBucket(await encodePartial(partial), layout(2))).rejects.toThrow(/expected a reduced bucket, read a partial/);
  });
});

describe('the merge tree and the shuffle', () => {
  it('has a shape fixed by the partitions and splitEvery alone', () => {
    expect(levelCounts(1, 8)).toEqual([1]);
    expect(levelCounts(20, 8)).toEqual([20, 3, 1]);
    expect(levelCounts(9, 3)).toEqual([9, 3, 1]);
    expect(childrenOf(1, 2, levelCounts(20, 8), 8)).toEqual([16, 17, 18, 19]);
    expect(childrenOf(2, 0, levelCounts(20, 8), 8)).toEqual([0, 1, 2]);
  });

  it('puts a group in the bucket of its key values, whatever its number or dictionary in a partition', () => {
    const a = [{ values: Float64Array.of(0, 1), dictionary: ['desk-1', 'desk-2'] }, { values: Float64Array.of(7, 8) }];
    const b = [{ values: Float64Array.of(0, 1), dictionary: ['desk-2', 'desk-1'] }, { values: Float64Array.of(8, 7) }];
    expect([bucketOf(a, 0), bucketOf(a, 1)]).toEqual([bucketOf(b, 1), bucketOf(b, 0)]);
    const spread = new Set(Array.from({ length: 200 }, (_, g) => bucketOf([{ values: Float64Array.from({ length: 200 }, (_, i) => i) }], g)));
    expect(spread.size).toBe(BUCKETS);
  });
});

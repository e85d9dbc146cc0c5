import { afterAll, describe, expect, it } from 'vitest';
import { Frame, init, type InitOptions } from 'quiverjs';
import { ALL_AGGS, expectSameGroupBy, specOf } from './differential.js';
import { keyColumn, rng, valueColumn } from './random-frames.js';

/**
 * Grouping by several narrow-range keys numbers each row's key tuple in mixed radix (the
 * groupSlots op: a native loop on wasm, split over the threads) and then aggregates by
 * those slots; string keys enter as their dictionary codes and are ordered by their
 * strings afterwards. Checked against the plain-JS Map-of-arrays groupby.
 */
const SETUPS: readonly [string, InitOptions][] = [
  ['js', { backend: 'js' }],
  ['wasm on 1 thread', { backend: 'wasm', threads: 1 }],
  ['wasm on 2 threads', { backend: 'wasm', threads: 2 }],
];

const FEW_AGGS = ALL_AGGS.filter((a) => ['sum', 'count', 'size', 'std', 'first', 'min'].includes(a.agg));

afterAll(async () => {
  await init({ backend: 'js' });
});

for (const [name, options] of SETUPS) {
  describe(`grouping by several keys through their slots on ${name}`, () => {
    it('gives the plain-JS result for a string key with nulls, a negative int key and a bool key over rows split across threads', async () => {
      await init(options);
      const next = rng(61);
      const n = 40_000;
      const data = { s: keyColumn('string', n, 30, 0.05, next), a: keyColumn('int32', n, 12, 0, next), b: keyColumn('bool', n, 2, 0, next), x: valueColumn(n, 0.1, next) };
      await expectSameGroupBy(data, ['s', 'a', 'b'], ALL_AGGS);
      await expectSameGroupBy(data, ['a', 's'], ALL_AGGS);
    });

    it('gives the plain-JS result for one group, and for an empty frame', async () => {
      await init(options);
      const n = 5000;
      const next = rng(62);
      await expectSameGroupBy({ s: Array<string>(n).fill('only'), a: new Int32Array(n).fill(-7), x: valueColumn(n, 0.1, next) }, ['s', 'a'], ALL_AGGS);
      const none = new Frame({ s: ['u', null], a: Int32Array.from([1, 2]), x: Float64Array.from([1, 2]) }).head(0);
      const empty = await none.groupby(['s', 'a']).agg({ x: ['sum', 'count'] });
      expect(await empty.toColumns()).toEqual({ s: [], a: new Int32Array(0), x_sum: new Float64Array(0), x_count: new Int32Array(0) });
    });

    it('gives the plain-JS result past the partitioning threshold, 300,000 slots of a string and an int key, in string order', async () => {
      await init(options);
      const next = rng(63);
      const n = 300_000;
      const data = { s: keyColumn('string', n, 600, 0.01, next), a: Int32Array.from({ length: n }, () => Math.floor(next() * 500)), x: valueColumn(n, 0.1, next) };
      await expectSameGroupBy(data, ['s', 'a'], FEW_AGGS);
    }, 60_000);

    it('gives the plain-JS result when the key ranges multiply past the dense slots (keys factorised instead)', async () => {
      await init(options);
      const next = rng(64);
      const n = 20_000;
      const wide = (): Int32Array => Int32Array.from({ length: n }, () => (next() < 0.5 ? -2_000_000_000 : 2_000_000_000) + Math.floor(next() * 40));
      await expectSameGroupBy({ a: wide(), b: wide(), s: keyColumn('string', n, 5, 0.1, next), x: valueColumn(n, 0.1, next) }, ['a', 'b', 's'], ALL_AGGS);
    });

    it('numbers the key tuples in one groupSlots kernel read by the aggregation', async () => {
      await init(options);
      const frame = new Frame({ s: ['v', 'u', null, 'v'], a: Int32Array.from([3, 5, 4, 3]), x: Float64Array.from([1, 2, 3, 4]) });
      const plan = await frame.groupby(['s', 'a']).plan(specOf([{ column: 'x', agg: 'sum' }]));
      const opaque = plan!.steps.flatMap((s) => (s.program.kind === 'opaque' ? [s.program] : []));
      expect(opaque.map((p) => p.op)).toEqual(['groupSlots', 'groupAgg']);
      expect(opaque[0]!.slots).toEqual({ base: [0, 3], stride: [3, 1], nullable: [true, false] });
      expect(await (await frame.groupby(['s', 'a']).agg({ x: 'sum' })).toColumns()).toEqual({ s: ['u', 'v'], a: Int32Array.from([5, 3]), x_sum: Float64Array.from([2, 5]) });
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Frame, counters, init } from 'quiverjs';
import { ALL_AGGS, expectSameGroupBy, specOf } from './differential.js';
import { rng, valueColumn } from './random-frames.js';

const aggs = [...ALL_AGGS, { column: 'x', agg: 'quantile', q: 0.25 }];

afterAll(async () => {
  await init({ backend: 'js' });
});

for (const backend of ['js', 'wasm'] as const) {
  describe(`grouping by one narrow-range integer key (slots computed in the kernel) on ${backend}`, () => {
    beforeAll(async () => {
      await init({ backend });
    });

    it('gives the plain-JS result for negative keys with gaps, only the keys that occur, ascending', async () => {
      const next = rng(11);
      const n = 3000;
      const k = Int32Array.from({ length: n }, () => Math.floor(next() * 40) * 3 - 70);
      await expectSameGroupBy({ k, x: valueColumn(n, 0.1, next) }, ['k'], aggs);
    });

    it('gives the plain-JS result for bool keys and for a single key value', async () => {
      const next = rng(12);
      const n = 500;
      await expectSameGroupBy({ k: Uint8Array.from({ length: n }, () => (next() < 0.3 ? 1 : 0)), x: valueColumn(n, 0.2, next) }, ['k'], aggs);
      await expectSameGroupBy({ k: new Int32Array(n).fill(-5), x: valueColumn(n, 0.2, next) }, ['k'], aggs);
    });

    it('gives the plain-JS result for string keys with nulls, groups sorted by string, no null group', async () => {
      const next = rng(13);
      const n = 2000;
      const names = ['zeta', 'alpha', 'mu', 'beta', 'omega'];
      const s = Array.from({ length: n }, () => (next() < 0.1 ? null : names[Math.floor(next() * names.length)]!));
      await expectSameGroupBy({ s, x: valueColumn(n, 0.1, next) }, ['s'], aggs);
    });

    it('gives the plain-JS result for several keys (int, string with nulls, bool), groups in lexicographic key order', async () => {
      const next = rng(15);
      const n = 4000;
      const names = ['fx', 'rates', 'credit', 'equity'];
      const data = {
        book: Int32Array.from({ length: n }, () => Math.floor(next() * 6) - 2),
        desk: Array.from({ length: n }, () => (next() < 0.05 ? null : names[Math.floor(next() * names.length)]!)),
        live: Uint8Array.from({ length: n }, () => (next() < 0.5 ? 1 : 0)),
        x: valueColumn(n, 0.1, next),
      };
      await expectSameGroupBy(data, ['desk', 'book', 'live'], aggs);
      await expectSameGroupBy(data, ['live', 'book'], aggs);
      await expectSameGroupBy(data, ['book', 'desk'], aggs, { dropna: false });
    });

    it('falls back to factorising when the key range is far wider than the rows, with the same result', async () => {
      const next = rng(14);
      const n = 1000;
      const k = Int32Array.from({ length: n }, () => (next() < 0.5 ? -2_000_000_000 : 2_000_000_000) + Math.floor(next() * 5));
      await expectSameGroupBy({ k, x: valueColumn(n, 0.1, next) }, ['k'], aggs);
    });

    it('shows the slots of the keys, then one aggregation pass over as many slots as the key range, in explain()', async () => {
      const frame = new Frame({ k: Int32Array.from([10, 12, 10, 19]), x: Float64Array.from([1, 2, 3, 4]) });
      const plan = await frame.groupby('k').plan({ x: 'sum' });
      const opaque = plan!.steps.flatMap((s) => (s.program.kind === 'opaque' ? [s.program] : []));
      expect(opaque.map((p) => p.op)).toEqual(['groupSlots', 'groupAgg']);
      const agg = plan!.steps.filter((s) => s.program.kind === 'opaque' && s.program.op === 'groupAgg');
      expect(agg).toHaveLength(1);
      expect(agg[0]!.program.kind === 'opaque' && agg[0]!.program.group?.groups).toBe(10);
      expect((await (await frame.groupby('k').agg({ x: 'sum' })).toColumns()).k).toEqual(Int32Array.from([10, 12, 19]));
      const pair = new Frame({ a: Int32Array.from([0, 3, 1]), s: ['u', 'v', 'u'], x: Float64Array.from([1, 2, 3]) });
      const pairPlan = await pair.groupby(['a', 's']).plan({ x: 'sum' });
      expect(pairPlan!.steps.map((s) => (s.program.kind === 'opaque' ? s.program.group?.groups : undefined)).filter(Boolean)).toEqual([8]);
    });

    it('computes again when the same grouping is repeated (its statistics are not left in the result cache)', async () => {
      const frame = new Frame({ k: Int32Array.from({ length: 100_000 }, (_, i) => i % 7), x: new Float64Array(100_000).fill(1) });
      const spec = specOf([{ column: 'x', agg: 'sum' }]);
      await frame.groupby('k').agg(spec);
      const before = counters().launches;
      const again = await (await frame.groupby('k').agg(spec)).toColumns();
      expect(counters().launches).toBeGreaterThan(before);
      expect(Array.from(again.x_sum as Float64Array)).toEqual([14286, 14286, 14286, 14286, 14286, 14285, 14285]);
    });
  });
}

describe('Frame columns from TypedArrays', () => {
  it('copies them, as pandas copies a dict of arrays: later writes to the source do not change the frame', async () => {
    const x = Float64Array.from([1, 2, 3]);
    const frame = new Frame({ k: Int32Array.from([0, 0, 1]), x });
    x[0] = 100;
    const sums = (await (await frame.groupby('k').agg({ x: 'sum' })).toColumns()).x_sum;
    expect(Array.from(sums as Float64Array)).toEqual([3, 3]);
  });
});

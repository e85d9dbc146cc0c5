import { beforeAll, describe, it } from 'vitest';
import { Frame, init } from 'quiverjs';
import { expectColumns } from './compare.js';
import { ALL_AGGS, expectSameGroupBy } from './differential.js';
import { keyColumn, rng, valueColumn, type KeyKind } from './random-frames.js';

beforeAll(async () => {
  await init({ backend: 'js' });
});

const KINDS: readonly KeyKind[] = ['int32', 'uint32', 'float64', 'bool', 'string'];

describe('groupby against a plain-JS Map-of-arrays groupby', () => {
  for (const kind of KINDS) {
    for (const cardinality of [1, 7, 300]) {
      it(`aggregates ${kind} keys of cardinality ${cardinality} with NaN values and missing keys`, async () => {
        const next = rng(cardinality * 31 + kind.length);
        const n = 2000;
        const data = { k: keyColumn(kind, n, cardinality, 0.05, next), x: valueColumn(n, 0.1, next) };
        await expectSameGroupBy(data, ['k'], [...ALL_AGGS, { column: 'x', agg: 'quantile', q: 0.3 }]);
      });
    }
  }

  for (const kind of ['int32', 'float64', 'string'] as const) {
    it(`keeps first-appearance order with sort: false and a null group with dropna: false (${kind} keys)`, async () => {
      const next = rng(99 + kind.length);
      const data = { k: keyColumn(kind, 1500, 40, 0.1, next), x: valueColumn(1500, 0.2, next) };
      await expectSameGroupBy(data, ['k'], ALL_AGGS, { sort: false, dropna: false });
      await expectSameGroupBy(data, ['k'], ALL_AGGS, { sort: true, dropna: false });
      await expectSameGroupBy(data, ['k'], ALL_AGGS, { sort: false });
    });
  }

  it('combines several keys of different types into one grouping', async () => {
    const next = rng(7);
    const n = 3000;
    const data = { a: keyColumn('int32', n, 5, 0, next), b: keyColumn('string', n, 9, 0.05, next), c: keyColumn('float64', n, 3, 0.05, next), x: valueColumn(n, 0.1, next) };
    const aggs = [{ column: 'x', agg: 'sum' }, { column: 'x', agg: 'count' }, { column: 'x', agg: 'std' }];
    await expectSameGroupBy(data, ['a', 'b'], aggs);
    await expectSameGroupBy(data, ['b', 'a', 'c'], aggs);
    await expectSameGroupBy(data, ['c', 'b'], aggs, { sort: false, dropna: false });
    await expectSameGroupBy(data, ['a', 'c'], aggs, { dropna: false });
  });

  it('divides var and std by count - ddof', async () => {
    const next = rng(11);
    const data = { k: keyColumn('int32', 600, 9, 0, next), x: valueColumn(600, 0.1, next) };
    for (const ddof of [0, 1, 2]) await expectSameGroupBy(data, ['k'], [{ column: 'x', agg: 'var', ddof }, { column: 'x', agg: 'std', ddof }]);
  });

  it('groups an empty frame into an empty result with the right columns', async () => {
    await expectSameGroupBy({ k: new Int32Array(0), x: new Float64Array(0) }, ['k'], ALL_AGGS);
    await expectSameGroupBy({ k: [] as string[], x: new Float64Array(0) }, ['k'], ALL_AGGS);
  });

  it('gives single-row groups NaN variance and their own value for every order statistic', async () => {
    const data = { k: Int32Array.from({ length: 50 }, (_, i) => i * 3), x: Float64Array.from({ length: 50 }, (_, i) => (i % 7 === 0 ? NaN : i / 2)) };
    await expectSameGroupBy(data, ['k'], ALL_AGGS);
  });

  it('aggregates string value columns by count, size, nunique, first and last', async () => {
    const next = rng(5);
    const data = { k: keyColumn('int32', 800, 12, 0, next), s: keyColumn('string', 800, 20, 0.2, next) };
    await expectSameGroupBy(data, ['k'], ['count', 'size', 'nunique', 'first', 'last'].map((agg) => ({ column: 's', agg })));
  });

  for (const cardinality of [1000, 100_000]) {
    it(`matches at high cardinality (${cardinality.toLocaleString('en')} int keys)`, async () => {
      const next = rng(cardinality);
      const n = Math.max(4000, Math.floor(cardinality * 1.5));
      const data = { k: keyColumn('int32', n, cardinality, 0, next), x: valueColumn(n, 0.05, next) };
      await expectSameGroupBy(data, ['k'], [{ column: 'x', agg: 'sum' }, { column: 'x', agg: 'mean' }, { column: 'x', agg: 'count' }]);
    }, 60_000);
  }

  // The Map oracle spends 15-80 s on a million groups; sums and counts by key need only typed arrays.
  it('matches at high cardinality (1,000,000 int keys) against typed-array sums and counts', async () => {
    const next = rng(1_000_000);
    const n = 1_500_000;
    const k = keyColumn('int32', n, 1_000_000, 0, next) as Int32Array;
    const x = valueColumn(n, 0.05, next);
    const result = await (await new Frame({ k, x }).groupby('k').agg({ x: ['sum', 'mean', 'count'] })).toColumns();
    expectColumns(result, sumsByKey(k, x));
  }, 60_000);
});

/** Sum, mean and count of the non-NaN values of each int key that occurs, keys ascending. */
function sumsByKey(k: Int32Array, x: Float64Array): Record<string, number[]> {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of k) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const [rows, sum, count] = [new Int32Array(hi - lo + 1), new Float64Array(hi - lo + 1), new Int32Array(hi - lo + 1)];
  k.forEach((key, i) => {
    rows[key - lo]!++;
    if (x[i] === x[i]) [sum[key - lo], count[key - lo]] = [sum[key - lo]! + x[i]!, count[key - lo]! + 1];
  });
  const out: Record<string, number[]> = { k: [], x_sum: [], x_mean: [], x_count: [] };
  rows.forEach((r, s) => {
    if (r === 0) return;
    out.k!.push(lo + s);
    out.x_sum!.push(sum[s]!);
    out.x_mean!.push(count[s]! > 0 ? sum[s]! / count[s]! : NaN);
    out.x_count!.push(count[s]!);
  });
  return out;
}

import { beforeAll, describe, expect, it } from 'vitest';
import { Frame, init } from 'quiverjs';

beforeAll(async () => {
  await init({ backend: 'js' });
});

/** Per key in order of first appearance: rows and sum of x, as a Map counts them. */
function plain(k: Int32Array, x: Float64Array): Map<number, { size: number; sum: number }> {
  const groups = new Map<number, { size: number; sum: number }>();
  k.forEach((v, i) => {
    const g = groups.get(v) ?? { size: 0, sum: 0 };
    groups.set(v, { size: g.size + 1, sum: g.sum + x[i]! });
  });
  return groups;
}

describe('wide-range int32 keys (hashed on the host)', () => {
  // 100,000 ids outgrow the hash table's first 65,536 slots, so it grows while rows arrive.
  const ids = Int32Array.from({ length: 100_000 }, (_, i) => (i === 0 ? -(2 ** 31) : i === 1 ? 2 ** 31 - 1 : i === 2 ? 0 : Math.imul(i, 0x9e3779b1)));
  const k = Int32Array.from({ length: 400_000 }, (_, i) => ids[(i * 7919) % ids.length]!);
  const x = Float64Array.from({ length: k.length }, (_, i) => i % 13);
  const want = plain(k, x);

  it('form one group per id in first-appearance order with sort: false, counts and sums as a Map gives them', async () => {
    const r = await (await new Frame({ k, x }).groupby('k', { sort: false }).agg({ x: ['size', 'sum'] })).toColumns();
    expect(Array.from(r.k as Int32Array)).toEqual([...want.keys()]);
    expect(Array.from(r.x_size as Int32Array)).toEqual([...want.values()].map((g) => g.size));
    expect(Array.from(r.x_sum as Float64Array)).toEqual([...want.values()].map((g) => g.sum));
  });

  it('come out in ascending key order by default, the extremes of int32 included', async () => {
    const r = await (await new Frame({ k, x }).groupby('k').agg({ x: 'size' })).toColumns();
    const sorted = [...want.keys()].sort((a, b) => a - b);
    expect(Array.from(r.k as Int32Array)).toEqual(sorted);
    expect(Array.from(r.x_size as Int32Array)).toEqual(sorted.map((v) => want.get(v)!.size));
    expect(sorted[0]).toBe(-(2 ** 31));
    expect(sorted.at(-1)).toBe(2 ** 31 - 1);
  });
});

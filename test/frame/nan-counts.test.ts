import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Frame, init } from 'quiverjs';

afterAll(async () => {
  await init({ backend: 'js' });
});

/** Per group: rows, non-NaN count and sum, as a plain loop counts them. */
function plain(k: Int32Array, x: Float64Array, groups: number): { size: number[]; count: number[]; sum: number[] } {
  const size = new Array<number>(groups).fill(0);
  const count = new Array<number>(groups).fill(0);
  const sum = new Array<number>(groups).fill(0);
  k.forEach((g, i) => {
    size[g]!++;
    if (x[i] === x[i]) {
      count[g]!++;
      sum[g]! += x[i]!;
    }
  });
  return { size, count, sum };
}

for (const backend of ['js', 'wasm'] as const) {
  describe(`non-NaN counts per group on ${backend}`, () => {
    beforeAll(async () => {
      await init({ backend });
    });

    // 256 rows a group (32 in each of the in-place pass's 8 ranges) take the wasm kernel's NaN tally (groupby.rs NAN_TALLY_ROWS); 2 a group its direct count.
    for (const [rows, groups] of [[25_600, 100], [2000, 1000]] as const) {
      it(`match a plain loop with a third of the values NaN, ${rows / groups} rows a group`, async () => {
        const k = Int32Array.from({ length: rows }, (_, i) => (i * 7919) % groups);
        const x = Float64Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? NaN : (i % 17) - 8));
        const r = await (await new Frame({ k, x }).groupby('k').agg({ x: ['size', 'count', 'sum'] })).toColumns();
        const want = plain(k, x, groups);
        expect(Array.from(r.x_size as Int32Array)).toEqual(want.size);
        expect(Array.from(r.x_count as Int32Array)).toEqual(want.count);
        expect(Array.from(r.x_sum as Float64Array)).toEqual(want.sum);
      });
    }
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Frame, col, counters, init, np } from 'quiverjs';

afterAll(async () => {
  await init({ backend: 'js' });
});

const launchesOf = async (work: () => Promise<unknown>): Promise<number> => {
  const before = counters().launches;
  await work();
  return counters().launches - before;
};

const sums = async (f: Frame): Promise<Record<string, unknown>> => (await f.groupby('k').agg({ x: 'sum' })).toColumns();

for (const backend of ['js', 'wasm'] as const) {
  describe(`a key column's bounds on ${backend}`, () => {
    beforeAll(async () => {
      await init({ backend });
    });

    it('are read once for a frame built from typed arrays, so grouping it again is one pass', async () => {
      const f = new Frame({ k: Int32Array.from({ length: 1000 }, (_, i) => (i * 7) % 13), x: Float64Array.from({ length: 1000 }, (_, i) => i) });
      const first = await launchesOf(() => sums(f));
      expect(await launchesOf(() => sums(f))).toBe(first - 1);
    });

    it('are kept for a key computed from settled columns, and its groups stay right', async () => {
      const f = new Frame({ a: Int32Array.from([1, 2, 3, 1]), x: Float64Array.from([1, 2, 3, 4]) }).assign({ k: col('a').mul(10) });
      let first: Record<string, unknown> = {};
      const firstLaunches = await launchesOf(async () => (first = await sums(f)));
      expect(await launchesOf(() => sums(f))).toBe(firstLaunches - 1);
      expect(await sums(f)).toEqual(first);
      expect(Array.from(first.k as Int32Array)).toEqual([10, 20, 30]);
    });

    it('are read again for an np.asarray column, so a write to its source between groupbys is seen', async () => {
      const keys = Int32Array.from([0, 1, 2, 0]);
      const f = new Frame({ k: np.asarray(keys), x: Float64Array.from([1, 2, 3, 4]) });
      expect(Array.from((await sums(f)).k as Int32Array)).toEqual([0, 1, 2]);
      keys.set([500, 501, 502, 500]);
      const after = await sums(f);
      expect(Array.from(after.k as Int32Array)).toEqual([500, 501, 502]);
      expect(Array.from(after.x_sum as Float64Array)).toEqual([5, 2, 3]);
    });
  });
}

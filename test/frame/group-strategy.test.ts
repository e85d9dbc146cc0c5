import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Frame, init, type AggSpec, type GroupOptions } from 'quiverjs';
import { rng } from './random-frames.js';

afterAll(async () => {
  await init({ backend: 'js' });
});

/** Keys of every kind slots take (negative ints, bools, strings with nulls) and values with NaN. */
function book(n: number): Frame {
  const next = rng(n);
  const desks = ['rates', 'fx', 'credit', 'equity'];
  return new Frame({
    k: Int32Array.from({ length: n }, () => Math.floor(next() * 40) - 20),
    live: Array.from({ length: n }, () => next() < 0.5),
    desk: Array.from({ length: n }, () => (next() < 0.05 ? null : desks[Math.floor(next() * desks.length)]!)),
    x: Float64Array.from({ length: n }, () => (next() < 0.05 ? NaN : next() * 200 - 100)),
  });
}

const SPEC: AggSpec = { x: ['sum', 'mean', 'std', 'min', 'max', 'count', 'size', 'median', 'first', 'nunique', 'argmax'] };

const grouped = async (f: Frame, keys: string[], options: GroupOptions): Promise<Record<string, unknown>> => (await f.groupby(keys, options).agg(SPEC)).toColumns();

for (const backend of ['js', 'wasm'] as const) {
  describe(`groupby strategies on ${backend}`, () => {
    beforeAll(async () => {
      await init({ backend });
    });

    for (const keys of [['k'], ['live'], ['desk'], ['desk', 'k'], ['live', 'desk', 'k']]) {
      it(`give the same groups and statistics by slots and by factorising, keys ${keys.join(', ')}`, async () => {
        const f = book(5000);
        const auto = await grouped(f, keys, {});
        expect(await grouped(f, keys, { strategy: 'slots' })).toEqual(auto);
        expect(await grouped(f, keys, { strategy: 'factorize' })).toEqual(auto);
      });
    }

    it('chooses slots for narrow integer keys and says what it measured in explain()', async () => {
      const text = await book(1000).groupby(['desk', 'k']).explain({ x: 'sum' });
      expect(text.split('\n')[0]).toMatch(/^grouping: slots \(auto\): 'desk' in \[0, 3\] \(dictionary codes\), 'k' in \[-20, 19\]: 160 slots for 1,000 rows, within the limit of 65,536$/);
      expect(text).toMatch(/\nplan: 2 kernels/);
      expect(await book(1000).groupby('k', { strategy: 'slots' }).explain({ x: 'sum' })).toMatch(/^grouping: slots \(forced\): 'k' in \[-20, 19\]: 40 slots/);
    });

    it('factorizes keys whose measured range is past the slot limit, and says so', async () => {
      const f = new Frame({ k: Int32Array.from([-2_000_000_000, 5, 2_000_000_000, 5]), x: Float64Array.from([1, 2, 3, 4]) });
      expect((await f.groupby('k').explain({ x: 'sum' })).split('\n')[0]).toBe(
        "grouping: factorize (auto): 'k' in [-2000000000, 2000000000]: 4,000,000,001 slots for 4 rows, past the limit of 65,536",
      );
      await expect(f.groupby('k', { strategy: 'slots' }).agg({ x: 'sum' })).rejects.toThrow(
        "agg: strategy 'slots' cannot group by 'k': 'k' in [-2000000000, 2000000000]: 4,000,000,001 slots for 4 rows, past the limit of 65,536",
      );
      expect((await (await f.groupby('k', { strategy: 'factorize' }).agg({ x: 'sum' })).toColumns()).x_sum).toEqual(Float64Array.from([1, 6, 3]));
    });

    it('factorizes float keys, and a forced factorize skips measuring the keys', async () => {
      const f = new Frame({ k: Float64Array.from([0.5, 1.5, 0.5]), i: Int32Array.from([1, 2, 1]), x: Float64Array.from([1, 2, 3]) });
      expect((await f.groupby('k').explain({ x: 'sum' })).split('\n')[0]).toBe("grouping: factorize (auto): key 'k' is float64, and slots need int32, bool or string keys");
      expect((await f.groupby('i', { strategy: 'factorize' }).explain({ x: 'sum' })).split('\n')[0]).toBe('grouping: factorize (forced): keys numbered on the host');
    });
  });
}

describe('a forced slots strategy', () => {
  const f = new Frame({ k: Float64Array.from([1, 2]), u: Uint32Array.from([1, 2]), s: ['a', null], i: Int32Array.from([1, 2]), x: Float64Array.from([1, 2]) });

  it('is refused at the call for keys slots can never group, naming the key and the reason', () => {
    expect(() => f.groupby(['i', 'k'], { strategy: 'slots' })).toThrow("groupby: strategy 'slots' cannot group by 'i', 'k': key 'k' is float64, and slots need int32, bool or string keys");
    expect(() => f.groupby('u', { strategy: 'slots' })).toThrow("key 'u' is uint32");
    expect(() => f.groupby('i', { strategy: 'slots', sort: false })).toThrow('sort: false keeps groups in first-appearance order');
    expect(() => f.groupby('s', { strategy: 'slots', dropna: false })).toThrow("dropna: false makes null a group, and string key 's' has no slot for null");
  });

  it('is one of three names', () => {
    expect(() => f.groupby('i', { strategy: 'hash' as never })).toThrow(`groupby: strategy must be one of 'auto', 'slots', 'factorize', got "hash"`);
  });

  it('is not an option of a streamed groupby, which always factorizes', () => {
    const scan = Frame.scanCsv(new TextEncoder().encode('k,x\n1,2\n'));
    expect(() => scan.groupby('k', { strategy: 'slots' } as never)).toThrow(/groupby: unknown option 'strategy'/);
  });
});

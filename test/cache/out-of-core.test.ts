import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Frame, init, MemoryError, np, type BackendName } from 'quiverjs';

const MB = 2 ** 20;
const HOST = 1 * MB;
/** 1 Mi float64: 8 MiB per array, eight times the host budget. */
const N = 2 ** 20;
const spillDir = mkdtempSync(join(tmpdir(), 'quiver-ooc-test-'));

const xs = Float64Array.from({ length: N }, (_, i) => Math.cos(i * 1e-3) * 10 + (i % 7));
const zs = Float64Array.from({ length: N }, (_, i) => ((i * 37) % 101) / 50 - 1);

const oracle = {
  sum(a: ArrayLike<number>): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i]!;
    return s;
  },
};
/** 1,000 keys over the rows, each value NaN every 97th row: 4 MiB of int32 keys and 8 MiB of values. */
const keys = Int32Array.from({ length: N }, (_, i) => (i * 7919) % 1000);
const values = xs.map((v, i) => (i % 97 === 0 ? NaN : v));

/** Plain-JS group statistics of `values` by `keys`, groups in ascending key order. */
function groupOracle() {
  const sum = new Float64Array(1000);
  const count = new Float64Array(1000);
  const min = new Float64Array(1000).fill(Infinity);
  const argmax = new Float64Array(1000).fill(-1);
  const first = new Float64Array(1000).fill(NaN);
  const last = new Float64Array(1000).fill(NaN);
  for (let i = 0; i < N; i++) {
    const [g, v] = [keys[i]!, values[i]!];
    if (v !== v) continue;
    sum[g]! += v;
    count[g]!++;
    min[g] = Math.min(min[g]!, v);
    if (argmax[g]! < 0 || v > values[argmax[g]!]!) argmax[g] = i;
    if (first[g] !== first[g]) first[g] = v;
    last[g] = v;
  }
  const m2 = new Float64Array(1000);
  for (let i = 0; i < N; i++) if (values[i] === values[i]) m2[keys[i]!]! += (values[i]! - sum[keys[i]!]! / count[keys[i]!]!) ** 2;
  return { sum, count, min, argmax, first, last, std: m2.map((m, g) => Math.sqrt(m / (count[g]! - 1))) };
}

const rel = (got: number, want: number): number => Math.abs(got - want) / Math.max(1, Math.abs(want));

describe.each(['js', 'wasm'] as BackendName[])('arrays larger than the host budget on %s', (backend) => {
  it('reduce in blocks streamed through host memory: sum, mean, min, max, centred moments', async () => {
    await init({ backend, memory: { host: HOST, spillDir } });
    const x = np.asarray(xs);
    const z = np.asarray(zs);
    expect(np.memory().host.used).toBeLessThanOrEqual(HOST);
    const mean = oracle.sum(xs) / N;
    const [s, m, lo, hi, cross] = await np.compute(x.sum(), x.mean(), x.min(), x.max(), x.mul(z).sum());
    expect(rel(s![0]!, oracle.sum(xs))).toBeLessThan(1e-12);
    expect(rel(m![0]!, mean)).toBeLessThan(1e-12);
    expect(lo![0]).toBe(xs.reduce((a, b) => Math.min(a, b), Infinity));
    expect(hi![0]).toBe(xs.reduce((a, b) => Math.max(a, b), -Infinity));
    expect(rel(cross![0]!, oracle.sum(xs.map((v, i) => v * zs[i]!)))).toBeLessThan(1e-12);
    const centred = await x.sub(x.mean()).square().mean().item();
    expect(rel(centred as number, oracle.sum(xs.map((v) => (v - mean) ** 2)) / N)).toBeLessThan(1e-10);
    expect(np.memory().host.used).toBeLessThanOrEqual(HOST);
  });

  it('computes var and std in blocks, merging block moments without cancellation', async () => {
    await init({ backend, memory: { host: HOST, spillDir } });
    const x = np.asarray(xs);
    const mean = oracle.sum(xs) / N;
    const m2 = oracle.sum(xs.map((v) => (v - mean) ** 2));
    const [v, v1, sd] = await np.compute(x.var(), x.var({ ddof: 1 }), x.std());
    expect(rel(v![0]!, m2 / N)).toBeLessThan(1e-12);
    expect(rel(v1![0]!, m2 / (N - 1))).toBeLessThan(1e-12);
    expect(rel(sd![0]!, Math.sqrt(m2 / N))).toBeLessThan(1e-12);
    // Shifted far from zero: a sum of squares minus n times the squared mean would lose every digit here.
    expect(rel((await x.add(1e9).var().item()) as number, m2 / N)).toBeLessThan(1e-6);
    expect(np.memory().host.used).toBeLessThanOrEqual(HOST);
  });

  it('writes an elementwise result larger than memory to disk block by block, and reads it back', async () => {
    await init({ backend, memory: { host: HOST, spillDir } });
    const y = np.asarray(xs).mul(2).add(1);
    expect(await y.sum().item()).toBeCloseTo(2 * oracle.sum(xs) + N, 3);
    await y.persist();
    const back = await y.data();
    for (const i of [0, 1, N / 2, N - 1]) expect(back[i]).toBe(xs[i]! * 2 + 1);
    expect(np.memory().host.used).toBeLessThanOrEqual(HOST);
  });

  it('reports the budget when a big input feeds an op that cannot stream, such as sort', async () => {
    await init({ backend, memory: { host: HOST, spillDir } });
    await expect(np.asarray(xs).sort().data()).rejects.toThrow(/host budget 1\.00 MiB/);
  });

  it('reports the budget for nanargmin and nanargmax of a big input: a block\'s index is relative to the block, so blocks do not merge', async () => {
    await init({ backend, memory: { host: HOST, spillDir } });
    await expect(np.asarray(xs).nanargmax().data()).rejects.toThrow(/host budget 1\.00 MiB/);
    await expect(np.asarray(xs).nanargmin().data()).rejects.toThrow(MemoryError);
  });

  describe('a frame larger than the host budget', () => {
    const want = groupOracle();
    const spec = { x: ['sum', 'mean', 'count', 'min', 'std', 'first', 'last', 'argmax'] } as const;
    const check = (c: Record<string, ArrayLike<unknown>>): void => {
      expect(Array.from(c.k as Int32Array)).toEqual(Array.from({ length: 1000 }, (_, g) => g));
      for (let g = 0; g < 1000; g++) {
        expect(c.x_count![g]).toBe(want.count[g]);
        expect(rel(c.x_sum![g] as number, want.sum[g]!)).toBeLessThan(1e-12);
        expect(rel(c.x_mean![g] as number, want.sum[g]! / want.count[g]!)).toBeLessThan(1e-12);
        expect(c.x_min![g]).toBe(want.min[g]);
        expect(rel(c.x_std![g] as number, want.std[g]!)).toBeLessThan(1e-10);
        expect([c.x_first![g], c.x_last![g], c.x_argmax![g]]).toEqual([want.first[g], want.last[g], want.argmax[g]]);
      }
    };

    it('groups a frame twelve times the host budget, merging the statistics of its blocks in row order', async () => {
      await init({ backend, memory: { host: HOST, spillDir } });
      const frame = new Frame({ k: keys, x: values });
      check(await (await frame.groupby('k').agg(spec)).toColumns());
      // Keys in order of first appearance take the factorising path: its codes are a third buffer of the same rows.
      const unsorted = await (await frame.groupby('k', { sort: false }).agg({ x: ['sum', 'count'] })).toColumns();
      const k = unsorted.k as Int32Array;
      expect(Array.from(k.slice(0, 3))).toEqual([0, 919, 838]);
      k.forEach((g, j) => {
        expect(rel(unsorted.x_sum![j] as number, want.sum[g]!)).toBeLessThan(1e-12);
        expect(unsorted.x_count![j]).toBe(want.count[g]);
      });
      expect(np.memory().host.used).toBeLessThanOrEqual(HOST);
    });

    it('groups a frame twelve times the host budget by two keys, the slots of each block computed with it', async () => {
      await init({ backend, memory: { host: HOST, spillDir } });
      // k and a key that k decides, from -1: the same 1,000 groups, ordered by (k % 3 - 1, k).
      const third = keys.map((k) => (k % 3) - 1);
      const c = await (await new Frame({ t: third, k: keys, x: values }).groupby(['t', 'k']).agg({ x: ['sum', 'count'] })).toColumns();
      const order = Array.from({ length: 1000 }, (_, g) => g).sort((a, b) => (a % 3) - (b % 3) || a - b);
      expect(Array.from(c.k as Int32Array)).toEqual(order);
      order.forEach((g, j) => {
        expect(rel(c.x_sum![j] as number, want.sum[g]!)).toBeLessThan(1e-12);
        expect(c.x_count![j]).toBe(want.count[g]);
      });
      expect(np.memory().host.used).toBeLessThanOrEqual(HOST);
    });

    it('groups a frame that fits the host budget beside its blocks, reading them in place without spilling it', async () => {
      await init({ backend, memory: { host: 16 * MB, spillDir } });
      const frame = new Frame({ k: keys, x: values });
      const spills = np.memory().counters.spills;
      check(await (await frame.groupby('k').agg(spec)).toColumns());
      expect(np.memory().counters.spills).toBe(spills);
    });

    it('still reports the budget for group medians, whose block partials do not merge', async () => {
      await init({ backend, memory: { host: HOST, spillDir } });
      await expect(new Frame({ k: keys, x: values }).groupby('k').agg({ x: 'median' })).rejects.toThrow(MemoryError);
    });
  });
});

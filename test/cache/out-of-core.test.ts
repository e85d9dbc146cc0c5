import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { init, MemoryError, np, type BackendName } from 'quiverjs';

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
});

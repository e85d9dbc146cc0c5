import { describe, expect, it } from 'vitest';
import { init, np, ValueError } from 'quiverjs';
import { RESULT_BYTES, WasmBackend, split } from '../../src/backend/wasm/index.js';

const data = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.7 + seed) * 100);

describe('the wasm backend', () => {
  it('starts with a worker per core and says so', async () => {
    const b = await WasmBackend.create({ threads: 2 });
    expect(b.threads).toBe(2);
    expect(b.description).toMatch(/2 threads/);
  });

  it('cuts work into block-aligned ranges', () => {
    expect(split(5000, 2, 1024)).toEqual([[0, 3072], [3072, 5000]]);
    expect(split(10, 4, 1)).toEqual([[0, 3], [3, 6], [6, 9], [9, 10]]);
    expect(split(0, 2, 1024)).toEqual([[0, 0]]);
  });

  it('gives bit-identical reductions on one and two threads', async () => {
    const x = data(300_000, 1);
    const results = [];
    for (const threads of [1, 2]) {
      await init({ backend: 'wasm', threads });
      const a = np.array(x);
      results.push(Array.from(await np.compute(a.sum(), a.var(), a.max(), a.argmin(), a.reshape(3, -1).sum(1)).then((r) => r.flatMap((t) => Array.from(t)))));
    }
    expect(results[1]).toEqual(results[0]);
    await init({ backend: 'js' });
  });

  it('computes nanargmin and nanargmax over runs of several 65,536-element chunks as the reference does, on one and two threads', async () => {
    const run = 200_000;
    const x = data(2 * run, 3);
    // Run 0: its first chunk all NaN, its maximum twice (the first in the second chunk); run 1: NaN
    // scattered, its minimum at a chunk's last element and again later.
    x.fill(NaN, 0, 65536);
    [x[70000], x[190000]] = [500, 500];
    for (let i = run; i < 2 * run; i += 997) x[i] = NaN;
    [x[run + 131071], x[run + 150000]] = [-500, -500];
    const results = [];
    for (const threads of [1, 2]) {
      await init({ backend: 'wasm', threads });
      const a = np.array(x).reshape(2, run);
      results.push((await np.compute(a.nanargmin(1), a.nanargmax(1), a.nanargmax(), a.nanargmin(null))).map((r) => Array.from(r)));
    }
    await init({ backend: 'js' });
    const a = np.array(x).reshape(2, run);
    const reference = (await np.compute(a.nanargmin(1), a.nanargmax(1), a.nanargmax(), a.nanargmin(null))).map((r) => Array.from(r));
    expect(results[0]).toEqual(reference);
    expect(results[1]).toEqual(reference);
    expect(reference[1]).toEqual([70000, expect.any(Number)]);
    expect(reference[0]![1]).toBe(131071);
  });

  it('raises ValueError for a run of nothing but NaN that spans several chunks', async () => {
    await init({ backend: 'wasm', threads: 2 });
    const x = data(3 * 150_000, 4);
    x.fill(NaN, 150_000, 300_000);
    const a = np.array(x).reshape(3, 150_000);
    await expect(a.nanargmax(1).data()).rejects.toThrow(new ValueError('nanargmax: All-NaN slice encountered'));
    await expect(a.nanargmin(1).data()).rejects.toThrow(ValueError);
    // Down the columns the NaN row is passed over: the larger of rows 0 and 2, row 0 on a tie.
    const columns = Array.from({ length: 150_000 }, (_, j) => (x[j]! >= x[300_000 + j]! ? 0 : 2));
    expect(Array.from(await a.nanargmax(0).data())).toEqual(columns);
    await init({ backend: 'js' });
  });

  it('keeps the heap flat over 10,000 evaluations', async () => {
    await init({ backend: 'wasm', threads: 1 });
    const b = (await import('../../src/runtime/init.js')).activeBackend('test') as WasmBackend;
    const x = np.array(data(1000, 2));
    await x.mul(2).add(1).sum().data();
    const before = b.heapStats();
    for (let i = 0; i < 10_000; i++) await x.mul(2).add(i).sum().data();
    const after = b.heapStats();
    // The loop lets the event loop turn (runtime/turn.ts), so blocks of arrays collected
    // before it may go back during it: the heap must not grow, and may shrink.
    expect(after.live).toBeLessThanOrEqual(before.live);
    expect(after.top).toBeLessThanOrEqual(before.top);
    await init({ backend: 'js' });
  }, 60_000);

  it('bounds the heap a loop of dropped results grows while they wait for the collector', async () => {
    await init({ backend: 'wasm', threads: 2 });
    const b = (await import('../../src/runtime/init.js')).activeBackend('test') as WasmBackend;
    const x = np.array(data(50_000, 5));
    await x.mul(2).data();
    const before = b.heapStats().top;
    let most = 0;
    // 600 results of 400 KB: 240 MB read and dropped, as a report's loop does; left in the
    // heap until the collector found them, they grew it by that much (RESULT_BYTES was 512 MiB).
    for (let i = 0; i < 600; i++) {
      await x.mul(i).add(1).data();
      most = Math.max(most, b.heapStats().results);
    }
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(RESULT_BYTES);
    // Blocks are powers of two: 400 KB results take 512 KiB each.
    expect(b.heapStats().top - before).toBeLessThan(1.5 * RESULT_BYTES);
    await init({ backend: 'js' });
  }, 60_000);

  it('scans an input along its last axis where it lies, leaving it unchanged, as the reference does', async () => {
    const x = data(300_000, 4);
    const expected: number[][] = [];
    for (const backend of ['js', 'wasm'] as const) {
      await init({ backend, threads: 2 });
      const a = np.array(x).reshape(3, -1);
      const [sums, again, products] = await np.compute(a.cumsum(1), a.cumsum(1), a.div(100).cumprod(1));
      expected.push([...sums!, ...again!, ...products!, ...(await a.data())]);
    }
    expect(expected[1]).toEqual(expected[0]);
    await init({ backend: 'js' });
  });

  it('sums 16M float32 values to within one float32 rounding (pairwise, in float64)', async () => {
    await init({ backend: 'wasm', threads: 2 });
    const n = 16 * 2 ** 20;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = 0.1 + (i % 7) * 0.37;
    let exact = 0;
    let carry = 0;
    for (let i = 0; i < n; i++) {
      const y = x[i]! - carry;
      const t = exact + y;
      carry = t - exact - y;
      exact = t;
    }
    const got = (await np.array(x).sum().item()) as number;
    // A float32 running sum of the same values is off by 3.3% (19,630,152 vs 20,300,430); this is one rounding.
    expect(Math.abs(got - exact)).toBeLessThanOrEqual(Math.fround(exact) === exact ? 0 : 2 ** -23 * exact);
    await init({ backend: 'js' });
  }, 60_000);

  it('is one backend for every init that asks for the same threads, whatever options it does not read', async () => {
    await init({ backend: 'wasm', threads: 2 });
    const first = (await import('../../src/runtime/init.js')).activeBackend('test');
    await init({ backend: 'wasm', threads: 2, float64: 'downcast', memory: { gpu: '64MB' } });
    expect((await import('../../src/runtime/init.js')).activeBackend('test')).toBe(first);
    await init({ backend: 'js' });
  });
});

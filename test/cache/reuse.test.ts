import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { deviceLaunches as launches, expectGpuTierInBudget, FLOAT, FLOAT_BYTES, FloatArray, floats, withGpuBudget } from '../helpers/tiers.js';

const KB = 1024;

beforeAll(async () => {
  await init({ ...TEST_INIT, memory: withGpuBudget({ host: 256 * KB, spillDir: mkdtempSync(join(tmpdir(), 'quiver-reuse-test-')) }) });
});

describe('result reuse', () => {
  it('answers an equal expression on unchanged inputs without launching a kernel', async () => {
    const x = np.array(FloatArray.from({ length: 1000 }, (_, i) => i));
    const first = await x.mul(2).add(1).data();
    const k = launches();
    const hits = np.memory().counters.hits;
    const again = await x.mul(2).add(1).data();
    expect(launches()).toBe(k);
    expect(np.memory().counters.hits).toBe(hits + 1);
    expect(Array.from(again)).toEqual(Array.from(first));
    expectGpuTierInBudget();
  });

  it('reuses a remembered subexpression inside a larger one, running only the rest', async () => {
    const x = np.array(FloatArray.from({ length: 1000 }, (_, i) => i));
    await x.mul(3).sub(1).data();
    const total = x.mul(3).sub(1).sum();
    expect(total.plan().steps).toHaveLength(1);
    expect(total.explain()).toMatch(new RegExp(`in {2}b\\d+ ${FLOAT} cached \\(1000,\\)`));
    const k = launches();
    // Integers below 2^24: the sum is exact in float32 in any order.
    expect(await total.item()).toBe(3 * 499_500 - 1000);
    expect(launches()).toBe(k + 1);
  });

  it('runs the kernel again when an input is a different buffer with the same values', async () => {
    const values = FloatArray.from({ length: 100 }, (_, i) => i);
    await np.array(values).mul(5).data();
    const k = launches();
    await np.array(values).mul(5).data();
    expect(launches()).toBe(k + 1);
  });

  it('never reuses a result computed from np.asarray\'s array, which the user may still write to', async () => {
    const values = FloatArray.from({ length: 100 }, (_, i) => i);
    const x = np.asarray(values);
    expect(await x.sum().item()).toBe(4950);
    values[0] = 1000;
    const k = launches();
    expect(await x.sum().item()).toBe(5950);
    expect(launches()).toBe(k + 1);
  });

  it('tells apart scalars that JSON spells alike: NaN from Infinity, and -0 from 0', async () => {
    const x = np.array(FloatArray.from([-1, 2, 3], Number));
    const nan = x.add(NaN);
    const zero = x.mul(0);
    await np.compute(nan, zero);
    expect(Array.from(await x.add(Infinity).data())).toEqual([Infinity, Infinity, Infinity]);
    expect(Array.from(await x.mul(-0).data())).toEqual([0, -0, -0]);
  });

  it('forgets a result once every array holding it is disposed', async () => {
    const x = np.array(FloatArray.from({ length: 100 }, (_, i) => i));
    const y = x.add(7);
    await y.data();
    y.dispose();
    const k = launches();
    await x.add(7).data();
    expect(launches()).toBe(k + 1);
  });

  it('computes again a subexpression that borrowed a disposed array\'s result, instead of retrying forever', async () => {
    const x = np.array(FloatArray.from({ length: 100 }, (_, i) => i));
    const doubled = x.mul(2);
    await doubled.data();
    // m has no handle left when it borrows doubled's buffer from the result cache; c,
    // not yet computed, still needs m when doubled is disposed.
    const [b, c] = np.scope(() => {
      const m = x.mul(2);
      return [m.add(1), m.add(2)];
    });
    await b.data();
    doubled.dispose();
    expect(Array.from((await c.data()).subarray(0, 3))).toEqual([2, 4, 6]);
  });

  it('computes again a subexpression whose borrowed buffer was freed, when a result built on it is dropped under pressure', async () => {
    const x = np.array(FloatArray.from({ length: 1000 }, (_, i) => i));
    const doubled = x.mul(2);
    await doubled.data();
    // m borrows doubled's buffer and has no handle; once c is computed nothing needs m, so
    // disposing doubled frees the buffer m holds.
    const c = np.scope(() => x.mul(2).add(2));
    await c.data();
    doubled.dispose();
    const evictions = np.memory().counters.evictions;
    // Arrays of half the 256 KiB host budget each push c's result out.
    const fillers = Array.from({ length: 4 }, (_, i) => np.array(new FloatArray((128 * KB) / FLOAT_BYTES).fill(i)).add(1));
    await np.compute(...fillers);
    expect(np.memory().counters.evictions).toBeGreaterThan(evictions);
    expect(Array.from((await c.data()).subarray(0, 3))).toEqual([2, 4, 6]);
  });

  it('keeps the data of an array wrapped twice while the second wrapper, its handle gone, is read by a pending result', async () => {
    const data = FloatArray.from({ length: 100 }, (_, i) => i);
    const first = np.asarray(data);
    await first.mul(2).data();
    // Both wrappers hold one buffer; the scope leaves the sum's handle only.
    const pending = np.scope(() => np.asarray(data).add(1));
    first.dispose();
    expect(Array.from((await pending.data()).subarray(0, 3))).toEqual([1, 2, 3]);
  });
});

describe('explain', () => {
  it('marks inputs that were spilled and must be reloaded, and the evictions a plan needs', async () => {
    const x = np.asarray(new FloatArray(floats(128 * KB)).fill(2));
    for (let i = 0; i < 3; i++) await np.full([floats(96 * KB)], i + 0.5, FLOAT).persist();
    const text = x.mul(2).explain();
    expect(text).toMatch(new RegExp(`in {2}b\\d+ ${FLOAT} data \\(spilled: reload 128\\.0 KiB\\)`));
    expect(text).toMatch(/cache: 0 cached results \(hits\), 1 reload from disk \(128\.0 KiB\), evicts .* from host \(spill or drop\) to fit/);
  });

  it('adds nothing for plain data in memory', () => {
    const text = np.asarray(new FloatArray(8)).add(1).explain();
    expect(text).not.toMatch(/cache:|cached|spilled/);
    expect(text).toMatch(new RegExp(`in {2}b0 ${FLOAT} data \\(8,\\)`));
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { counters, init, np } from 'quiver';
import { TEST_INIT } from '../helpers/backend.js';

const KB = 1024;

beforeAll(async () => {
  await init({ ...TEST_INIT, memory: { host: 256 * KB, spillDir: mkdtempSync(join(tmpdir(), 'quiver-reuse-test-')) } });
});

const launches = (): number => counters().launches;

describe('result reuse', () => {
  it('answers an equal expression on unchanged inputs without launching a kernel', async () => {
    const x = np.array(Float64Array.from({ length: 1000 }, (_, i) => i));
    const first = await x.mul(2).add(1).data();
    const k = launches();
    const hits = np.memory().counters.hits;
    const again = await x.mul(2).add(1).data();
    expect(launches()).toBe(k);
    expect(np.memory().counters.hits).toBe(hits + 1);
    expect(Array.from(again)).toEqual(Array.from(first));
  });

  it('reuses a remembered subexpression inside a larger one, running only the rest', async () => {
    const x = np.array(Float64Array.from({ length: 1000 }, (_, i) => i));
    await x.sqrt().mul(3).data();
    const total = x.sqrt().mul(3).sum();
    expect(total.plan().steps).toHaveLength(1);
    expect(total.explain()).toMatch(/in {2}b\d+ float64 cached \(1000,\)/);
    const k = launches();
    const expected = Array.from({ length: 1000 }, (_, i) => Math.sqrt(i) * 3).reduce((a, b) => a + b, 0);
    expect(await total.item()).toBeCloseTo(expected, 9);
    expect(launches()).toBe(k + 1);
  });

  it('runs the kernel again when an input is a different buffer with the same values', async () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i);
    await np.array(values).mul(5).data();
    const k = launches();
    await np.array(values).mul(5).data();
    expect(launches()).toBe(k + 1);
  });

  it('never reuses a result computed from np.asarray\'s array, which the user may still write to', async () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i);
    const x = np.asarray(values);
    expect(await x.sum().item()).toBe(4950);
    values[0] = 1000;
    const k = launches();
    expect(await x.sum().item()).toBe(5950);
    expect(launches()).toBe(k + 1);
  });

  it('forgets a result once every array holding it is disposed', async () => {
    const x = np.array(Float64Array.from({ length: 100 }, (_, i) => i));
    const y = x.add(7);
    await y.data();
    y.dispose();
    const k = launches();
    await x.add(7).data();
    expect(launches()).toBe(k + 1);
  });
});

describe('explain', () => {
  it('marks inputs that were spilled and must be reloaded, and the evictions a plan needs', async () => {
    const x = np.asarray(new Float64Array(16 * KB).fill(2));
    for (let i = 0; i < 3; i++) await np.full([12 * KB], i + 0.5).persist();
    const text = x.mul(2).explain();
    expect(text).toMatch(/in {2}b\d+ float64 data \(spilled: reload 128\.0 KiB\)/);
    expect(text).toMatch(/cache: 0 cached results \(hits\), 1 reload from disk \(128\.0 KiB\), evicts .* from host \(spill or drop\) to fit/);
  });

  it('adds nothing for plain data in memory', () => {
    const text = np.asarray(new Float64Array(8)).add(1).explain();
    expect(text).not.toMatch(/cache:|cached|spilled/);
    expect(text).toMatch(/in {2}b0 float64 data \(8,\)/);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, type NDArray } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { deviceLaunches as launches, expectGpuTierInBudget, FLOAT, FloatArray, floats, withGpuBudget } from '../helpers/tiers.js';

const KB = 1024;
/** 32 KiB per buffer (4 Ki float64, or 8 Ki float32 on webgpu): four fit in the 128 KiB host budget. */
const BYTES = 32 * KB;
const N = floats(BYTES);
/** Results differ by multiples of this, larger than N: distinct values that stay exact in float32. */
const STEP = 2 ** 16;

beforeAll(async () => {
  await init({ ...TEST_INIT, memory: withGpuBudget({ host: 128 * KB, spillDir: mkdtempSync(join(tmpdir(), 'quiver-evict-test-')) }) });
});

let seed = 0;
/** A computed 32 KiB result, distinct from every other (equal expressions would share a buffer). */
async function result(): Promise<NDArray> {
  const r = np.arange(N).astype(FLOAT).add(++seed * STEP);
  await r.data();
  return r;
}

/** Evicts everything unpinned by computing fresh results that fill the whole budget. */
async function pressure(): Promise<void> {
  for (let i = 0; i < 4; i++) await np.arange(N).astype(FLOAT).mul(++seed).persist();
}

describe('eviction', () => {
  it('evicts the least recently used result first', async () => {
    await pressure();
    const a = await result();
    const b = await result();
    const c = await result();
    await a.data();
    const before = np.memory().counters.evictions;
    await result();
    await result();
    expect(np.memory().counters.evictions).toBeGreaterThan(before);
    let k = launches();
    await a.data();
    expect(launches()).toBe(k);
    k = launches();
    expect((await b.data())[1]).toBe(1 + (seed - 3) * STEP);
    expect(launches()).toBe(k + 1);
    expectGpuTierInBudget();
    void c;
  });

  it('recomputes a dropped intermediate from its lineage when a later expression needs it', async () => {
    await pressure();
    // Small integers: every partial sum is exact in float32, whatever order the GPU adds in.
    const x = np.asarray(FloatArray.from({ length: N }, (_, i) => i % 16));
    const r = x.mul(2).add(1);
    await r.data();
    await pressure();
    await pressure();
    const before = np.memory().counters.recomputes;
    const k = launches();
    expect(await r.sum().item()).toBe(16 * N);
    expect(np.memory().counters.recomputes).toBe(before + 1);
    expect(launches()).toBeGreaterThan(k);
  });

  it('spills a persisted result instead of dropping it, and reloads it without a kernel', async () => {
    const p = await np.arange(N).astype(FLOAT).mul(3).add(++seed).persist();
    const { spills, reloads } = np.memory().counters;
    await pressure();
    await pressure();
    expect(np.memory().counters.spills).toBeGreaterThan(spills);
    const k = launches();
    expect((await p.data())[2]).toBe(6 + seed - 8);
    expect(launches()).toBe(k);
    expect(np.memory().counters.reloads).toBeGreaterThan(reloads);
  });

  it('never evicts a pinned array until it is unpinned', async () => {
    const p = np.asarray(new FloatArray(N).fill(3)).pin();
    const reloads = np.memory().counters.reloads;
    await pressure();
    await pressure();
    await p.data();
    expect(np.memory().counters.reloads).toBe(reloads);
    p.unpin();
    await pressure();
    await p.data();
    expect(np.memory().counters.reloads).toBe(reloads + 1);
  });

  it('pins an unevaluated array as soon as it is computed', async () => {
    const p = np.arange(N).astype(FLOAT).add(++seed).pin();
    await p.data();
    const reloads = np.memory().counters.reloads;
    const k = launches();
    await pressure();
    await p.data();
    expect(launches()).toBe(k + 4);
    expect(np.memory().counters.reloads).toBe(reloads);
    p.unpin();
  });
});

describe('freeing', () => {
  it('frees a spilled persisted array in every tier on dispose', async () => {
    const p = await np.arange(N).astype(FLOAT).add(++seed).persist();
    await pressure();
    await pressure();
    const before = np.memory();
    p.dispose();
    const after = np.memory();
    expect(after.disk.buffers).toBe(before.disk.buffers - 1);
    expect(after.disk.used).toBe(before.disk.used - BYTES);
    expect(after.host.used).toBe(before.host.used);
  });

  it('frees spilled user data on dispose once nothing can still read it', async () => {
    const x = np.asarray(new FloatArray(N).fill(5));
    await pressure();
    await pressure();
    const before = np.memory().disk;
    x.dispose();
    expect(np.memory().disk.buffers).toBe(before.buffers - 1);
    expect(np.memory().disk.used).toBe(before.used - BYTES);
  });

  it('holds one user array wrapped in a loop once, without spilling it', async () => {
    await pressure();
    const prices = new FloatArray(N).fill(2);
    const first = np.asarray(prices);
    await first.sum().data();
    const before = np.memory();
    for (let i = 0; i < 12; i++) expect(await np.asarray(prices).sum().item()).toBe(2 * N);
    const after = np.memory();
    expect(after.counters.spills).toBe(before.counters.spills);
    expect(after.host.used - before.host.used).toBeLessThan(BYTES);
    void first;
  });

  it('reads a user array through a second wrapper after the first is disposed, and sees writes to it', async () => {
    const prices = new FloatArray(N).fill(3);
    const first = np.asarray(prices);
    const second = np.asarray(prices);
    first.dispose();
    expect((await second.data())[N - 1]).toBe(3);
    prices.fill(4);
    expect(await np.asarray(prices).sum().item()).toBe(4 * N);
    expect((await second.add(1).data())[0]).toBe(5);
  });

  it('keeps disposed user data while an unevaluated array still needs it', async () => {
    const x = np.asarray(new FloatArray(N).fill(5));
    const y = x.add(1);
    x.dispose();
    await pressure();
    expect((await y.data())[0]).toBe(6);
  });

  it('reads a view of a result whose array is disposed while the view is being evaluated', async () => {
    const r = await result();
    const expected = Array.from(await r.data()).slice(N / 2);
    const view = r.slice(`${N / 2}:`);
    const reading = view.data();
    r.dispose();
    expect(Array.from(await reading)).toEqual(expected);
    expect(Array.from(await view.data())).toEqual(expected);
  });

  it('keeps an array that an op inside np.scope wrapped: only arrays made there are freed', async () => {
    const p = await np.arange(N).astype(FLOAT).add(++seed).persist();
    const k = launches();
    const mean = np.scope(() => p.mean());
    await mean.data();
    await p.data();
    expect(launches()).toBe(k + 1);
    expect(p.disposed).toBe(false);
  });
});

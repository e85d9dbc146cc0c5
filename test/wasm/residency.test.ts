import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Frame, init, np } from 'quiverjs';
import { activeBackend } from '../../src/runtime/init.js';
import { realizedOf } from '../../src/runtime/node-state.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';

const wasm = () => activeBackend('test') as WasmBackend;
const ramp = (n: number) => Float64Array.from({ length: n }, (_, i) => i % 1000);
const N = 100_000;
const rampSum = 2 * (N / 1000) * 499_500;

beforeAll(async () => {
  await init({ backend: 'wasm', threads: 2 });
});
afterAll(async () => {
  await init({ backend: 'js' });
});

describe('heap residency of sources and results', () => {
  it('copies an np.array source into the heap once, however often it is read', async () => {
    const x = np.array(ramp(N));
    expect(await x.mul(2).sum().item()).toBe(rampSum);
    const after = wasm().heapStats();
    expect(after.resident).toBeGreaterThanOrEqual(N * 8);
    for (let i = 0; i < 20; i++) expect(await x.mul(2).sum().item()).toBe(rampSum);
    expect(wasm().heapStats()).toEqual(after);
  });

  it('copies a frame column built from a list into the heap once, though it is too small to be placed there', async () => {
    const frame = new Frame({ x: Array.from(ramp(N)) });
    const before = wasm().heapStats();
    expect(await frame.col('x').mul(2).sum().item()).toBe(rampSum);
    const after = wasm().heapStats();
    expect(after.resident - before.resident).toBe(N * 8);
    expect(after.placed).toBe(before.placed);
    for (let i = 0; i < 5; i++) expect(await frame.col('x').mul(2).sum().item()).toBe(rampSum);
    expect(wasm().heapStats()).toEqual(after);
  });

  it('sees writes to an np.asarray source on the next evaluation', async () => {
    const data = ramp(N);
    const x = np.asarray(data);
    expect(await x.sum().item()).toBe(rampSum / 2);
    data[0] = 1e6;
    expect(await x.sum().item()).toBe(rampSum / 2 + 1e6);
  });

  it('reads a big result in place, where its kernel left it, when it feeds later evaluations', async () => {
    const y = np.array(ramp(N)).mul(2);
    await y.data();
    const before = wasm().heapStats();
    expect(before.results).toBeGreaterThanOrEqual(N * 8);
    expect(await y.add(1).sum().item()).toBe(rampSum + N);
    expect(await y.sub(1).sum().item()).toBe(rampSum - N);
    expect(wasm().heapStats()).toEqual(before);
  });

  it("gives a result's heap block back when its array is disposed", async () => {
    const x = np.array(ramp(N));
    await x.sum().item();
    const before = wasm().heapStats();
    const y = x.mul(2);
    await y.data();
    expect(wasm().heapStats().results).toBe(before.results + N * 8);
    y.dispose();
    const after = wasm().heapStats();
    expect([after.live, after.results]).toEqual([before.live, before.results]);
  });

  it('writes each evaluation of a loop that disposes its results into the heap blocks the last one gave back', async () => {
    const x = np.array(ramp(N));
    const step = async (i: number) => {
      const y = x.mul(i + 0.5);
      expect((await y.data())[7]).toBe(7 * (i + 0.5));
      y.dispose();
    };
    await step(1);
    const before = wasm().heapStats();
    for (let i = 2; i < 20; i++) await step(i);
    // An array an earlier test dropped may be collected during the loop and give its block
    // back (seen under load): the loop may end with less held, never more.
    const after = wasm().heapStats();
    expect(after.top).toBe(before.top);
    expect(after.live).toBeLessThanOrEqual(before.live);
    expect(after.results).toBeLessThanOrEqual(before.results);
  });

  it('leaves what data() returned intact when the heap block of its result is written again', async () => {
    const x = np.array(ramp(N));
    const y = x.mul(2);
    const read = await y.data();
    y.dispose();
    const z = x.mul(-1);
    await z.data();
    expect(read[999]).toBe(2 * 999);
    z.dispose();
  });

  it('copies a result out of the heap before giving its buffer to a holder that may keep it', async () => {
    const y = np.array(ramp(N)).mul(2);
    await y.data();
    const before = wasm().heapStats().results;
    const held = realizedOf(y.node())!.data;
    expect(held.buffer).toBeInstanceOf(ArrayBuffer);
    expect(wasm().heapStats().results).toBe(before - N * 8);
    expect(await y.sum().item()).toBe(rampSum);
  });

  it('keeps a result the user overwrites out of later evaluations', async () => {
    const y = np.array(ramp(N)).mul(3);
    const first = await y.data();
    first.fill(-1);
    expect(await y.sum().item()).toBe((3 * rampSum) / 2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';
import { activeBackend } from '../../src/runtime/init.js';
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

  it('sees writes to an np.asarray source on the next evaluation', async () => {
    const data = ramp(N);
    const x = np.asarray(data);
    expect(await x.sum().item()).toBe(rampSum / 2);
    data[0] = 1e6;
    expect(await x.sum().item()).toBe(rampSum / 2 + 1e6);
  });

  it('copies a big result into the heap once when it feeds later evaluations', async () => {
    const y = np.array(ramp(N)).mul(2);
    await y.data();
    const before = wasm().heapStats().resident;
    expect(await y.add(1).sum().item()).toBe(rampSum + N);
    const after = wasm().heapStats();
    expect(after.resident).toBe(before + N * 8);
    expect(await y.sub(1).sum().item()).toBe(rampSum - N);
    expect(wasm().heapStats()).toEqual(after);
  });

  it('keeps a result the user overwrites out of later evaluations', async () => {
    const y = np.array(ramp(N)).mul(3);
    const first = await y.data();
    first.fill(-1);
    expect(await y.sum().item()).toBe((3 * rampSum) / 2);
  });
});

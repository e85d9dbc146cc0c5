/**
 * A frame's columns from 1 MiB are placed in the wasm heap when the frame is built
 * (#15): every evaluation reads them in place, so none stages a copy of them, and a
 * frame that fills most of the host budget is grouped whole instead of in blocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Frame, counters, init, np } from 'quiverjs';
import { activeBackend } from '../../src/runtime/init.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';

const wasm = () => activeBackend('test') as WasmBackend;
/** 2 MiB of int32 keys and 4 MiB of float64 values: they fit the 8 MB budget once, not twice. */
const ROWS = 2 ** 19;
const KEYS = 1000;

beforeAll(async () => {
  await init({ backend: 'wasm', threads: 2, memory: { host: '8MB' } });
});
afterAll(async () => {
  await init({ backend: 'js' });
});

const keys = Int32Array.from({ length: ROWS }, (_, i) => (i * 7919) % KEYS);
const values = Float64Array.from({ length: ROWS }, (_, i) => (i % 97) - 48.5);

/** Per-key sums and counts, the plain way. */
function plainSums(): { sum: Float64Array; count: Float64Array } {
  const sum = new Float64Array(KEYS);
  const count = new Float64Array(KEYS);
  for (let i = 0; i < ROWS; i++) {
    sum[keys[i]!]! += values[i]!;
    count[keys[i]!]!++;
  }
  return { sum, count };
}

async function grouped(frame: Frame): Promise<{ launches: number; sum: Float64Array; count: Float64Array }> {
  const before = counters().launches;
  const out = await (await frame.groupby('k').agg({ x: ['sum', 'count'] })).toColumns();
  return { launches: counters().launches - before, sum: Float64Array.from(out.x_sum as Float64Array), count: Float64Array.from(out.x_count as Int32Array) };
}

describe('frame columns placed in the wasm heap', () => {
  it('places numeric and string columns from 1 MiB, and leaves smaller ones in JavaScript memory', () => {
    const before = wasm().heapStats().placed;
    const names = Array.from({ length: ROWS }, (_, i) => `desk-${i % 3}`);
    new Frame({ k: keys, x: values, desk: names });
    expect(wasm().heapStats().placed - before).toBe(ROWS * (4 + 8 + 4));
    new Frame({ k: keys.subarray(0, 1000), x: values.subarray(0, 1000) });
    expect(wasm().heapStats().placed - before).toBe(ROWS * (4 + 8 + 4));
  });

  it('groups a frame that fills most of the host budget whole, where the same columns copied in for each run go in blocks', async () => {
    const expected = plainSums();
    const placed = await grouped(new Frame({ k: keys, x: values }));
    const staged = await grouped(new Frame({ k: np.asarray(keys), x: np.asarray(values) }));
    for (const run of [placed, staged]) {
      expect(Array.from(run.count)).toEqual(Array.from(expected.count));
      run.sum.forEach((s, g) => expect(s).toBeCloseTo(expected.sum[g]!, 6));
    }
    expect(placed.launches).toBeLessThan(staged.launches);
  });
});

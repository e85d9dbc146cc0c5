import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, type DType } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { expectGpuTierInBudget, FLOAT, floats, withGpuBudget } from '../helpers/tiers.js';

const KB = 1024;
const spillDir = mkdtempSync(join(tmpdir(), 'quiver-spill-test-'));

beforeAll(async () => {
  await init({ ...TEST_INIT, memory: withGpuBudget({ host: 256 * KB, disk: '64MB', spillDir }) });
});

/** Bit patterns every dtype must keep through a spill: extremes, NaN payloads, -0, subnormals. */
function pattern(dtype: DType, n: number): ArrayLike<number> & { buffer: ArrayBufferLike } {
  const bits = new Uint32Array(n * (dtype === 'float64' ? 2 : 1));
  for (let i = 0; i < bits.length; i++) bits[i] = (Math.imul(i + 1, 2654435761) ^ (i << 7)) >>> 0;
  switch (dtype) {
    case 'float64':
      return new Float64Array(bits.buffer);
    case 'float32':
      return new Float32Array(bits.buffer);
    case 'int32':
      return new Int32Array(bits.buffer);
    case 'uint32':
      return bits;
    case 'bool':
      return Uint8Array.from({ length: n }, (_, i) => i % 3 === 0 ? 1 : 0);
  }
}

/** Distinct fill values: equal expressions would be answered from the result cache without a new buffer. */
let fills = 0;

const bytesOf = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('spilling', () => {
  it('round-trips the bytes of every dtype exactly through the disk tier', async () => {
    for (const dtype of ['float64', 'float32', 'int32', 'uint32', 'bool'] as const) {
      // 80 Ki elements: at least 80 KiB, so x and the two newest fillers cannot all stay in 256 KiB.
      const source = pattern(dtype, 80 * KB);
      const before = np.memory().counters;
      const x = np.asarray(source as unknown as Float64Array, dtype);
      for (let i = 0; i < 3; i++) await np.full([floats(96 * KB)], fills++, FLOAT).persist();
      expect(np.memory().counters.spills).toBeGreaterThan(before.spills);
      const back = await x.data();
      expect(back.constructor).toBe(source.constructor);
      expect(bytesOf(back).equals(bytesOf(source as unknown as ArrayBufferView))).toBe(true);
      expect(np.memory().counters.reloads).toBeGreaterThan(before.reloads);
    }
  });

  it('never lets host bytes exceed the host budget while arrays are created and computed', async () => {
    for (let i = 0; i < 40; i++) {
      const a = np.arange(8 * KB).add(i);
      await a.persist();
      const m = np.memory();
      expect(m.host.used).toBeLessThanOrEqual(m.host.budget);
    }
  });

  it('reports each tier with used bytes, budget and buffer count, plus counters', () => {
    const m = np.memory();
    expect(m.host.budget).toBe(256 * KB);
    expect(m.disk.budget).toBe(64 * KB * KB);
    expectGpuTierInBudget();
    expect(Object.keys(m.counters).sort()).toEqual(['evictions', 'hits', 'recomputes', 'reloads', 'spills']);
    expect(m.disk.buffers).toBeGreaterThan(0);
  });
});

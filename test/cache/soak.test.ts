import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { FloatArray, withGpuBudget } from '../helpers/tiers.js';

const KB = 1024;
const HOST = 256 * KB;

beforeAll(async () => {
  await init({ ...TEST_INIT, memory: withGpuBudget({ host: HOST, spillDir: mkdtempSync(join(tmpdir(), 'quiver-soak-test-')) }) });
});

describe('a long loop', () => {
  it('keeps every tier flat over 10,000 iterations of new data, scoped temporaries, persists and disposes', async () => {
    const values = new FloatArray(1024);
    const samples: { host: number; disk: number; buffers: number; gpu: number; gpuBuffers: number }[] = [];
    const kept = await np.asarray(new FloatArray(4 * KB).fill(1)).add(1).persist();
    for (let i = 0; i < 10_000; i++) {
      values[0] = i;
      const x = np.array(values);
      const [y, total] = np.scope(() => {
        const y = x.mul(2).add(kept.slice(`:${values.length}`));
        return [y, y.sum()];
      });
      expect(await total.item()).toBe(2 * i + 2 * values.length);
      if (i % 10 === 0) await y.persist();
      for (const a of [y, total, x]) a.dispose();
      if (i % 1000 === 999) {
        await new Promise((r) => setTimeout(r, 0));
        const m = np.memory();
        samples.push({ host: m.host.used, disk: m.disk.used, buffers: m.host.buffers + m.disk.buffers, gpu: m.gpu.used, gpuBuffers: m.gpu.buffers });
      }
    }
    const [early, late] = [samples[1]!, samples.at(-1)!];
    for (const s of samples) expect(s.host).toBeLessThanOrEqual(HOST);
    for (const s of samples) expect(s.gpu).toBeLessThanOrEqual(np.memory().gpu.budget);
    expect(late.disk).toBeLessThanOrEqual(early.disk + HOST);
    expect(late.buffers).toBeLessThanOrEqual(early.buffers + 64);
    expect(late.gpuBuffers).toBeLessThanOrEqual(early.gpuBuffers + 8);
  }, 120_000);
});

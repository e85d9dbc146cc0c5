import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { np } from 'quiverjs';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { sizeClass } from '../../src/backend/webgpu/pool.js';
import { floats, gpuBackend, initFrontend } from './helpers.js';

let gpu: WebGpuBackend;
beforeAll(initFrontend);
// Each test awaits the (shared) backend itself: a missing adapter fails every test, it never skips one.
beforeEach(async () => {
  gpu = await gpuBackend();
});

describe('GPU buffers come from a pool by size class', () => {
  it('rounds sizes up to quarter steps between powers of two', () => {
    expect([1, 256, 257, 1000, 1024, 1025, 1300, 1600, 1800, 2047].map(sizeClass)).toEqual([256, 256, 320, 1024, 1024, 1280, 1536, 1792, 2048, 2048]);
  });

  it('keeps GPU memory flat over 10,000 evaluations', async () => {
    // New data each time (constants are part of the kernel hash, data is not): one pipeline, fresh uploads.
    const data = [1, 2, 3, 4].map((seed) => floats(1000, seed));
    const run = (i: number) => gpu.execute(np.array(data[i % 4]!).mul(2).add(1).sqrt().plan());
    for (let i = 0; i < 10; i++) await run(i);
    const before = gpu.poolStats();
    for (let i = 0; i < 10_000; i++) await run(i);
    const after = gpu.poolStats();
    expect(after.live).toBe(0);
    expect(after.pooled).toBe(before.pooled);
    expect(after.created).toBe(before.created);
  }, 120_000);
});

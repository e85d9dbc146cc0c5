import { beforeAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';

/**
 * np.scope around a result read inside it: only backends that read synchronously
 * (`dataSync`) can compute inside a scope, so this runs on the CPU backends
 * (vitest.config.ts CPU_CACHE); the webgpu backend's reads are always awaited.
 */
const N = 4096;

beforeAll(async () => {
  await init({ ...TEST_INIT, memory: { host: 128 * 1024 } });
});

describe('np.scope', () => {
  it('frees the results it disposes in host memory', () => {
    const x = np.asarray(new Float64Array(N).fill(1));
    let inside = 0;
    const total = np.scope(() => {
      const t = x.mul(2).add(3);
      t.dataSync();
      inside = np.memory().host.used;
      return t.sum();
    });
    expect(np.memory().host.used).toBe(inside - N * 8);
    expect(total.dataSync()[0]).toBe(5 * N);
  });
});

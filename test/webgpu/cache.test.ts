import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { np } from 'quiverjs';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { floats, gpuBackend, initFrontend, valuesOf } from './helpers.js';

let gpu: WebGpuBackend;
beforeAll(initFrontend);
// Each test awaits the (shared) backend itself: a missing adapter fails every test, it never skips one.
beforeEach(async () => {
  gpu = await gpuBackend();
});

const expr = (seed: number, n = 500) => np.array(floats(n, seed)).mul(2).add(np.array(floats(n, seed + 1))).exp();

describe('compiled pipelines are cached by the kernel hash', () => {
  it('compiles an expression once and reuses the pipeline on new data', async () => {
    await gpu.execute(expr(1).plan());
    const before = gpu.counters.compiles;
    for (let seed = 2; seed < 12; seed++) await gpu.execute(expr(seed).plan());
    expect(gpu.counters.compiles).toBe(before);
  });

  it('compiles again for a new shape, once', async () => {
    const before = gpu.counters.compiles;
    await gpu.execute(expr(1, 501).plan());
    await gpu.execute(expr(2, 501).plan());
    expect(gpu.counters.compiles).toBe(before + 1);
  });

  it('reads random keys at launch: fresh keys reuse the pipeline and change the bits', async () => {
    const draw = (k: number) => np.randomBits([k, k + 1], [256]).astype('float32').mul(2 ** -32);
    const [first] = await gpu.execute(draw(1).plan());
    const before = gpu.counters.compiles;
    const [second] = await gpu.execute(draw(2).plan());
    expect(gpu.counters.compiles).toBe(before);
    expect(valuesOf(second!)).not.toEqual(valuesOf(first!));
  });
});

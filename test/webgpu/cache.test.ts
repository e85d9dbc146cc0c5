import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { np } from 'quiverjs';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { expectSame, floats, gpuBackend, initFrontend, ints, uints, valuesOf } from './helpers.js';

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

  it('reads int32, uint32 and bool constants at launch: new scalars reuse the pipeline and match the reference', async () => {
    const i = np.array(ints(300, 5));
    const u = np.array(uints(300, 6));
    const expr = (k: number, flag: boolean) => [i.mul(k).add(k >> 1), u.mul(k >>> 0).sub(3), np.where(i.greater(k), flag, !flag)];
    await expectSame(gpu, expr(3, true));
    const before = gpu.counters.compiles;
    for (const [k, flag] of [[-7, false], [2147483647, true], [-2147483648, false]] as const) await expectSame(gpu, expr(k, flag));
    expect(gpu.counters.compiles).toBe(before);
  });
});

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { np } from 'quiverjs';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { expectSame, gpuBackend, initFrontend } from './helpers.js';

let gpu: WebGpuBackend;
beforeAll(initFrontend);
// Each test awaits the (shared) backend itself: a missing adapter fails every test, it never skips one.
beforeEach(async () => {
  gpu = await gpuBackend();
});

describe('Philox random bits on the GPU are bit-identical to the reference', () => {
  it.each([
    [[0, 0], 0, 0],
    [[0x12345678, 0x9abcdef0], 1, 1],
    [[4294967295, 4294967295], 4294967295, 2],
    [[7, 11], 42, 3],
  ] as const)('key %j, stream %i, word %i', async (key, stream, word) => {
    const bits = np.randomBits([key[0], key[1]], [64, 33], { stream, word });
    await expectSame(gpu, [bits, bits.T, bits.slice('::-3', '5:')]);
  });

  it('fuses random bits into float arithmetic (uniforms in [0, 1))', async () => {
    const u = np.randomBits([3, 4], [1000]).astype('float32').mul(2 ** -32);
    const plan = u.plan();
    expect(plan.steps).toHaveLength(1);
    expect(gpu.placement(plan)).toEqual(['gpu']);
    await expectSame(gpu, [u, u.mul(2).sub(1).abs()]);
  });
});

describe('arange and linspace generate on the GPU', () => {
  it('arange in every native dtype, through flipped and strided views', async () => {
    const xs = [np.arange(-50, 1000, 3, 'int32'), np.arange(0, 5000, 7, 'uint32'), np.arange(-2.5, 40, 0.1, 'float32'), np.arange(1e6, 1e6 + 300, 1, 'float32')];
    await expectSame(gpu, xs.flatMap((x) => [x.mul(1), x.flip(), x.slice('1::5')]));
  });

  it('linspace to float32 rounds each float64 value once, exactly as the reference', async () => {
    const x = np.linspace(-1, 1, 1001, { dtype: 'float32' });
    const y = np.linspace(0, 1e-3, 77, { endpoint: false, dtype: 'float32' });
    await expectSame(gpu, [x.mul(1), y.mul(1), x.flip().add(0.5)]);
  });

  it('eye built from ranges and comparisons', async () => {
    await expectSame(gpu, [np.eye(17, 23, 2, 'float32'), np.eye(5, 5, -1, 'int32')]);
  });
});

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IndexError, np } from 'quiverjs';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { bools, expectSame, floats, gpuBackend, initFrontend, ints, uints } from './helpers.js';

let gpu: WebGpuBackend;
beforeAll(initFrontend);
// Each test awaits the (shared) backend itself: a missing adapter fails every test, it never skips one.
beforeEach(async () => {
  gpu = await gpuBackend();
});

describe('sort and argsort on the GPU (radix, stable)', () => {
  it.each([0, 1])('float32 with NaN, +-Inf, +-0 and ties sorts as NumPy, axis %i', async (axis) => {
    const data = floats(40 * 300, 1).map((v, i) => (i % 5 === 0 ? Math.round(v) : v));
    const x = np.array(data).reshape(40, 300);
    await expectSame(gpu, [x.sort(axis), x.argsort(axis), x.T.sort(axis)]);
  });

  it('keeps -0 and +0 in their original order (they compare equal)', async () => {
    const x = np.array(new Float32Array([0, -0, 1, -0, 0, -1, NaN, -0, NaN, 0]));
    await expectSame(gpu, [x.sort(), x.argsort()]);
  });

  it('int32, uint32 and bool keys, long lanes over several blocks', async () => {
    await expectSame(gpu, [np.array(ints(5000, 2)).sort(), np.array(ints(5000, 2)).argsort(), np.array(uints(3 * 1000, 3)).reshape(3, 1000).sort(1), np.array(bools(700, 4), 'bool').argsort()]);
  });

  it('sorts empty arrays and empty axes', async () => {
    const empty = np.array(new Float32Array(0));
    await expectSame(gpu, [empty.sort(), empty.argsort(), np.zeros([2, 0], 'float32').sort(1), np.zeros([0, 3], 'float32').argsort(1)]);
  });

  it('fuses the prologue of the sorted values (sort(x * -1) reads x once)', async () => {
    const x = np.array(floats(2000, 5));
    const s = x.mul(-1).add(3).sort();
    expect(s.plan().steps).toHaveLength(1);
    expect(gpu.placement(s.plan())).toEqual(['gpu']);
    await expectSame(gpu, [s, x.abs().argsort()]);
  });
});

describe('take, take_along_axis and concatenate on the GPU', () => {
  it('take with negative indices along each axis', async () => {
    const x = np.array(floats(6 * 7, 6)).reshape(6, 7);
    const idx = np.array(new Int32Array([0, -1, 3, 3, -6, 5]));
    await expectSame(gpu, [np.take(x, idx, 0), np.take(x, idx.slice(':4'), 1), np.take(x, np.array(new Uint32Array([41, 0, 7])))]);
  });

  it('take_along_axis with argsort indices', async () => {
    const x = np.array(floats(8 * 30, 7)).reshape(8, 30);
    await expectSame(gpu, [np.takeAlongAxis(x, x.argsort(1), 1), np.takeAlongAxis(x, x.argsort(0), 0)]);
  });

  it('concatenate views of several dtypes', async () => {
    const a = np.array(floats(3 * 4, 8)).reshape(3, 4);
    const b = np.array(floats(3 * 2, 9)).reshape(3, 2);
    const i = np.array(ints(10, 10));
    await expectSame(gpu, [np.concatenate([a, b.mul(2), a.T.slice(':3')], 1), np.concatenate([a, a.flip(0)], 0), np.concatenate([i, i.neg(), i.slice('::3')])]);
  });

  it('an index out of bounds raises the reference IndexError', async () => {
    const x = np.array(floats(10, 11));
    const bad = np.take(x, np.array(new Int32Array([1, 2, 10])));
    await expect(gpu.execute(bad.plan())).rejects.toThrow(IndexError);
    await expect(gpu.execute(bad.plan())).rejects.toThrow('take: index 10 is out of bounds for axis 0 with size 10');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';

beforeAll(async () => {
  await init({ backend: 'js' });
});

describe('np.array of a TypedArray', () => {
  it('copies a same-dtype TypedArray bit for bit (-0, NaN, extremes) and is independent of it', async () => {
    const src = Float64Array.from([-0, NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308]);
    const a = np.array(src);
    src.fill(1);
    const out = (await a.data()) as Float64Array;
    expect(Object.is(out[0], -0)).toBe(true);
    expect(Array.from(out.slice(1))).toEqual([NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308]);
    const ints = Int32Array.from([-(2 ** 31), 2 ** 31 - 1, 0]);
    expect(Array.from((await np.array(ints).data()) as Int32Array)).toEqual([-(2 ** 31), 2 ** 31 - 1, 0]);
  });

  it('rounds into another dtype as NumPy casts: float32 rounding, bool from nonzero bytes', async () => {
    expect(Array.from((await np.array(Float64Array.from([0.1, 2 ** 24 + 1]), 'float32').data()) as Float32Array)).toEqual([Math.fround(0.1), 2 ** 24]);
    expect(Array.from((await np.array(Uint8Array.from([0, 2, 255]), 'bool').data()) as Uint8Array)).toEqual([0, 1, 1]);
  });
});

describe('np.array of a list of numbers', () => {
  it('is float64 holding each number bit for bit (-0, NaN, extremes), independent of the list', async () => {
    const list = [-0, NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308, 1, 2];
    const a = np.array(list);
    list.fill(7);
    expect(a.dtype).toBe('float64');
    expect(a.shape).toEqual([8]);
    const out = (await a.data()) as Float64Array;
    expect(out).toBeInstanceOf(Float64Array);
    expect(Object.is(out[0], -0)).toBe(true);
    expect(Array.from(out.slice(1))).toEqual([NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308, 1, 2]);
    expect(np.array([]).dtype).toBe('float64');
  });

  it('reads booleans among numbers as 0 and 1, booleans alone as bool, and an explicit dtype by rounding', async () => {
    expect(Array.from((await np.array([1.5, true, false]).data()) as Float64Array)).toEqual([1.5, 1, 0]);
    expect(np.array([true, false]).dtype).toBe('bool');
    expect(Array.from((await np.array([1.9, -1.9, 2 ** 32 + 3], 'int32').data()) as Int32Array)).toEqual([1, -1, 3]);
    expect(Array.from((await np.array([0.1], 'float32').data()) as Float32Array)).toEqual([Math.fround(0.1)]);
  });

  it('names array and what is wrong with a list holding something else', () => {
    expect(() => np.array(new Array<number>(3).fill(1, 0, 1))).toThrow(/array: element undefined is not a number or boolean/);
    expect(() => np.array([1, 'x'] as unknown as number[])).toThrow(/array: element x is not a number or boolean/);
    expect(() => np.array([1, [2]] as unknown as number[])).toThrow(/array: inhomogeneous shape/);
  });
});

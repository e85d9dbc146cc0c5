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

  it('widens every smaller TypedArray into each dtype with the values the element-by-element cast gives', async () => {
    const values = [0, 1, -1, 127, -128, 255, 32767, -32768, 65535, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 - 1, 0.5, -0];
    const sources = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array].map((T) => T.from(values));
    for (const src of sources) {
      for (const dtype of ['float64', 'float32', 'int32', 'uint32', 'bool'] as const) {
        const want = Array.from(await np.array(Array.from(src), dtype).data());
        const got = Array.from(await np.array(src, dtype).data());
        expect(got, `${src.constructor.name} into ${dtype}`).toEqual(want);
      }
    }
    expect(np.asarray(Uint8Array.from([1, 2])).dtype).toBe('uint32');
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

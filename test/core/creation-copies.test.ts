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

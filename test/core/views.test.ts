import { TEST_INIT } from '../helpers/backend.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, IndexError, ShapeError, ValueError } from 'quiverjs';

beforeAll(async () => {
  await init(TEST_INIT);
});

/** x[i, j] = 10 * i + j: every element says where it came from. */
const grid = (rows: number, cols: number) => np.arange(rows * cols).reshape(rows, cols).floorDiv(cols).mul(10).add(np.arange(rows * cols).reshape(rows, cols).mod(cols));

describe('slicing', () => {
  it('feeds a slice of an evaluated array into a new expression without touching the rest', async () => {
    const a = np.arange(0, 100_000, 1, 'float64');
    await a.data();
    const b = a.slice('10:20');
    await b.data();
    const [r, s] = await np.compute(b.mul(2).add(np.ones([10])), np.zeros([10]).add(b));
    expect(Array.from(r!)).toEqual([21, 23, 25, 27, 29, 31, 33, 35, 37, 39]);
    expect(Array.from(s!)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('takes start:stop:step with negative steps and indices, as Python does', async () => {
    const x = np.arange(10);
    expect(await x.slice('2:8:2').toArray()).toEqual([2, 4, 6]);
    expect(await x.slice('::-3').toArray()).toEqual([9, 6, 3, 0]);
    expect(await x.slice('-3:').toArray()).toEqual([7, 8, 9]);
    expect(await x.slice('8:2:-2').toArray()).toEqual([8, 6, 4]);
    expect(await x.slice('20:').toArray()).toEqual([]);
    expect(await x.slice(-1).item()).toBe(9);
  });

  it('drops indexed axes, inserts new ones and expands the ellipsis', async () => {
    const x = grid(3, 4);
    expect(x.slice(1).shape).toEqual([4]);
    expect(x.slice(':', 2).shape).toEqual([3]);
    expect(x.slice('None, :, None').shape).toEqual([1, 3, 1, 4]);
    expect(x.slice('..., 0').shape).toEqual([3]);
    expect(await x.slice('..., 0').toArray()).toEqual([0, 10, 20]);
    expect(await x.slice(null, 1, '1:3').toArray()).toEqual([[11, 12]]);
  });

  it('reads views of views with negative strides without copying the source', async () => {
    const x = grid(4, 5);
    const v = x.T.slice('::-1, 1:').slice('1:, ::2').flip(0);
    // x.T[::-1, 1:] has rows for columns 4..0, cols for rows 1..3; then [1:, ::2] and flip.
    expect(await v.toArray()).toEqual([
      [10, 30],
      [11, 31],
      [12, 32],
      [13, 33],
    ]);
  });

  it('reshapes a transposed view by copying, as NumPy must', async () => {
    const x = grid(2, 3);
    expect(await x.T.reshape(-1).toArray()).toEqual([0, 10, 1, 11, 2, 12]);
    expect(await x.T.reshape(2, 3).toArray()).toEqual([[0, 10, 1], [11, 2, 12]]);
  });

  it('raises IndexError for an out-of-range index and too many indices', () => {
    const x = grid(2, 3);
    expect(() => x.slice(2)).toThrow(IndexError);
    expect(() => x.slice(2)).toThrow(/slice: index 2 is out of bounds for axis 0 with size 2/);
    expect(() => x.slice(0, 0, 0)).toThrow(/too many indices for array: array is 2-dimensional, but 3 were indexed/);
    expect(() => x.slice('::0')).toThrow(ValueError);
    expect(() => x.slice('a:b')).toThrow(/'a:b' is not a valid index or slice/);
  });
});

describe('movement ops', () => {
  it('reshapes with -1 and names the sizes when it cannot', () => {
    expect(np.arange(12).reshape(3, -1).shape).toEqual([3, 4]);
    expect(np.arange(12).reshape([2, -1, 2]).shape).toEqual([2, 3, 2]);
    expect(() => np.arange(6).reshape(4, 2)).toThrow(ShapeError);
    expect(() => np.arange(6).reshape(4, 2)).toThrow(/reshape: cannot reshape array of size 6 into shape \(4, 2\)/);
    expect(() => np.arange(6).reshape(-1, -1)).toThrow(/can only specify one unknown dimension/);
  });

  it('transposes with explicit axes and rejects a wrong permutation', async () => {
    const x = np.arange(24).reshape(2, 3, 4);
    expect(x.transpose([1, 0, 2]).shape).toEqual([3, 2, 4]);
    expect(await x.transpose([2, 0, 1]).slice("1, 1, 2").item()).toBe(21);
    expect(() => x.transpose([0, 1])).toThrow(/transpose: axes \[0,1\] don't match array of dimension 3/);
    expect(np.permute(x, [0, 2, 1]).shape).toEqual([2, 4, 3]);
  });

  it('expands, squeezes and broadcasts', async () => {
    expect(np.expandDims(np.ones([2, 3]), 0).shape).toEqual([1, 2, 3]);
    expect(np.expandDims(np.ones([2, 3]), -1).shape).toEqual([2, 3, 1]);
    expect(np.expandDims(np.ones([2, 3]), [0, 3]).shape).toEqual([1, 2, 3, 1]);
    expect(np.squeeze(np.ones([1, 2, 1])).shape).toEqual([2]);
    expect(() => np.squeeze(np.ones([1, 2]), 1)).toThrow(/squeeze: cannot select axis 1, which has size 2/);
    expect(await np.broadcastTo(np.array([1, 2]), [2, 2]).toArray()).toEqual([[1, 2], [1, 2]]);
    expect(() => np.broadcastTo(np.ones([3]), [2, 2])).toThrow(/broadcastTo: cannot broadcast \(3,\) to \(2, 2\)/);
    expect(() => np.broadcastTo(np.ones([2, 1]), [2])).toThrow(ShapeError);
  });

  it('flips every axis by default', async () => {
    expect(await np.flip(grid(2, 2)).toArray()).toEqual([[11, 10], [1, 0]]);
  });
});

describe('joining and splitting', () => {
  it('concatenates along an axis and promotes dtypes', async () => {
    const a = np.array([[1, 2]], 'int32');
    const b = np.array([[3.5, 4]], 'float32');
    const c = np.concatenate([a, b], 0);
    expect(c.dtype).toBe('float64');
    expect(await c.toArray()).toEqual([[1, 2], [3.5, 4]]);
    expect(await np.concatenate([a, a], 1).toArray()).toEqual([[1, 2, 1, 2]]);
    expect(() => np.concatenate([a, np.ones([1, 3])], 0)).toThrow(/along dimension 1, the array at index 0 has size 2 and the array at index 1 has size 3/);
  });

  it('stacks on a new axis and splits into views', async () => {
    const s = np.stack([np.array([1, 2]), np.array([3, 4])], 1);
    expect(await s.toArray()).toEqual([[1, 3], [2, 4]]);
    const parts = np.split(np.arange(6), 3);
    expect(await Promise.all(parts.map((p) => p.toArray()))).toEqual([[0, 1], [2, 3], [4, 5]]);
    const cuts = np.split(np.arange(6), [2, 5]);
    expect(await Promise.all(cuts.map((p) => p.toArray()))).toEqual([[0, 1], [2, 3, 4], [5]]);
    expect(() => np.split(np.arange(5), 2)).toThrow(/array split does not result in an equal division/);
  });
});

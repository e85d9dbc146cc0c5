import { TEST_INIT } from '../helpers/backend.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, AxisError, DTypeError, IndexError, ShapeError, ValueError } from 'quiverjs';

beforeAll(async () => {
  await init(TEST_INIT);
});

describe('bad input is refused at call time with the op and the values named', () => {
  it('names both shapes and the clashing axis when broadcasting fails', () => {
    expect(() => np.ones([2, 3]).add(np.ones([4]))).toThrow(ShapeError);
    expect(() => np.ones([2, 3]).add(np.ones([4]))).toThrow('add: shapes (2, 3) and (4,) cannot be broadcast (axis -1: 3 vs 4)');
    expect(() => np.where(np.ones([2]), np.ones([3]), 0)).toThrow(/where: shapes \(2,\) and \(3,\) and \(\) cannot be broadcast/);
  });

  it('names the axis and the rank for an axis out of bounds', () => {
    expect(() => np.ones([2, 3]).sum(2)).toThrow(AxisError);
    expect(() => np.ones([2, 3]).sum(2)).toThrow('sum: axis 2 is out of bounds for array of dimension 2');
    expect(() => np.ones([2, 3]).mean({ axis: [-3] })).toThrow(/axis -3 is out of bounds for array of dimension 2/);
    expect(() => np.ones([2, 3]).sum([0, 0])).toThrow(/sum: repeated axis/);
    expect(() => np.cumsum(np.ones([2]), 1)).toThrow(/cumsum: axis 1 is out of bounds/);
    expect(() => np.ones([2]).argmax(1)).toThrow(/argmax: axis 1 is out of bounds/);
  });

  it('refuses unknown dtypes and ops NumPy does not define for a dtype', () => {
    expect(() => np.zeros([2], 'int64' as never)).toThrow(DTypeError);
    expect(() => np.zeros([2], 'int64' as never)).toThrow(/zeros: unknown dtype "int64"/);
    expect(() => np.array([true]).sub(np.array([false]))).toThrow(/sub: not supported for bool inputs/);
    expect(() => np.array([true]).neg()).toThrow(DTypeError);
    expect(() => np.array(['a'] as never)).toThrow(/array: element a is not a number or boolean/);
    expect(() => np.take(np.ones([3]), np.array([0.5]))).toThrow(/take: indices must be integers, got float64/);
    expect(() => np.arange(3).astype('float16' as never)).toThrow(/astype: unknown dtype "float16"/);
    expect(() => np.full([2], 'x' as never)).toThrow(DTypeError);
    expect(() => np.full([2], 'x' as never)).toThrow(/full: the fill value must be a number or a boolean, got string "x"/);
  });

  it('refuses ragged nested arrays', () => {
    expect(() => np.array([[1, 2], [3]])).toThrow(ValueError);
    expect(() => np.array([[1, 2], [3]])).toThrow(/array: inhomogeneous shape after 1 dimensions: expected 2 elements, got 1/);
  });

  it('raises for JS integers the array dtype cannot hold, as NumPy 2 does for Python ints', () => {
    expect(() => np.array([1], 'uint32').add(-1)).toThrow(/add: JS integer -1 is out of bounds for uint32/);
    expect(() => np.array([1], 'int32').mul(2 ** 31)).toThrow(ValueError);
  });

  it('compares exactly with an out-of-range JS integer instead of raising', async () => {
    expect(await np.array([0, 5], 'uint32').greater(-1).toArray()).toEqual([true, true]);
  });

  it('names the index and the axis for out-of-bounds take', async () => {
    expect(() => np.take(np.arange(5), [7])).toThrow(IndexError);
    expect(() => np.take(np.arange(5), [7])).toThrow('take: index 7 is out of bounds for axis 0 with size 5');
    const lazy = np.take(np.arange(5), np.array([1, -9], 'int32'));
    await expect(lazy.data()).rejects.toThrow('take: index -9 is out of bounds for axis 0 with size 5');
  });

  it('raises for reductions without identity on empty input', () => {
    expect(() => np.zeros([0]).min()).toThrow(/min: zero-size array \(0,\) to reduction operation minimum which has no identity/);
    expect(() => np.zeros([3, 0]).max({ axis: 1 })).toThrow(ValueError);
    expect(() => np.zeros([0]).argmax()).toThrow(/argmax: attempt to get argmax of an empty sequence/);
  });

  it('raises for matmul operands that do not line up', () => {
    expect(() => np.ones([2, 3]).matmul(np.ones([4, 2]))).toThrow(
      'matmul: shapes (2, 3) and (4, 2) are not aligned: contracted axis 3 (dim -1) != 4 (dim -2)',
    );
    expect(() => np.matmul(np.ones([]), np.ones([2]))).toThrow(/matmul: input operand 0 does not have enough dimensions/);
    expect(() => np.ones([2, 2, 3]).matmul(np.ones([3, 3, 1]))).toThrow(/matmul: shapes \(2,\) and \(3,\) cannot be broadcast/);
  });

  it('raises when an integer is raised to a negative integer power', async () => {
    await expect(np.array([2], 'int32').pow(np.array([-1], 'int32')).data()).rejects.toThrow(
      /pow: integers to negative integer powers are not allowed/,
    );
  });

  it('leaves the graph usable after a failed evaluation', async () => {
    const bad = np.take(np.arange(3), np.array([5], 'int32'));
    await expect(bad.data()).rejects.toThrow(IndexError);
    expect(Array.from(await np.arange(3).add(1).data())).toEqual([1, 2, 3]);
  });
});

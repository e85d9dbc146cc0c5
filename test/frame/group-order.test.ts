import { describe, expect, it } from 'vitest';
import { np } from 'quiverjs';
import { groupOrder, type GroupKey } from '../../src/frontend/frame/group-keys.js';

const stringKey = (dictionary: string[], codes: number[]): GroupKey => ({ column: { kind: 'string', codes: np.asarray(Int32Array.from(codes)), dictionary }, values: codes });
const numberKey = (values: number[]): GroupKey => ({ column: { kind: 'number', values: np.asarray(Float64Array.from(values)) }, values });

describe('groupOrder', () => {
  it('orders groups by string then number, null strings last, as a comparator of the keys would', () => {
    const desk = stringKey(['rates', 'fx', 'credit'], [0, 1, -1, 2, 1, 0]);
    const book = numberKey([5, -3, 0, 7, -4, -2_000_000_000]);
    expect(Array.from(groupOrder([desk, book], 6))).toEqual([3, 4, 1, 5, 0, 2]);
  });

  it('puts NaN keys last when a key is not integral', () => {
    expect(Array.from(groupOrder([numberKey([2.5, NaN, -1, 0.25])], 4))).toEqual([2, 3, 0, 1]);
  });

  it('ranks a dictionary again once strings were appended to it (a streamed scan\'s dictionary grows)', () => {
    const dictionary = ['b', 'c'];
    expect(Array.from(groupOrder([stringKey(dictionary, [1, 0])], 2))).toEqual([1, 0]);
    dictionary.push('a');
    expect(Array.from(groupOrder([stringKey(dictionary, [1, 0, 2])], 3))).toEqual([2, 1, 0]);
  });

  it('falls back to comparing when the packed numbers would pass 2^53', () => {
    const wide = numberKey([2 ** 40, -(2 ** 40), 0]);
    expect(Array.from(groupOrder([wide, numberKey([1, 2, 3]), wide], 3))).toEqual([1, 2, 0]);
  });
});

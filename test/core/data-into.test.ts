import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, counters, init, np } from 'quiverjs';
import { walk } from './arguments-walk.js';

beforeAll(async () => {
  await init({ backend: 'js' });
});

describe('x.data({ into }) and x.dataSync({ into })', () => {
  it('fills the caller\'s array with the values data() gives and returns that same array', async () => {
    const x = np.array([1, 2, 3, 4, 5, 6]).reshape(2, 3);
    const y = x.mul(2).transpose();
    const into = new Float64Array(6);
    expect(await y.data({ into })).toBe(into);
    expect(Array.from(into)).toEqual(Array.from((await y.data()) as Float64Array));
    expect(Array.from(into)).toEqual([2, 8, 4, 10, 6, 12]);
    const again = new Float64Array(6);
    expect(y.dataSync({ into: again })).toBe(again);
    expect(Array.from(again)).toEqual([2, 8, 4, 10, 6, 12]);
    const flags = new Uint8Array(3);
    await np.array([1, 0, 2]).astype('bool').data({ into: flags });
    expect(Array.from(flags)).toEqual([1, 0, 1]);
  });

  it('reads a reversed view of an asarray source into that source as the values were before', async () => {
    const source = Float64Array.from([1, 2, 3, 4]);
    const reversed = np.asarray(source).flip();
    await reversed.data({ into: source });
    expect(Array.from(source)).toEqual([4, 3, 2, 1]);
  });

  it('refuses an array of another storage type or size, naming data, into and what it accepts, before computing', async () => {
    const x = np.array([1, 2, 3]).mul(2);
    const launched = counters().launches;
    await expect(x.data({ into: new Float32Array(3) as never })).rejects.toThrow(
      new ArgumentError('data: into must be a Float64Array of 3 elements (the float64 array\'s storage and size), got a Float32Array of 3 elements'),
    );
    await expect(x.data({ into: new Float64Array(4) })).rejects.toThrow(/^data: into must be a Float64Array of 3 elements .*got a Float64Array of 4 elements$/);
    expect(() => x.dataSync({ into: [0, 0, 0] as never })).toThrow(/^dataSync: into must be a Float64Array of 3 elements .*got \[0, 0, 0\]$/);
    expect(counters().launches).toBe(launched);
  });

  it('accepts or throws a QuiverError naming data for each bad option', async () => {
    const x = np.array([1, 2]).add(1);
    expect(await walk('x.data', 'data', (...args) => x.data(...(args as [never])), [{ into: new Float64Array(2) }])).toEqual([]);
    expect(await walk('x.dataSync', 'dataSync', (...args) => x.dataSync(...(args as [never])), [{ into: new Float64Array(2) }])).toEqual([]);
  });
});

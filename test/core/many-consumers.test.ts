import { describe, expect, it } from 'vitest';
import { init, np, type NDArray } from 'quiverjs';

describe('an array used by a loop that keeps every result alive', () => {
  it('records 2^18 live consumers of one array and still evaluates them', async () => {
    await init({ backend: 'js' });
    const x = np.arange(4, { dtype: 'float64' });
    const results: NDArray[] = [];
    for (let i = 0; i < 2 ** 18; i++) results.push(x.add(i));
    expect(Array.from(await results[2 ** 18 - 1]!.data())).toEqual([262143, 262144, 262145, 262146]);
    expect(Array.from(await x.data())).toEqual([0, 1, 2, 3]);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';
import { randomBits } from '../../src/kernel/philox.js';

afterAll(async () => {
  await init({ backend: 'js' });
});

describe('np.randomBits', () => {
  it('gives element i the Philox word at counter (i, stream), fused or not', async () => {
    const want = Array.from({ length: 6 }, (_, i) => randomBits(i, 7, 9, 3, 1));
    for (const fuse of [true, false]) {
      await init({ backend: 'js', fuse });
      expect(Array.from(await np.randomBits([7, 9], [2, 3], { stream: 3, word: 1 }).data())).toEqual(want);
    }
  });

  it('numbers elements before any view, so a transposed draw is the transpose of the draw', async () => {
    await init({ backend: 'js' });
    const bits = np.randomBits([1, 2], [3, 4]);
    const direct = (await bits.toArray()) as number[][];
    const viaView = (await np.randomBits([1, 2], [3, 4]).T.add(0).toArray()) as number[][];
    expect(viaView).toEqual(direct[0]!.map((_, j) => direct.map((row) => row[j])));
  });

  it('fuses the draw into the kernel that uses it, and compiles once across keys', async () => {
    await init({ backend: 'js' });
    const mean = (k: number) => np.randomBits([k, 0], [1000]).astype('float64').mul(2 ** -32).mean();
    expect(mean(1).plan().steps.map((s) => s.program.kind)).toEqual(['reduce']);
    expect(mean(1).plan().steps[0]!.hash).toBe(mean(2).plan().steps[0]!.hash);
    const m = await mean(5).item();
    expect(Math.abs((m as number) - 0.5)).toBeLessThan(0.05);
  });

  it('refuses keys that are not two uint32 integers', () => {
    expect(() => np.randomBits([1, -1], [2])).toThrow(/randomBits: key must be two uint32 integers, got \[1,-1\]/);
    expect(() => np.randomBits([1, 2], [2], { word: 4 })).toThrow(/word must be 0, 1, 2 or 3/);
  });
});

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { init } from 'quiverjs';
import { TEST_BACKEND, TEST_INIT } from '../helpers/backend.js';
import { build, close, recipeOf, type Recipe } from '../helpers/recipes.js';

afterAll(async () => {
  await init({ backend: 'js' });
});

const recipeArb = recipeOf([2, 0.5, -1]);

/** Builds and reads a recipe fused on the backend under test, or unfused on the js reference; shape errors (a random broadcast that does not fit) count as an outcome too. */
async function outcome(r: Recipe, fuse: boolean) {
  await init(fuse ? TEST_INIT : { backend: 'js', fuse: false });
  try {
    const x = await build(r);
    return { dtype: x.dtype, shape: x.shape, values: Array.from(await x.data()) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe(`fused evaluation on ${TEST_BACKEND} agrees with the unfused js reference (property-based)`, () => {
  it('on random expressions over random shapes, views, broadcasts and dtypes with NaN, Inf and -0', async () => {
    await fc.assert(
      fc.asyncProperty(recipeArb, async (r) => {
        const fused = await outcome(r, true);
        const plain = await outcome(r, false);
        if ('error' in plain || 'error' in fused) {
          expect(fused).toEqual(plain);
          return;
        }
        expect(fused.dtype).toBe(plain.dtype);
        expect(fused.shape).toEqual(plain.shape);
        const bad = plain.values.flatMap((v, i) => (close(v, fused.values[i]!, plain.dtype) ? [] : [`[${i}] unfused ${v} fused ${fused.values[i]}`]));
        expect(bad).toEqual([]);
      }),
      { numRuns: 300, seed: 424242 },
    );
  });
});

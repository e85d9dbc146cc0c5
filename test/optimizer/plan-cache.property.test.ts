import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { counters, init } from 'quiverjs';
import { TEST_BACKEND, TEST_INIT } from '../helpers/backend.js';
import { build, recipeOf, type Recipe } from '../helpers/recipes.js';

afterAll(async () => {
  await init(TEST_INIT);
});

/** Scalars that rewrite rules read (2 and 1 as exponents and identities, 0) and parameters (0.5, 2.5, -1); leaves that are strided views computed earlier. */
const recipeArb = recipeOf([2, 0.5, -1, 1, 0, 2.5], { stored: true });

/** A recipe built in `variant` (other data, other fractional scalars) and read; an error counts as an outcome too. */
async function outcome(r: Recipe, variant: number) {
  try {
    const x = await build(r, variant);
    return { dtype: x.dtype, shape: x.shape, values: Array.from(await x.data(), Number) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe(`plans from the plan cache on ${TEST_BACKEND} compute what the optimizer's own plans do (property-based)`, () => {
  it('gives random expressions, evaluated twice on different data and scalars, the values of evaluation without the plan cache', async () => {
    await init(TEST_INIT);
    const hitsBefore = counters().planHits;
    await fc.assert(
      fc.asyncProperty(recipeArb, async (r) => {
        await init(TEST_INIT);
        const cached = [await outcome(r, 0), await outcome(r, 1)];
        await init({ ...TEST_INIT, planCache: false });
        const planned = [await outcome(r, 0), await outcome(r, 1)];
        expect(cached).toEqual(planned);
      }),
      { numRuns: 200, seed: 131313 },
    );
    await init(TEST_INIT);
    expect(counters().planHits).toBeGreaterThan(hitsBefore);
  });
});

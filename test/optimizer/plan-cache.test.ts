/**
 * The plan cache (#13): evaluating an expression of one structure on new data reuses the
 * plan made the first time, and anything the optimizer decides on (shapes, dtypes,
 * broadcasts, which leaves are one array, the leaves' strides, scalars a rewrite rule
 * reads) makes a new one. Results are compared with the same evaluation under
 * init({ planCache: false }), which runs the optimizer every time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counters, init, np, type NDArray } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

afterAll(async () => {
  await init(TEST_INIT);
});

const N = 1000;
const valuesAt = (seed: number, n = N) => Array.from({ length: n }, (_, i) => Math.sin((i + 1) * 12.9898 + seed * 78.233) * 3);

/** The bench's 10-op expression: sqrt(|2.5x - 1|) + exp(-x²) - log1p(x²). */
function tenOps(x: NDArray): NDArray {
  const sq = x.mul(x);
  return x.mul(2.5).sub(1).abs().sqrt().add(sq.neg().exp()).sub(sq.log1p());
}

/** Evaluates `build`, returning its values and how many plans were made (misses) and reused (hits) doing so. */
async function evaluate(build: () => NDArray): Promise<{ values: number[]; misses: number; hits: number }> {
  const before = counters();
  const result = build();
  const values = Array.from(await result.data(), Number);
  result.dispose();
  const after = counters();
  return { values, misses: after.planMisses - before.planMisses, hits: after.planHits - before.planHits };
}

/** The values of `build` with the optimizer run afresh (init({ planCache: false })). */
async function uncached(build: () => NDArray): Promise<number[]> {
  await init({ ...TEST_INIT, planCache: false });
  try {
    return (await evaluate(build)).values;
  } finally {
    await init(TEST_INIT);
  }
}

/** Evaluates `first` and then `second`, and says whether the second made a plan of its own; both values must match uncached runs. */
async function secondMisses(first: () => NDArray, second: () => NDArray): Promise<boolean> {
  await evaluate(first);
  const { values, misses } = await evaluate(second);
  expect(values).toEqual(await uncached(second));
  return misses === 1;
}

describe('the plan cache', () => {
  it('runs the optimizer once for 100 evaluations of one expression on fresh data, with the values of uncached runs', async () => {
    const seeds = Array.from({ length: 100 }, (_, i) => 1000 + i);
    const before = counters();
    const cached: number[][] = [];
    for (const seed of seeds) cached.push((await evaluate(() => tenOps(np.array(valuesAt(seed))))).values);
    const after = counters();
    expect(after.planMisses - before.planMisses).toBe(1);
    expect(after.planHits - before.planHits).toBe(99);
    await init({ ...TEST_INIT, planCache: false });
    for (const [k, seed] of seeds.entries()) expect((await evaluate(() => tenOps(np.array(valuesAt(seed))))).values).toEqual(cached[k]);
    await init(TEST_INIT);
  });

  it('reuses a plan for another scalar and computes with the new scalar', async () => {
    const x = valuesAt(1);
    const first = await evaluate(() => np.array(x).mul(2.5).add(-0.75));
    const second = await evaluate(() => np.array(x).mul(3.5).add(-1.25));
    expect(second.hits).toBe(1);
    expect(second.values).toEqual(x.map((v) => v * 3.5 + -1.25));
  });

  it('makes a new plan for another shape or dtype', async () => {
    expect(await secondMisses(() => tenOps(np.array(valuesAt(2))), () => tenOps(np.array(valuesAt(2, N - 1))))).toBe(true);
    expect(await secondMisses(() => tenOps(np.array(valuesAt(3))), () => tenOps(np.array(valuesAt(3), 'float32')))).toBe(true);
  });

  it('makes a new plan for another broadcast of the same leaf shapes', async () => {
    const a = () => np.array(valuesAt(4, 4)).reshape(4, 1);
    const b = () => np.array(valuesAt(5, 4)).reshape(1, 4);
    expect(await secondMisses(() => a().add(b()), () => b().add(a()))).toBe(true);
  });

  it('makes a new plan when one array is used twice where two were used', async () => {
    const x = np.array(valuesAt(6));
    const y = np.array(valuesAt(7));
    expect(await secondMisses(() => x.mul(y).sub(y), () => x.mul(x).sub(y))).toBe(true);
    x.dispose();
    y.dispose();
  });

  it('makes a new plan for a computed transposed or reversed view read in place of contiguous data', async () => {
    const grid = np.array(valuesAt(8, 12)).reshape(3, 4);
    const [tall, wide] = [np.array(valuesAt(9, 12)).reshape(4, 3), np.array(valuesAt(10, 12)).reshape(3, 4)];
    const [transposed, reversed] = [grid.T, grid.flip(0)];
    await Promise.all([transposed, reversed, tall, wide].map((a) => a.data()));
    expect(await secondMisses(() => tall.mul(2.5), () => transposed.mul(2.5))).toBe(true);
    expect(await secondMisses(() => wide.mul(2.5), () => reversed.mul(2.5))).toBe(true);
    expect(await secondMisses(() => wide.mul(2.5), () => wide.mul(3.5))).toBe(false);
    for (const a of [grid, tall, wide]) a.dispose();
  });

  it('makes a new plan for a scalar a rewrite rule reads: x * 1 folds away, x ** 2 becomes x * x', async () => {
    const x = np.array(valuesAt(11));
    expect(await secondMisses(() => x.mul(2.5), () => x.mul(1))).toBe(true);
    expect(await secondMisses(() => x.pow(2.5), () => x.pow(2))).toBe(true);
    x.dispose();
  });

  it('makes a new plan for a scalar that constant folding computes with, x ** 0 being the constant 1', async () => {
    const x = np.array(valuesAt(12));
    expect(await secondMisses(() => x.add(np.full([], 2.5).mul(3)), () => x.add(np.full([], 3.5).mul(3)))).toBe(true);
    expect(await secondMisses(() => x.pow(0).add(2.5), () => x.pow(0).add(3.5))).toBe(true);
    x.dispose();
  });

  it('makes a new plan for a scalar equal to one that constant folding computes with, as cse merges the two', async () => {
    const x = np.array(valuesAt(14));
    expect(await secondMisses(() => np.full([], 2.5).mul(3).add(x.mul(2.5)), () => np.full([], 2.5).mul(3).add(x.mul(4.5)))).toBe(true);
    x.dispose();
  });

  it('makes a new plan when two scalars become equal, as common subexpressions merge', async () => {
    const x = np.array(valuesAt(13));
    expect(await secondMisses(() => x.mul(2.5).add(x.mul(3.5)), () => x.mul(2.5).add(x.mul(2.5)))).toBe(true);
    x.dispose();
  });
});

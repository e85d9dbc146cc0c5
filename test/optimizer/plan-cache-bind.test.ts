/**
 * The plan cache binds a cached plan to each graph's scalars (#13). A loop that keeps its
 * scalars gets the step it bound last, the same object, so backends that cache work by
 * program (the wasm encoding) find it; another scalar gets a step of its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, type NDArray } from 'quiverjs';
import { PlanCache } from '../../src/optimizer/plan-cache.js';
import { realizedOf } from '../../src/runtime/node-state.js';
import { TEST_INIT } from '../helpers/backend.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

const planOf = (cache: PlanCache, a: NDArray) => cache.plan([a.node()], realizedOf);

describe('binding a cached plan', () => {
  it('hands back the step it bound last while the scalars stay the same, and a new one for another scalar', () => {
    const cache = new PlanCache(8);
    const data = (seed: number) => np.array(Array.from({ length: 16 }, (_, i) => i * seed));
    const first = planOf(cache, data(1).mul(2.5).sub(1));
    const again = planOf(cache, data(2).mul(2.5).sub(1));
    expect(planOf(cache, data(3).mul(2.5).sub(1)).steps[0]).toBe(again.steps[0]);
    const other = planOf(cache, data(4).mul(3.5).sub(1));
    expect(cache.misses).toBe(1);
    expect(other.steps[0]).not.toBe(again.steps[0]);
    expect(other.steps[0]!.hash).toBe(first.steps[0]!.hash);
  });
});

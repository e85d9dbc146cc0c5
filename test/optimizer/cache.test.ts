import { beforeAll, describe, expect, it } from 'vitest';
import { counters, init, np, type NDArray } from 'quiverjs';

beforeAll(async () => {
  await init({ backend: 'js' });
});

const fresh = (n: number, seed: number) => np.array(Float64Array.from({ length: n }, (_, i) => Math.cos(i * seed)));
const expression = (a: NDArray, b: NDArray) => a.mul(b).add(1).exp().sum({ axis: 0 }).div(3);

describe('compiled kernels are cached by canonical hash', () => {
  it('compiles an expression once however often it runs on new data', async () => {
    await expression(fresh(64, 1).reshape(8, 8), fresh(64, 2).reshape(8, 8)).data();
    const before = counters();
    for (let i = 0; i < 20; i++) await expression(fresh(64, i + 3).reshape(8, 8), fresh(64, i + 4).reshape(8, 8)).data();
    const after = counters();
    expect(after.compiles - before.compiles).toBe(0);
    expect(after.launches - before.launches).toBe(20);
  });

  it('gives the same hash whatever order the nodes were created in', () => {
    const a = fresh(16, 1);
    const b = fresh(16, 2);
    const x = a.exp();
    const y = b.sqrt();
    const first = x.add(y).plan().steps[0]!.hash;
    const y2 = fresh(16, 3).sqrt();
    const x2 = fresh(16, 4).exp();
    expect(x2.add(y2).plan().steps[0]!.hash).toBe(first);
  });

  it('compiles again when the expression or a view changes', async () => {
    const a = fresh(16, 1).reshape(4, 4);
    const base = a.add(1).plan().steps[0]!.hash;
    expect(a.mul(1.5).plan().steps[0]!.hash).not.toBe(base);
    expect(a.T.add(1).plan().steps[0]!.hash).not.toBe(base);
  });

  it('shares a subexpression written twice (common subexpression elimination)', () => {
    const a = fresh(16, 1);
    const twice = a.exp().add(a.exp());
    const step = twice.plan().steps[0]!;
    expect(step.ops.filter((o) => o === 'exp')).toHaveLength(1);
  });

  it('folds constants and drops exact identities', () => {
    const a = fresh(16, 1);
    expect(np.full([16], 2).mul(3).add(a).mul(1).plan().steps[0]!.ops).toEqual(['add']);
    expect(a.neg().neg().plan().steps).toEqual([]);
    // x + 0 is not x when x is -0, so it stays; x + (-0) is x.
    expect(a.add(0).plan().steps[0]!.ops).toEqual(['add']);
    expect(a.add(-0).plan().steps).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, risk, type Plan } from 'quiverjs';

beforeAll(async () => {
  await init({ backend: 'js' });
});

const data = (n: number, seed = 1) => np.array(Float64Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 43758.5453 % 1));
const kinds = (p: Plan) => p.steps.map((s) => s.program.kind);
/** How many times the plan's kernels compute `op`. */
const times = (p: Plan, op: string) => p.steps.flatMap((s) => s.ops).filter((o) => o === op).length;

describe('a costly value several outputs read', () => {
  it("computes Black-Scholes' price and five greeks in one kernel with six outputs, each cdf term once", () => {
    const n = 1000;
    const g = risk.blackScholes({
      spot: data(n, 1).add(100), strike: data(n, 2).add(100), time: data(n, 3).abs().add(0.1),
      vol: data(n, 4).abs().add(0.1), call: data(n, 5).greater(0), rate: 0.03, dividend: 0.01,
    });
    const plan = np.plan(g.price, g.delta, g.gamma, g.vega, g.theta, g.rho);
    expect(kinds(plan)).toEqual(['map']);
    expect(plan.steps[0]!.program.outputs).toHaveLength(6);
    expect(plan.steps[0]!.bytesWritten).toBe(6 * n * 8);
    expect([times(plan, 'erfc'), times(plan, 'exp'), times(plan, 'log')]).toEqual([2, 3, 1]);
  });

  it('shares a costly prologue between two reductions of one pass', () => {
    const e = data(100).exp();
    const plan = np.plan(e.sum(), e.max());
    expect(kinds(plan)).toEqual(['reduce']);
    expect(times(plan, 'exp')).toBe(1);
  });

  it('stores it once when its readers cannot share a kernel, one needing a reduction of the other', async () => {
    const x = data(100);
    const e = x.exp();
    const y = e.add(1);
    const w = e.mul(y.sum());
    const plan = np.plan(y, w);
    expect(times(plan, 'exp')).toBe(1);
    const xs = Array.from(await x.data());
    const total = xs.reduce((s, v) => s + Math.exp(v) + 1, 0);
    const [ys, ws] = await np.compute(y, w);
    expect(Array.from(ys!)).toEqual(xs.map((v) => Math.exp(v) + 1));
    Array.from(ws!).forEach((v, i) => expect(v).toBeCloseTo(Math.exp(xs[i]!) * total, 9));
  });

  it('stays stored when a reader broadcasts it', () => {
    const col = data(4).exp().reshape(4, 1);
    const plan = np.plan(col.add(data(12).reshape(4, 3)), col.mul(2));
    expect(times(plan, 'exp')).toBe(1);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, type NDArray, type Plan } from 'quiverjs';

beforeAll(async () => {
  await init({ backend: 'js' });
});

const data = (n: number, seed = 1) => np.array(Float64Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 43758.5453 % 1));
const kinds = (p: Plan) => p.steps.map((s) => s.program.kind);

/** Standard normal CDF written with the public API, as a user would. */
const N = (x: NDArray) => x.div(Math.SQRT2).erf().add(1).mul(0.5);

function blackScholesCall(S: NDArray, K: NDArray, T: NDArray, r: NDArray, v: NDArray): NDArray {
  const sq = T.sqrt();
  const d1 = S.div(K).log().add(r.add(v.mul(v).mul(0.5)).mul(T)).div(v.mul(sq));
  const d2 = d1.sub(v.mul(sq));
  return S.mul(N(d1)).sub(K.mul(r.neg().mul(T).exp()).mul(N(d2)));
}

describe('fusion pins the plan', () => {
  it('prices Black-Scholes on five arrays in one kernel reading each input once', async () => {
    const n = 64;
    const [S, K, T, r, v] = [data(n, 1).add(100), data(n, 2).add(100), data(n, 3).abs().add(0.1), data(n, 4).mul(0.01), data(n, 5).abs().add(0.1)];
    const inputs = await Promise.all([S, K, T, r, v].map(async (a) => np.array(await a.data())));
    const call = blackScholesCall(...(inputs as [NDArray, NDArray, NDArray, NDArray, NDArray]));
    const plan = call.plan();
    expect(kinds(plan)).toEqual(['map']);
    const step = plan.steps[0]!;
    expect(step.program.kind === 'map' && step.program.body.loads.length).toBe(5);
    expect(step.bytesRead).toBe(5 * n * 8);
    expect(step.bytesWritten).toBe(n * 8);
    expect(step.ops).toContain('erf');
  });

  it("matches Hull's textbook call price", async () => {
    const a = (x: number) => np.array([x]);
    const call = blackScholesCall(a(42), a(40), a(0.5), a(0.1), a(0.2));
    expect(await call.item()).toBeCloseTo(4.76, 2);
  });

  it('computes sum((a - b) ** 2) in one reduce kernel', () => {
    const a = data(1000, 1);
    const b = data(1000, 2);
    const plan = a.sub(b).pow(2).sum().plan();
    expect(kinds(plan)).toEqual(['reduce']);
    expect(plan.steps[0]!.ops).toEqual(['sum', 'sub', 'mul']);
    expect(plan.steps[0]!.bytesWritten).toBe(8);
  });

  it('reads x once for its mean and std computed together', () => {
    const x = data(4096);
    const plan = np.plan(x.mean(), x.std());
    expect(kinds(plan)).toEqual(['reduce']);
    expect(plan.steps[0]!.bytesRead).toBe(4096 * 8);
  });

  it('reads a transposed, broadcast and strided view in one kernel without copies', () => {
    const a = data(12).reshape(4, 3);
    const b = data(12, 2).reshape(3, 4);
    const plan = a.T.add(b).slice('::2').plan();
    expect(kinds(plan)).toEqual(['map']);
    const p = plan.steps[0]!.program;
    expect(p.kind === 'map' && p.body.loads.map((l) => l.view.strides)).toEqual([[2, 3], [8, 1]]);
  });

  it('fuses a mean into its epilogue and a matmul bias into the matmul', () => {
    const x = data(12).reshape(3, 4);
    expect(kinds(x.mean({ axis: 0 }).mul(2).plan())).toEqual(['reduce']);
    const w = data(8).reshape(4, 2);
    expect(kinds(x.mul(2).matmul(w).add(1).plan())).toEqual(['contraction']);
  });

  it('stores a costly node read by two kernels once, and recomputes a cheap one', () => {
    const x = data(100);
    const costly = x.exp().sin();
    expect(kinds(np.plan(costly.sum(), costly.cumsum())).sort()).toEqual(['map', 'reduce', 'scan']);
    const cheap = x.add(1);
    expect(kinds(np.plan(cheap.sum(), cheap.cumsum())).sort()).toEqual(['reduce', 'scan']);
  });

  it('writes several outputs of one shape in one pass when they share inputs', () => {
    const x = data(100);
    const y = data(100, 2);
    expect(kinds(np.plan(x.add(y), x.mul(y).exp()))).toEqual(['map']);
  });

  it('makes a transposed view contiguous once before flattening it, as NumPy copies', async () => {
    const x = data(12).reshape(3, 4);
    const flat = x.T.reshape(-1);
    expect(kinds(flat.plan())).toEqual(['map']);
    const rows = (await x.toArray()) as number[][];
    expect(Array.from(await flat.data())).toEqual([0, 1, 2, 3].flatMap((j) => rows.map((r) => r[j]!)));
  });

  it('fuses an elementwise prologue into sort and take', async () => {
    const x = data(12).reshape(3, 4);
    expect(kinds(x.T.mul(-1).sort().plan())).toEqual(['opaque']);
    expect(kinds(np.take(x.exp(), np.array([2, 0], 'int32'), 1).plan())).toEqual(['opaque']);
    const rows = (await x.toArray()) as number[][];
    const want = rows[0]!.map((_, j) => rows.map((r) => -r[j]!).sort((a, b) => a - b));
    expect(await x.T.mul(-1).sort().toArray()).toEqual(want);
  });

  it('runs no kernel for a view of data', () => {
    const x = data(12).reshape(3, 4);
    expect(x.T.slice('1:').plan().steps).toEqual([]);
  });

  it('reads a requested view of a matmul or a reduction through the view, with no copy kernel', async () => {
    const x = data(12).reshape(4, 3);
    const w = data(3, 2);
    const daily = x.matmul(w.reshape(3, 1)).reshape(4);
    const total = x.sum(0, { keepdims: true }).T;
    const plan = np.plan(daily, total);
    expect(kinds(plan).sort()).toEqual(['contraction', 'reduce']);
    const rows = (await x.toArray()) as number[][];
    const ws = Array.from(await w.data());
    expect(Array.from(await daily.data())).toEqual(rows.map((r) => r.reduce((s, v, j) => s + v * ws[j]!, 0)));
    expect(await total.toArray()).toEqual(rows[0]!.map((_, j) => [rows.reduce((s, r) => s + r[j]!, 0)]));
  });

  it('frees intermediates after their last reader', () => {
    const x = data(100);
    const plan = np.plan(x.exp().sin().sum(), x.exp().sin().cumsum());
    const temp = plan.steps[0]!.program.outputs[0]!;
    const id = plan.steps[0]!.slots[temp.slot]!;
    expect(plan.steps.at(-1)!.frees).toContain(id);
  });

  it('explains the plan in readable text', () => {
    const text = data(8).mul(2).sum().explain();
    expect(text).toMatch(/^plan: 1 kernel, reads 64 B, writes 8 B/);
    expect(text).toMatch(/#0 reduce \[sum\] over axes \(0,\) of \(8,\)/);
    expect(text).toMatch(/in  b0 float64 data \(8,\) strides \(1,\)/);
    expect(data(8).add(1).toDot()).toMatch(/^digraph quiver \{/);
  });
});

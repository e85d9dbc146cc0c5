import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, risk, type Greeks } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { decodeAll, expectClose, fixture, seeded, values } from './helpers.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

async function read(g: Greeks): Promise<Record<keyof Greeks, number[]>> {
  const keys = Object.keys(g) as (keyof Greeks)[];
  const arrays = await np.compute(...keys.map((k) => g[k]));
  return Object.fromEntries(keys.map((k, i) => [k, Array.from(arrays[i]!, Number)])) as Record<keyof Greeks, number[]>;
}

describe('Black-Scholes-Merton', () => {
  it('gives NaN for the price and every greek where σ or T is not positive, as documented', async () => {
    const g = await read(risk.blackScholes({ spot: 100, strike: 100, rate: 0.01, vol: [-0.2, 0, 0.2, 0.2, 0.2], time: [1, 1, 0, -1, 1] }));
    for (const k of Object.keys(g) as (keyof Greeks)[]) {
      expect(g[k].slice(0, 4).every(Number.isNaN), k).toBe(true);
      expect(Number.isFinite(g[k][4]), k).toBe(true);
    }
  });

  it("reproduces Hull's example 15.6: S 42, K 40, r 10%, σ 20%, T 0.5 gives c 4.76 and p 0.81", async () => {
    const { price } = risk.blackScholes({ spot: 42, strike: 40, time: 0.5, rate: 0.1, vol: 0.2, call: [true, false] });
    const [c, p] = await values(price);
    expect(c).toBeCloseTo(4.76, 2);
    expect(p).toBeCloseTo(0.81, 2);
  });

  it("reproduces Hull's greeks for S 49, K 50, r 5%, σ 20%, T 20 weeks (examples 19.1-19.6)", async () => {
    const g = await read(risk.blackScholes({ spot: 49, strike: 50, time: 0.3846, rate: 0.05, vol: 0.2 }));
    expect(g.price[0]).toBeCloseTo(2.4, 2); // Hull: about $2.40
    expect(g.delta[0]).toBeCloseTo(0.522, 3);
    expect(g.gamma[0]).toBeCloseTo(0.066, 3);
    expect(g.vega[0]).toBeCloseTo(12.1, 1);
    expect(g.theta[0]! / 365).toBeCloseTo(-0.0118, 4); // -4.31 per year
    expect(g.rho[0]).toBeCloseTo(8.91, 2);
  });

  it('matches 50-digit mpmath values for random calls and puts with dividend yields', async () => {
    const o = fixture.options;
    const g = await read(risk.blackScholes({
      spot: decodeAll(o.spot), strike: decodeAll(o.strike), time: decodeAll(o.time), rate: decodeAll(o.rate),
      vol: decodeAll(o.vol), dividend: decodeAll(o.dividend), call: o.call,
    }));
    for (const k of ['price', 'delta', 'gamma', 'vega', 'theta', 'rho'] as const) {
      expectClose(g[k], decodeAll(o[k]), { rtol: 1e-12, atol: 1e-12 });
    }
  });

  it('satisfies put-call parity, C - P = S e^{-qT} - K e^{-rT}', async () => {
    const u = seeded(9);
    const n = 200;
    const S = Array.from({ length: n }, () => 50 + 100 * u());
    const K = S.map((s) => s * Math.exp(u() - 0.5));
    const T = S.map(() => 0.01 + 2 * u());
    const inputs = { spot: S, strike: K, time: T, rate: 0.03, vol: 0.3, dividend: 0.015 };
    const c = await values(risk.blackScholes({ ...inputs, call: true }).price);
    const p = await values(risk.blackScholes({ ...inputs, call: false }).price);
    expectClose(c.map((ci, i) => ci - p[i]!), S.map((s, i) => s * Math.exp(-0.015 * T[i]!) - K[i]! * Math.exp(-0.03 * T[i]!)), { rtol: 1e-12, atol: 1e-11 });
  });

  it('has greeks that are the derivatives of the price (central differences)', async () => {
    const base = { spot: 100, strike: 95, time: 0.75, rate: 0.04, vol: 0.25, dividend: 0.02 };
    for (const call of [true, false]) {
      const g = await read(risk.blackScholes({ ...base, call }));
      const price = async (d: Partial<typeof base>) => (await risk.blackScholes({ ...base, ...d, call }).price.item()) as number;
      const h = 1e-4;
      const diff = async (k: keyof typeof base) => ((await price({ [k]: base[k] + h })) - (await price({ [k]: base[k] - h }))) / (2 * h);
      expect(g.delta[0]).toBeCloseTo(await diff('spot'), 7);
      expect(g.vega[0]).toBeCloseTo(await diff('vol'), 6);
      expect(g.rho[0]).toBeCloseTo(await diff('rate'), 6);
      expect(g.theta[0]).toBeCloseTo(-(await diff('time')), 6);
      const second = ((await price({ spot: 100 + 0.01 })) - 2 * g.price[0]! + (await price({ spot: 100 - 0.01 }))) / 1e-4;
      expect(g.gamma[0]).toBeCloseTo(second, 5);
    }
  });

  it('broadcasts arrays against scalars and evaluates all six outputs in one elementwise kernel', () => {
    const g = risk.blackScholes({ spot: np.ones([1000]).mul(100), strike: np.linspace(80, 120, 1000), time: 0.5, rate: 0.02, vol: 0.2 });
    expect(g.price.shape).toEqual([1000]);
    const plan = np.plan(g.price, g.delta, g.gamma, g.vega, g.theta, g.rho);
    expect(plan.steps.map((s) => s.program.kind)).toEqual(['map']);
  });
});

describe('implied volatility', () => {
  it('recovers the volatility that priced each option, for calls and puts in and out of the money', async () => {
    const u = seeded(10);
    const n = 2000;
    const S = Array.from({ length: n }, () => 50 + 100 * u());
    const inputs = {
      spot: S,
      strike: S.map((s) => s * Math.exp(0.6 * (u() - 0.5))),
      time: S.map(() => 0.1 + 2 * u()),
      rate: 0.03,
      dividend: 0.01,
      call: S.map(() => u() < 0.5),
    };
    const vol = S.map(() => 0.15 + 0.7 * u());
    const price = risk.blackScholes({ ...inputs, vol }).price;
    const iv = await risk.impliedVol({ ...inputs, price });
    expect(iv.outOfBounds).toBe(0);
    expect(iv.unconverged).toBe(0);
    expect(iv.maxRelativeError).toBeLessThanOrEqual(1e-10);
    expect(iv.iterations).toBeLessThanOrEqual(10);
    expect(iv.unconvergedByIteration[0]).toBe(n);
    expectClose(await values(iv.vol), vol, { rtol: 1e-6 });
  });

  it('gives NaN and counts the prices no volatility can produce', async () => {
    // Below intrinsic value, at it exactly, above the spot, and a sane one.
    const iv = await risk.impliedVol({ price: [5, 10, 120, 12], spot: 110, strike: 100, time: 1, rate: 0, call: true });
    const vol = await values(iv.vol);
    expect(vol.slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(vol[3]).toBeGreaterThan(0);
    expect(iv.outOfBounds).toBe(3);
    expect(Array.from(await iv.converged.data())).toEqual([0, 0, 0, 1]);
  });

  it('stops at maxIterations and reports what did not converge', async () => {
    const iv = await risk.impliedVol({ price: [3, 7], spot: 100, strike: 100, time: 0.5, rate: 0.01 }, { maxIterations: 1 });
    expect(iv.iterations).toBe(1);
    expect(iv.unconverged).toBe(2);
    await expect(risk.impliedVol({ price: 1, spot: 1, strike: 1, time: 1, rate: 0 }, { tolerance: 0 })).rejects.toThrow(/impliedVol: tolerance must be positive, got 0/);
  });
});

describe('dtypes', () => {
  it('prices float32 options in float32, so a GPU can run them', async () => {
    const f32 = (xs: number[]) => np.array(xs, 'float32');
    const g = risk.blackScholes({ spot: f32([42, 100]), strike: f32([40, 95]), time: f32([0.5, 1]), rate: 0.1, vol: f32([0.2, 0.3]), call: np.array([true, false]) });
    for (const k of ['price', 'delta', 'gamma', 'vega', 'theta', 'rho'] as const) expect(g[k].dtype).toBe('float32');
    expect((await g.price.data())[0]).toBeCloseTo(4.7594, 3);
  });
});

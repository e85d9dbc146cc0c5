/**
 * Repricing a book under a ladder of spot shocks, the daily loop of risk code (#14): the
 * shock is a kernel parameter, so the loop compiles once; and computing every shock's
 * prices together shares what does not depend on the spot. Prices are checked against
 * plain-JS Black-Scholes within 1e-9 relative (float64 everywhere; webgpu runs float64
 * on its CPU backend).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { counters, init, np, risk, type NDArray } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { normalCdfScalar as normCdf } from './normal-oracle.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

const N = 500;
const RATE = 0.03;
const DIVIDEND = 0.01;
const SHOCKS = Array.from({ length: 20 }, (_, i) => 0.81 + 0.02 * i);
const book = {
  spot: Float64Array.from({ length: N }, (_, i) => 80 + (i % 41)),
  strike: Float64Array.from({ length: N }, (_, i) => 85 + (i % 29)),
  time: Float64Array.from({ length: N }, (_, i) => 0.1 + (i % 19) / 10),
  vol: Float64Array.from({ length: N }, (_, i) => 0.1 + (i % 13) / 40),
};

/** A pricer over fresh arrays of the book, so nothing an earlier test computed is reused. */
function pricer(): (shock: number) => NDArray {
  const [spot, strike, time, vol] = [book.spot, book.strike, book.time, book.vol].map((a) => np.array(a)) as [NDArray, NDArray, NDArray, NDArray];
  return (shock) => risk.blackScholes({ spot: spot.mul(shock), strike, time, vol, rate: RATE, dividend: DIVIDEND }).price;
}

function plainCall(i: number, shock: number): number {
  const s = book.spot[i]! * shock;
  const [k, t, v] = [book.strike[i]!, book.time[i]!, book.vol[i]!];
  const d1 = (Math.log(s / k) + (RATE - DIVIDEND + 0.5 * v * v) * t) / (v * Math.sqrt(t));
  return s * Math.exp(-DIVIDEND * t) * normCdf(d1) - k * Math.exp(-RATE * t) * normCdf(d1 - v * Math.sqrt(t));
}

function expectPrices(got: ArrayLike<number>, shock: number): void {
  const bad = Array.from(got).findIndex((p, i) => Math.abs(p - plainCall(i, shock)) > 1e-9 * Math.max(1, Math.abs(plainCall(i, shock))));
  expect(bad < 0 ? 'all close' : `shock ${shock}: option ${bad} priced ${got[bad]}, expected ${plainCall(bad, shock)}`).toBe('all close');
}

describe('a loop of spot shocks over one book', () => {
  it('compiles for the first shock only, each shock priced right', async () => {
    const priced = pricer();
    expectPrices(await priced(SHOCKS[0]!).data(), SHOCKS[0]!);
    const before = counters().compiles;
    for (const shock of SHOCKS.slice(1)) expectPrices(await priced(shock).data(), shock);
    expect(counters().compiles - before).toBe(0);
  });

  it('computes what the shocks share once when they are computed together', async () => {
    const prices = SHOCKS.map(pricer());
    const ops = np.plan(...prices).steps.flatMap((s) => s.ops);
    const count = (op: string) => ops.filter((o) => o === op).length;
    // √T, and the two discount factors e^{-qT} and e^{-rT}: one each, not one per shock.
    expect(count('sqrt')).toBe(1);
    expect(count('exp')).toBe(2);
    // Φ(d1) and Φ(d2) depend on the spot: two per shock.
    expect(count('erfc')).toBe(2 * SHOCKS.length);
    (await np.compute(...prices)).forEach((p, k) => expectPrices(p as Float64Array, SHOCKS[k]!));
  });
});

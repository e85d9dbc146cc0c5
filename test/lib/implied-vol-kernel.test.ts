/**
 * The impliedVol op (one kernel; each element iterates on its own) against a plain-JS
 * loop that runs the same per-option algorithm with an independent normal cdf
 * (normal-oracle.ts), on whichever backend this project runs (js, wasm with 1 and 2
 * threads, webgpu): random books with deep in- and out-of-the-money options, prices with
 * no time value or above the bound, NaNs, float64 and float32 inputs. The report's
 * fields are checked against the per-element counts they summarise.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backend, init, np, risk, type ImpliedVolResult } from 'quiverjs';
import { TEST_BACKEND, TEST_INIT } from '../helpers/backend.js';
import { seeded } from './helpers.js';
import { impliedVolSolve } from '../../src/frontend/index.js';
import { normalCdfScalar } from './normal-oracle.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

interface Book {
  price: number[];
  spot: number[];
  strike: number[];
  time: number[];
  call: boolean[];
}
const RATE = 0.03;
const DIVIDEND = 0.01;

/** Black-Scholes-Merton price and vega, the textbook way; NaN where σ or T is not positive, as risk.blackScholes documents. */
function priceVega(call: boolean, S: number, K: number, T: number, r: number, q: number, vol: number): [number, number] {
  if (!(vol > 0 && T > 0)) return [NaN, NaN];
  const d1 = (Math.log(S / K) + (r - q + (vol * vol) / 2) * T) / (vol * Math.sqrt(T));
  const d2 = d1 - vol * Math.sqrt(T);
  const X = S * Math.exp(-q * T);
  const Y = K * Math.exp(-r * T);
  const price = call ? X * normalCdfScalar(d1) - Y * normalCdfScalar(d2) : Y * normalCdfScalar(-d2) - X * normalCdfScalar(-d1);
  return [price, (X * Math.exp(-(d1 * d1) / 2) * Math.sqrt(T)) / Math.sqrt(2 * Math.PI)];
}

interface Solved {
  vol: number;
  iterations: number;
  relativeError: number;
}

/** One option's implied volatility by the algorithm src/lib/implied-vol.ts describes, written out as a loop. */
function oracle(price: number, S: number, K: number, T: number, r: number, q: number, call: boolean, tolerance: number, maxIterations: number): Solved {
  const X = S * Math.exp(-q * T);
  const Y = K * Math.exp(-r * T);
  const itm = call ? X > Y : X < Y;
  const otmCall = call !== itm;
  const target = itm ? price - Math.abs(X - Y) : price;
  if (!(target > 0 && target < (otmCall ? X : Y) && Number.isFinite(T))) return { vol: NaN, iterations: 0, relativeError: 0 };
  const c = otmCall ? target : target + (X - Y);
  const h = c - (X - Y) / 2;
  const disc = h * h - (X - Y) ** 2 / Math.PI;
  const cm = ((h + Math.sqrt(Math.max(disc, 0))) * Math.sqrt(2 * Math.PI)) / (X + Y) / Math.sqrt(T);
  let vol = disc >= 0 && cm > 0 ? cm : Math.max(Math.sqrt((2 * Math.abs(Math.log(X / Y))) / T), 0.2);
  let [lo, hi] = [0, Infinity];
  for (let it = 1; it <= maxIterations; it++) {
    const [p, vega] = priceVega(otmCall, S, K, T, r, q, vol);
    const diff = p - target;
    if (diff > 0) hi = vol;
    if (diff < 0) lo = vol;
    if (Math.abs(diff) <= target * tolerance || hi - lo <= 4 * Number.EPSILON * vol) return { vol, iterations: it, relativeError: Math.abs(diff) / target };
    const w = 1 / vol ** 2 + (2 * p * Math.log(p / target)) / (vega * vol ** 3);
    const newton = w > 0 ? 1 / Math.sqrt(w) : NaN;
    vol = newton > lo && newton < hi ? newton : hi === Infinity ? 2 * vol : (lo + hi) / 2;
  }
  return { vol, iterations: maxIterations, relativeError: Math.abs(priceVega(otmCall, S, K, T, r, q, vol)[0] - target) / target };
}

/**
 * n random options (moneyness e^±1.5, so deep in and out of the money; 1 week to 3 years;
 * vols 5% to 150%) priced exactly, then a few of each kind of bad price: no time value
 * left, above the bound, negative, NaN price, NaN spot, zero and NaN time.
 */
function randomBook(n: number, seed: number): Book {
  const u = seeded(seed);
  const book: Book = { price: [], spot: [], strike: [], time: [], call: [] };
  for (let i = 0; i < n; i++) {
    const S = 20 + 180 * u();
    const K = S * Math.exp(3 * (u() - 0.5));
    const T = 0.02 + 3 * u();
    const call = u() < 0.5;
    const vol = 0.05 + 1.45 * u();
    let price = priceVega(call, S, K, T, RATE, DIVIDEND, vol)[0];
    const X = S * Math.exp(-DIVIDEND * T);
    const Y = K * Math.exp(-RATE * T);
    const intrinsic = Math.max(call ? X - Y : Y - X, 0);
    const bad = u();
    if (bad < 0.03) price = intrinsic;
    else if (bad < 0.05) price = (call ? X : Y) * 1.01;
    else if (bad < 0.06) price = -1;
    else if (bad < 0.07) price = NaN;
    book.price.push(price);
    book.spot.push(bad >= 0.07 && bad < 0.08 ? NaN : S);
    book.strike.push(K);
    book.time.push(bad >= 0.08 && bad < 0.09 ? 0 : bad >= 0.09 && bad < 0.1 ? NaN : T);
    book.call.push(call);
  }
  return book;
}

const f32 = (xs: number[]) => xs.map(Math.fround);

async function solve(book: Book, dtype: 'float32' | 'float64', options: { tolerance: number; maxIterations: number }): Promise<{ iv: ImpliedVolResult; vol: number[]; converged: number[]; iterations: number[] }> {
  const arr = (xs: number[]) => np.array(xs, dtype);
  const iv = await risk.impliedVol(
    { price: arr(book.price), spot: arr(book.spot), strike: arr(book.strike), time: arr(book.time), rate: RATE, dividend: DIVIDEND, call: np.array(book.call) },
    options,
  );
  expect(iv.vol.dtype).toBe(dtype);
  const [vol, converged, iterations] = await np.compute(iv.vol, iv.converged, iv.iterationsPerElement);
  return { iv, vol: Array.from(vol!, Number), converged: Array.from(converged!, Number), iterations: Array.from(iterations!, Number) };
}

/** The report's counts follow from the per-element iteration counts and convergence flags. */
function expectReportOf(iv: ImpliedVolResult, iterations: number[], converged: number[]): void {
  const maxIt = Math.max(0, ...iterations);
  expect(iv.iterations).toBe(maxIt);
  expect(iv.unconvergedByIteration).toEqual(Array.from({ length: maxIt }, (_, k) => iterations.filter((i) => i > k).length));
  const outside = iterations.filter((i) => i === 0).length;
  expect(iv.outOfBounds).toBe(outside);
  expect(iv.unconverged).toBe(iterations.length - outside - converged.filter((c) => c === 1).length);
}

/** WebGPU solves float32 inputs in f32 (float64 ones run on the wasm backend): a few ulps of f32 then move the root. */
const gpuFloat32 = (dtype: string) => TEST_BACKEND === 'webgpu' && dtype === 'float32';

describe.each(['float64', 'float32'] as const)('impliedVol over %s inputs', (dtype) => {
  const tolerance = dtype === 'float64' ? 1e-10 : 1e-6;
  const options = { tolerance, maxIterations: 50 };

  it('agrees with a per-option loop on a random book, bad prices and NaNs included', async () => {
    const raw = randomBook(3000, dtype === 'float64' ? 21 : 22);
    const book = dtype === 'float32' ? { ...raw, price: f32(raw.price), spot: f32(raw.spot), strike: f32(raw.strike), time: f32(raw.time) } : raw;
    const { iv, vol, converged, iterations } = await solve(book, dtype, options);
    // The reference solves in float64 on the (float32) values: the oracle sees the same numbers.
    const expected = book.price.map((p, i) => oracle(p, book.spot[i]!, book.strike[i]!, book.time[i]!, RATE, DIVIDEND, book.call[i]!, tolerance, 50));
    const gpu = gpuFloat32(dtype);
    let compared = 0;
    expected.forEach((e, i) => {
      const where = `option ${i}: price ${book.price[i]}, S ${book.spot[i]}, K ${book.strike[i]}, T ${book.time[i]}, call ${book.call[i]}`;
      if (Number.isNaN(e.vol)) {
        // Out of bounds (0 iterations), or a NaN spot that the bound check lets through and
        // that iterates to maxIterations, as the whole-array iteration did. In f32 a price the
        // bound check rejects by a hair may be accepted, and the other way round.
        if (!gpu) {
          expect(vol[i], where).toBeNaN();
          expect(iterations[i], where).toBe(e.iterations);
        }
        return;
      }
      // Deep out of the money, a price of a few ulps of the spot pins σ only loosely (vega / price tiny).
      const [, vega] = priceVega(true, book.spot[i]!, book.strike[i]!, book.time[i]!, RATE, DIVIDEND, e.vol);
      const price = book.price[i]!;
      // In f32 (WebGPU) a price below a thousandth of the spot is a few ulps of the parity terms it comes from.
      const sized = !gpu || price >= 1e-3 * book.spot[i]!;
      const conditioned = sized && (vega * e.vol) / Math.max(price, 1e-300) > (gpu ? 0.5 : 1e-3) && e.relativeError <= tolerance / 10;
      if (!conditioned) return;
      compared++;
      expect(converged[i], where).toBe(gpu ? converged[i] : 1);
      const rtol = gpu ? 2e-3 : dtype === 'float32' ? 1e-5 : 1e-7;
      if (!(Math.abs(vol[i]! - e.vol) <= rtol * e.vol)) expect.fail(`${where}: vol ${vol[i]}, expected ${e.vol}`);
      if (!gpu && Math.abs(iterations[i]! - e.iterations) > 1) expect.fail(`${where}: ${iterations[i]} iterations, expected ${e.iterations}`);
    });
    expect(compared).toBeGreaterThan(gpu ? 1000 : 1800);
    expectReportOf(iv, iterations, converged);
  });

  it('stops every option at maxIterations and reports the rest as unconverged', async () => {
    const book = randomBook(200, 23);
    const { iv, iterations, converged } = await solve(book, dtype, { tolerance, maxIterations: 2 });
    expect(Math.max(...iterations)).toBeLessThanOrEqual(2);
    expect(iv.unconverged).toBeGreaterThan(0);
    expectReportOf(iv, iterations, converged);
  });
});

describe('impliedVol broadcasting', () => {
  it('broadcasts scalars and a row of strikes against a column of prices, call and put alike', async () => {
    const strikes = [80, 100, 120];
    const vols = [[0.2], [0.4]];
    const price = vols.map(([v]) => strikes.map((K) => priceVega(false, 100, K, 1, RATE, DIVIDEND, v!)[0]));
    const iv = await risk.impliedVol({ price, spot: 100, strike: strikes, time: 1, rate: RATE, dividend: DIVIDEND, call: false });
    expect(iv.vol.shape).toEqual([2, 3]);
    expect(iv.iterationsPerElement.dtype).toBe('int32');
    const got = Array.from(await iv.vol.data(), Number);
    got.forEach((v, i) => expect(v).toBeCloseTo(vols[Math.floor(i / 3)]![0]!, 8));
    expect(backend()).toBe(TEST_BACKEND);
  });

  it('solves every option in one kernel, reading the fused input expressions in place', () => {
    const spot = np.linspace(80, 120, 1000);
    const solved = impliedVolSolve({ price: spot.mul(0.05), spot, strike: 100, time: 1, rate: RATE, dividend: 0, call: spot.greater(100) }, { tolerance: 1e-10, maxIterations: 50 });
    expect(solved.shape).toEqual([4, 1000]);
    const steps = np.plan(solved).steps;
    expect(steps.map((s) => s.program.kind)).toEqual(['opaque']);
    expect(steps[0]!.ops).toContain('impliedVol');
  });
});

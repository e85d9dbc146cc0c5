import { np, risk, type NDArray } from '../src/index.js';
import { normCdf } from '../examples/risk/plain-options.js';
import { uniformArray } from './data.js';
import type { Case, Suite } from './harness.js';

const OPTIONS = 1_000_000;
const RATE = 0.03;
const DIVIDEND = 0.01;
/** Spot moves from -19% to +19% in 2% steps: a desk's daily ladder of spot shocks. */
const SHOCKS = Array.from({ length: 20 }, (_, i) => 0.81 + 0.02 * i);

interface Book {
  spot: Float64Array;
  strike: Float64Array;
  years: Float64Array;
  vol: Float64Array;
}

/** Call prices of the book with its spots moved by `shock`, one option per iteration, as a user writes the loop. */
function pricesPlain({ spot, strike, years, vol }: Book, shock: number): Float64Array {
  const out = new Float64Array(spot.length);
  for (let i = 0; i < spot.length; i++) {
    const s = spot[i]! * shock;
    const k = strike[i]!;
    const t = years[i]!;
    const v = vol[i]!;
    const volSqrtT = v * Math.sqrt(t);
    const d1 = (Math.log(s / k) + (RATE - DIVIDEND + 0.5 * v * v) * t) / volSqrtT;
    out[i] = s * Math.exp(-DIVIDEND * t) * normCdf(d1) - k * Math.exp(-RATE * t) * normCdf(d1 - volSqrtT);
  }
  return out;
}

/**
 * The book repriced under every shock, `for (const s of shocks) blackScholes({ spot: S.mul(s), ... })`,
 * read with one np.compute: scalars are kernel parameters, so the loop compiles once,
 * and the 20 prices share what does not depend on the spot (√T, σ√T, the discount
 * factors). Each run moves every shock by a different millionth and disposes the
 * prices, so the result cache never answers.
 */
function shockLadder(): Case {
  const book: Book = {
    spot: uniformArray(OPTIONS, 80, 120, 21),
    strike: uniformArray(OPTIONS, 80, 120, 22),
    years: uniformArray(OPTIONS, 0.25, 2, 23),
    vol: uniformArray(OPTIONS, 0.1, 0.5, 24),
  };
  const [spot, strike, time, vol] = [book.spot, book.strike, book.years, book.vol].map((a) => np.array(a)) as [NDArray, NDArray, NDArray, NDArray];
  let run = 0;
  return {
    task: `Black-Scholes under ${SHOCKS.length} spot shocks f64`,
    size: `${OPTIONS.toLocaleString('en-US')} options`,
    dtype: 'float64',
    inputs: [spot, strike, time, vol],
    quiver: async () => {
      const jitter = 1 + ++run * 1e-6;
      const prices = SHOCKS.map((s) => risk.blackScholes({ spot: spot.mul(s * jitter), strike, time, vol, rate: RATE, dividend: DIVIDEND }).price);
      try {
        return await np.compute(...prices);
      } finally {
        prices.forEach((p) => p.dispose());
      }
    },
    plain: () => SHOCKS.map((s) => pricesPlain(book, s)),
  };
}

export const scenarios: Suite = { name: 'scenarios', cases: () => [shockLadder()] };

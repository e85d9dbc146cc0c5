import { IV_MAX_ITERATIONS, IV_TOLERANCE, type GreeksResult, type OptionBook } from './model.js';

/**
 * Black-Scholes-Merton and implied volatility over Float64Arrays, one option per loop
 * iteration, as a user without an array library writes them.
 */

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Φ(x) to double precision, by Hart's algorithm 5666 as given by West ("Better
 * approximations to cumulative normal functions", 2005): JavaScript has no erf, and this
 * is the standard routine quant code copies.
 */
export function normCdf(x: number): number {
  const z = Math.abs(x);
  let c = 0;
  if (z <= 37) {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      const n = ((((((0.0352624965998911 * z + 0.700383064443688) * z + 6.37396220353165) * z + 33.912866078383) * z + 112.079291497871) * z + 221.213596169931) * z + 220.206867912376);
      const d = (((((((0.0883883476483184 * z + 1.75566716318264) * z + 16.064177579207) * z + 86.7807322029461) * z + 296.564248779674) * z + 637.333633378831) * z + 793.826512519948) * z + 440.413735824752);
      c = (e * n) / d;
    } else {
      c = e / (z + 1 / (z + 2 / (z + 3 / (z + 4 / (z + 0.65))))) / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

/** Price and vega of one option; `sign` is +1 for a call, -1 for a put. */
function priceVega(sign: number, S: number, K: number, T: number, r: number, q: number, vol: number): [number, number] {
  const sqrtT = Math.sqrt(T);
  const d1 = (Math.log(S / K) + (r - q + 0.5 * vol * vol) * T) / (vol * sqrtT);
  const d2 = d1 - vol * sqrtT;
  const spotDisc = S * Math.exp(-q * T);
  const price = sign * (spotDisc * normCdf(sign * d1) - K * Math.exp(-r * T) * normCdf(sign * d2));
  return [price, spotDisc * Math.exp(-0.5 * d1 * d1) * INV_SQRT_2PI * sqrtT];
}

export function greeks(book: OptionBook): GreeksResult {
  const n = book.spot.length;
  const out = { price: new Float64Array(n), delta: new Float64Array(n), gamma: new Float64Array(n), vega: new Float64Array(n), theta: new Float64Array(n), rho: new Float64Array(n) };
  const { rate: r, dividend: q } = book;
  for (let i = 0; i < n; i++) {
    const S = book.spot[i]!;
    const K = book.strike[i]!;
    const T = book.time[i]!;
    const vol = book.vol[i]!;
    const s = book.call[i] ? 1 : -1;
    const sqrtT = Math.sqrt(T);
    const d1 = (Math.log(S / K) + (r - q + 0.5 * vol * vol) * T) / (vol * sqrtT);
    const d2 = d1 - vol * sqrtT;
    const divDisc = Math.exp(-q * T);
    const strikeDisc = K * Math.exp(-r * T);
    const n1 = normCdf(s * d1);
    const n2 = normCdf(s * d2);
    const density = Math.exp(-0.5 * d1 * d1) * INV_SQRT_2PI;
    out.price[i] = s * (S * divDisc * n1 - strikeDisc * n2);
    out.delta[i] = s * divDisc * n1;
    out.gamma[i] = (divDisc * density) / (S * vol * sqrtT);
    out.vega[i] = S * divDisc * density * sqrtT;
    out.theta[i] = (-S * divDisc * density * vol) / (2 * sqrtT) - s * r * strikeDisc * n2 + s * q * S * divDisc * n1;
    out.rho[i] = s * strikeDisc * T * n2;
  }
  return out;
}

/**
 * One option's implied volatility: the out-of-the-money side by put-call parity, then
 * Newton on ln(price) against 1/σ² inside a bracket, bisecting (or doubling while unbounded) when a
 * step leaves it; Corrado-Miller's start, else Manaster-Koehler's. Returns NaN for a
 * price no volatility produces.
 */
export function impliedVolOne(price: number, S: number, K: number, T: number, r: number, q: number, call: boolean): { vol: number; iterations: number } {
  const X = S * Math.exp(-q * T);
  const Y = K * Math.exp(-r * T);
  const itm = call ? X - Y > 0 : X - Y < 0;
  const otmCall = call !== itm;
  const target = itm ? price - Math.abs(X - Y) : price;
  if (!(target > 0 && target < (otmCall ? X : Y))) return { vol: NaN, iterations: 0 };
  const c = otmCall ? target : target + (X - Y);
  const h = c - 0.5 * (X - Y);
  const disc = h * h - ((X - Y) * (X - Y)) / Math.PI;
  const cm = ((h + Math.sqrt(Math.max(disc, 0))) * Math.sqrt(2 * Math.PI)) / (X + Y) / Math.sqrt(T);
  let vol = disc >= 0 && cm > 0 ? cm : Math.max(Math.sqrt((2 * Math.abs(Math.log(X / Y))) / T), 0.2);
  let lo = 0;
  let hi = Infinity;
  const sign = otmCall ? 1 : -1;
  for (let it = 1; it <= IV_MAX_ITERATIONS; it++) {
    const [p, vega] = priceVega(sign, S, K, T, r, q, vol);
    const diff = p - target;
    if (diff > 0) hi = vol;
    else if (diff < 0) lo = vol;
    if (Math.abs(diff) <= target * IV_TOLERANCE || hi - lo <= vol * 4 * Number.EPSILON) return { vol, iterations: it };
    // Newton on ln(price) against w = 1/σ², where out-of-the-money prices are nearly straight.
    const w = 1 / (vol * vol) + (2 * (Math.log(p) - Math.log(target)) * p) / (vega * vol * vol * vol);
    const newton = w > 0 ? 1 / Math.sqrt(w) : NaN;
    vol = newton > lo && newton < hi ? newton : hi === Infinity ? vol * 2 : 0.5 * (lo + hi);
  }
  return { vol, iterations: IV_MAX_ITERATIONS };
}

import type { OptionBook, PositionBook } from './model.js';
/**
 * Seeded synthetic market data. Generating it is never timed: the report measures
 * the risk computations, not the data they run on.
 */

/** mulberry32: a 32-bit seeded PRNG, uniform on [0, 1). Small and fast; plenty for test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normals by the Box-Muller transform; each pair of uniforms gives two draws. */
export function normalSampler(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    const u = 1 - uniform(); // in (0, 1]: log(u) stays finite
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

export function standardNormals(count: number, seed: number): Float64Array {
  const draw = normalSampler(mulberry32(seed));
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = draw();
  return out;
}

/**
 * Daily closes, [days x assets] in row-major order, from a one-factor model: each
 * asset's log return is drift + beta * market + its own noise, so the assets are
 * positively correlated (rho roughly 0.2-0.6) the way equities are.
 */
export function syntheticPrices(assets: number, days: number, seed: number): Float64Array {
  const uniform = mulberry32(seed);
  const normal = normalSampler(uniform);
  const beta = Float64Array.from({ length: assets }, () => 0.5 + uniform());
  const idioVol = Float64Array.from({ length: assets }, () => 0.008 + 0.012 * uniform());
  const drift = Float64Array.from({ length: assets }, () => 0.0004 * (uniform() - 0.3));
  const marketVol = 0.01;
  const prices = new Float64Array(days * assets);
  for (let i = 0; i < assets; i++) prices[i] = 20 + 180 * uniform();
  for (let t = 1; t < days; t++) {
    const market = marketVol * normal();
    for (let i = 0; i < assets; i++) {
      const r = drift[i]! + beta[i]! * market + idioVol[i]! * normal();
      prices[t * assets + i] = prices[(t - 1) * assets + i]! * Math.exp(r);
    }
  }
  return prices;
}

/**
 * A book of European options on a spread of underlyings: 0.1 to 2 years to expiry,
 * volatilities 10-60%, half calls, strikes within ±2.5 standard deviations of the
 * forward move (K = S exp(z σ √T), |z| ≤ 2.5), as listed strikes are. That keeps every
 * option's time value far above the rounding of its price, so each price pins down its
 * implied volatility (deep in the money, the time value drowns in the intrinsic value's
 * last bits and no solver can recover σ).
 */
export function syntheticBook(count: number, seed: number): OptionBook {
  const u = mulberry32(seed);
  const spot = new Float64Array(count);
  const strike = new Float64Array(count);
  const time = new Float64Array(count);
  const vol = new Float64Array(count);
  const call = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    spot[i] = 20 + 180 * u();
    time[i] = 0.1 + 1.9 * u();
    vol[i] = 0.1 + 0.5 * u();
    strike[i] = spot[i]! * Math.exp(5 * (u() - 0.5) * vol[i]! * Math.sqrt(time[i]!));
    call[i] = u() < 0.5 ? 1 : 0;
  }
  return { spot, strike, time, vol, call, rate: 0.03, dividend: 0.01 };
}

const DESKS = ['rates', 'credit', 'fx', 'equities', 'commodities', 'macro', 'volatility', 'structured'];

/** Positions spread over 8 desks and 11 sectors, with lognormal-ish sizes and prices and a day's return each. */
export function syntheticPositions(count: number, seed: number): PositionBook {
  const u = mulberry32(seed);
  const z = normalSampler(u);
  const book: PositionBook = { desk: [], sector: new Int32Array(count), quantity: new Float64Array(count), price: new Float64Array(count), ret: new Float64Array(count) };
  for (let i = 0; i < count; i++) {
    book.desk.push(DESKS[Math.floor(u() * DESKS.length)]!);
    book.sector[i] = Math.floor(u() * 11);
    book.quantity[i] = Math.round(Math.exp(5 + z())) * (u() < 0.3 ? -1 : 1);
    book.price[i] = 20 + 180 * u();
    book.ret[i] = 0.015 * z();
  }
  return book;
}

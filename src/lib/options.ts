/**
 * Black-Scholes-Merton prices and greeks of European options on an asset paying a
 * continuous dividend yield q (Merton 1973; Hull, "Options, Futures, and Other
 * Derivatives", ch. 15 and 19), vectorised: every input may be an array, and they
 * broadcast together. Lazy: the price and all five greeks share d1, d2 and the normal
 * cdf terms, so computing them together (np.compute) evaluates those once.
 *
 * With s = +1 for calls and -1 for puts, one formula covers both:
 *   d1 = (ln(S/K) + (r - q + σ²/2) T) / (σ√T),  d2 = d1 - σ√T
 *   price = s (S e^{-qT} Φ(s d1) - K e^{-rT} Φ(s d2))
 *   delta = s e^{-qT} Φ(s d1)          gamma = e^{-qT} φ(d1) / (S σ √T)
 *   vega  = S e^{-qT} φ(d1) √T         rho   = s K T e^{-rT} Φ(s d2)
 *   theta = -S e^{-qT} φ(d1) σ / (2√T) - s r K e^{-rT} Φ(s d2) + s q S e^{-qT} Φ(s d1)
 * Units: vega and rho per 1.00 (100 points) of volatility and rate, theta per year
 * (divide by 365 for per calendar day). Rates and yields are continuously compounded.
 * T and σ must be positive; elsewhere the results are NaN.
 */
import { np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { normalCdf, normalPdf } from './normal.js';

/** European options for `risk.blackScholes`: each field an array or a number, broadcast together. */
export interface OptionInputs {
  spot: ArrayInput;
  strike: ArrayInput;
  /** Time to expiry in years. */
  time: ArrayInput;
  /** Continuously compounded risk-free rate. */
  rate: ArrayInput;
  /** Volatility of the asset's log returns, per √year. */
  vol: ArrayInput;
  /** Continuous dividend yield; default 0. */
  dividend?: ArrayInput;
  /** true for calls (default), false for puts, or a boolean array. */
  call?: ArrayInput;
}

/**
 * Black-Scholes-Merton price and sensitivities of each option (lazy arrays): delta ∂V/∂S,
 * gamma ∂²V/∂S², vega ∂V/∂σ, theta ∂V/∂t per year, rho ∂V/∂r.
 */
export interface Greeks {
  price: NDArray;
  delta: NDArray;
  gamma: NDArray;
  vega: NDArray;
  theta: NDArray;
  rho: NDArray;
}

/**
 * +1 for calls, -1 for puts: a JS number when `call` is a boolean, else an array of the
 * prices' float dtype (an int32 sign would promote float32 prices to float64).
 */
function callSign(call: ArrayInput, dtype: NDArray['dtype']): ArrayInput {
  if (typeof call === 'boolean') return call ? 1 : -1;
  return np.where(call, 1, -1).astype(dtype);
}

/** Price and greeks of each option. Lazy. */
export function blackScholes(o: OptionInputs): Greeks {
  const { spot: S, strike: K, time: T, rate: r, vol: sigma } = o;
  const q = o.dividend ?? 0;
  const sqrtT = np.sqrt(T);
  // NaN outside the domain (σ <= 0 or T <= 0), so every output is NaN there as documented:
  // a negative σ would otherwise price as if it were a valid volatility.
  const volSqrtT = np.where(np.logicalAnd(np.greater(sigma, 0), np.greater(T, 0)), np.mul(sigma, sqrtT), NaN);
  // Two JS numbers subtracted by np.sub would make a float64 array, which promotes float32 inputs.
  const carry = typeof r === 'number' && typeof q === 'number' ? r - q : np.sub(r, q);
  const d1 = np.log(np.div(S, K)).add(np.add(carry, np.square(sigma).mul(0.5)).mul(T)).div(volSqrtT);
  const s = callSign(o.call ?? true, d1.dtype);
  const d2 = d1.sub(volSqrtT);
  const dividendDisc = np.exp(np.mul(q, T).neg());
  const spotDisc = np.mul(S, dividendDisc);
  const strikeDisc = np.mul(K, np.exp(np.mul(r, T).neg()));
  const n1 = normalCdf(np.mul(s, d1));
  const n2 = normalCdf(np.mul(s, d2));
  const density = normalPdf(d1);
  const spotDensity = spotDisc.mul(density);
  return {
    price: np.mul(s, spotDisc.mul(n1).sub(strikeDisc.mul(n2))),
    delta: np.mul(s, dividendDisc.mul(n1)),
    gamma: dividendDisc.mul(density).div(np.mul(S, volSqrtT)),
    vega: spotDensity.mul(sqrtT),
    theta: spotDensity.mul(sigma).div(sqrtT.mul(-2))
      .sub(np.mul(s, np.mul(r, strikeDisc).mul(n2)))
      .add(np.mul(s, np.mul(q, spotDisc).mul(n1))),
    rho: np.mul(s, strikeDisc.mul(T).mul(n2)),
  };
}

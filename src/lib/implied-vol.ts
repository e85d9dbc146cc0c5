/**
 * Black-Scholes-Merton implied volatility, vectorised: every option runs its own
 * safeguarded Newton iteration, all of them in one kernel.
 *
 * 1. In-the-money options are swapped for their out-of-the-money twin by put-call
 *    parity (a call at C is a put at C - (Se^{-qT} - Ke^{-rT})), so the iteration only
 *    ever sees time value; a price with no time value left has no implied volatility.
 * 2. Newton runs on ln(price) as a function of w = 1/σ². An out-of-the-money price
 *    behaves like c·exp(-a/σ²), on which Newton in σ crawls (from σ = 1.4 to a root at
 *    0.36 took 16 steps on the report's book); its logarithm is nearly linear in w, so
 *    Newton there lands next to the root at once (7 steps at most on the same book).
 *    Transforming price and volatility to straighten the curve is the idea of Jäckel's
 *    "Let's be rational" (2015), here without his rational approximations.
 * 3. Each element keeps a bracket [lo, hi] around its root (lo = 0, hi = +∞ until a price
 *    above the target is seen); a Newton step that leaves the bracket is replaced by
 *    bisection, or by doubling σ while hi is still +∞.
 * The start is Corrado & Miller's (1996) approximation where it exists, good near the
 * money, else Manaster & Koehler's (1982) point of maximal vega √(2 |ln(X/Y)| / T) floored
 * at 0.2 (X = Se^{-qT}, Y = Ke^{-rT}).
 *
 * Each element iterates on its own inside one kernel, the impliedVol op of the table (the
 * js reference src/backend/js/implied-vol.ts, a Rust routine, a WGSL kernel), which stops
 * an element as soon as it is within tolerance: nothing is read back between iterations.
 * The kernel's outputs (vol, converged, iterations and relative error per element) give
 * the report; reading them is the one wait, which keeps this async.
 */
import { impliedVolSolve, np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { ValueError } from './errors.js';
import type { OptionInputs } from './options.js';

/**
 * Options with observed prices for `risk.impliedVol`: the Black-Scholes inputs without the
 * volatility, which is solved for.
 */
export interface ImpliedVolInputs extends Omit<OptionInputs, 'vol'> {
  /** Observed option prices. */
  price: ArrayInput;
}

/** Convergence settings of `risk.impliedVol`. */
export interface ImpliedVolOptions {
  /** Converged when the out-of-the-money price is matched to this relative error. Default 1e-10. */
  tolerance?: number;
  /** Default 50. */
  maxIterations?: number;
}

/** What `risk.impliedVol` gives: the volatilities, which converged, and how the iteration went. */
export interface ImpliedVolResult {
  /**
   * Implied volatility; NaN where no volatility fits the price. float32 when the inputs
   * are (JS numbers take the arrays' dtype), else float64. Every backend solves in float64
   * except WebGPU, which solves float32 inputs in f32: there the price is matched to a few
   * f32 ulps at best, so a tolerance below about 1e-6 leaves options unconverged.
   */
  vol: NDArray;
  /** Which elements met the tolerance. */
  converged: NDArray;
  /** Iterations run (the slowest element's count). */
  iterations: number;
  /**
   * Iterations each element ran (int32): the pricings until it was within tolerance or its
   * bracket collapsed, maxIterations if neither, 0 where no volatility fits the price.
   */
  iterationsPerElement: NDArray;
  /** Elements not yet within tolerance at the start of each iteration: the convergence curve. */
  unconvergedByIteration: number[];
  /** Prices with no time value or above the upper bound (Se^{-qT} for calls, Ke^{-rT} for puts): no volatility fits. */
  outOfBounds: number;
  /** Elements with a volatility that did not converge within maxIterations. */
  unconverged: number;
  /** Largest relative error of the out-of-the-money price over the elements that have a volatility. */
  maxRelativeError: number;
}

/** Implied volatility with a convergence report. Async (see the file comment). */
export async function impliedVol(inputs: ImpliedVolInputs, options: ImpliedVolOptions = {}): Promise<ImpliedVolResult> {
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 50;
  if (!(tolerance > 0)) throw new ValueError(`impliedVol: tolerance must be positive, got ${tolerance}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new ValueError(`impliedVol: maxIterations must be a positive integer, got ${maxIterations}`);
  const { price, spot, strike, time, rate } = inputs;
  const solved = impliedVolSolve({ price, spot, strike, time, rate, dividend: inputs.dividend ?? 0, call: inputs.call ?? true }, { tolerance, maxIterations });
  const shape = solved.shape.slice(1);
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0) {
    const none = { vol: np.zeros(shape), converged: np.zeros(shape, 'bool'), iterationsPerElement: np.zeros(shape, 'int32') };
    return { ...none, iterations: 0, unconvergedByIteration: [], outOfBounds: 0, unconverged: 0, maxRelativeError: 0 };
  }
  // One read of the kernel's rows; vol, converged and the counts are views and casts of them.
  const rows = await solved.data();
  const ran = new Int32Array(maxIterations + 1);
  let convergedCount = 0;
  let maxRelativeError = 0;
  for (let i = 0; i < size; i++) {
    ran[rows[2 * size + i]!]!++;
    convergedCount += rows[size + i]!;
    const err = rows[3 * size + i]!;
    // NaN wins, as np.max would have it.
    if (!(err <= maxRelativeError)) maxRelativeError = Number.isNaN(maxRelativeError) ? maxRelativeError : err;
  }
  // Elements still iterating at the start of iteration k are those that ran more than k.
  const outOfBounds = ran[0]!;
  const history: number[] = [];
  for (let k = 0, left = size - outOfBounds; left > 0; k++) {
    history.push(left);
    left -= ran[k + 1]!;
  }
  const vol = solved.slice(0);
  const converged = solved.slice(1).astype('bool');
  const iterationsPerElement = solved.slice(2).astype('int32');
  return {
    vol,
    converged,
    iterations: history.length,
    iterationsPerElement,
    unconvergedByIteration: history,
    outOfBounds,
    unconverged: size - outOfBounds - convergedCount,
    maxRelativeError,
  };
}

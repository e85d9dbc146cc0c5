/**
 * Black-Scholes-Merton implied volatility, vectorised: every option iterates at once on
 * whole arrays by a safeguarded Newton method.
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
 * The start is Corrado & Miller's approximation where it exists (see initialGuess).
 * Iterations are lazy
 * array expressions; after each one the state is evaluated (so the graph never grows)
 * and the count still unconverged is read to stop early, which makes this async.
 */
import { np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { ValueError } from './errors.js';
import { blackScholes, type OptionInputs } from './options.js';

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
  /** Implied volatility; NaN where no volatility fits the price. */
  vol: NDArray;
  /** Which elements met the tolerance. */
  converged: NDArray;
  /** Iterations run (the slowest element's count). */
  iterations: number;
  /** Elements not yet within tolerance at the start of each iteration: the convergence curve. */
  unconvergedByIteration: number[];
  /** Prices with no time value or above the upper bound (Se^{-qT} for calls, Ke^{-rT} for puts): no volatility fits. */
  outOfBounds: number;
  /** Elements with a volatility that did not converge within maxIterations. */
  unconverged: number;
  /** Largest relative error of the out-of-the-money price over the elements that have a volatility. */
  maxRelativeError: number;
}

const num = (a: ArrayLike<number> | undefined): number => Number(a![0]);

/**
 * Corrado & Miller's (1996) closed-form approximation from the equivalent call price C
 * (X = Se^{-qT}, Y = Ke^{-rT}, h = C - (X - Y)/2):
 *   σ√T ≈ √(2π) / (X + Y) · (h + √(h² - (X - Y)²/π)),
 * good near the money. Far from it the root turns negative, and the start is Manaster &
 * Koehler's (1982) point of maximal vega √(2 |ln(X/Y)| / T) instead, floored at 0.2.
 */
function initialGuess(otmPrice: NDArray, otmCall: NDArray, X: NDArray, Y: NDArray, T: ArrayInput): NDArray {
  const c = np.where(otmCall, otmPrice, otmPrice.add(X.sub(Y)));
  const h = c.sub(X.sub(Y).mul(0.5));
  const disc = h.square().sub(X.sub(Y).square().div(Math.PI));
  const corradoMiller = h.add(np.sqrt(np.maximum(disc, 0))).mul(Math.sqrt(2 * Math.PI)).div(X.add(Y)).div(np.sqrt(T));
  const manasterKoehler = np.maximum(np.sqrt(np.log(X.div(Y)).abs().mul(2).div(T)), 0.2);
  return np.where(disc.greaterEqual(0).logicalAnd(corradoMiller.greater(0)), corradoMiller, manasterKoehler);
}

/** Implied volatility with a convergence report. Async (see the file comment). */
export async function impliedVol(inputs: ImpliedVolInputs, options: ImpliedVolOptions = {}): Promise<ImpliedVolResult> {
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 50;
  if (!(tolerance > 0)) throw new ValueError(`impliedVol: tolerance must be positive, got ${tolerance}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new ValueError(`impliedVol: maxIterations must be a positive integer, got ${maxIterations}`);
  const { price, spot: S, strike: K, time: T, rate: r } = inputs;
  const q = inputs.dividend ?? 0;
  const call = typeof inputs.call === 'boolean' || inputs.call === undefined ? np.full([], inputs.call ?? true) : np.astype(inputs.call, 'bool');

  // Put-call parity: C - P = Se^{-qT} - Ke^{-rT}. The out-of-the-money side carries only time value.
  const spotDisc = np.mul(S, np.exp(np.mul(q, T).neg()));
  const strikeDisc = np.mul(K, np.exp(np.mul(r, T).neg()));
  const callGap = spotDisc.sub(strikeDisc);
  const inTheMoney = np.where(call, callGap.greater(0), callGap.less(0));
  const otmCall = call.logicalXor(inTheMoney);
  const target = np.where(inTheMoney, np.sub(price, callGap.abs()), price);
  const upper = np.where(otmCall, spotDisc, strikeDisc);
  const inBounds = target.greater(0).logicalAnd(target.less(upper)).logicalAnd(np.isfinite(T));
  const shape = np.add(inBounds, np.add(target, upper)).shape;
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0) {
    return { vol: np.zeros(shape), converged: np.zeros(shape, 'bool'), iterations: 0, unconvergedByIteration: [], outOfBounds: 0, unconverged: 0, maxRelativeError: 0 };
  }
  const otmAt = (vol: NDArray) => blackScholes({ spot: S, strike: K, time: T, rate: r, dividend: q, call: otmCall, vol });
  const logTarget = target.log();

  let vol = np.broadcastTo(np.where(inBounds, initialGuess(target, otmCall, spotDisc, strikeDisc, T), NaN), shape);
  let lo = np.zeros(shape);
  let hi = np.full(shape, Infinity);
  let done = np.broadcastTo(inBounds.logicalNot(), shape);
  const [outside] = await np.compute(done.astype('int32').sum(), vol, done, logTarget);
  const outOfBounds = num(outside);

  const history: number[] = [];
  let iterations = 0;
  let remaining = size - outOfBounds;
  while (remaining > 0 && iterations < maxIterations) {
    const { price: model, vega } = otmAt(vol);
    const diff = model.sub(target);
    const active = done.logicalNot();
    const nextHi = np.where(active.logicalAnd(diff.greater(0)), vol, hi);
    const nextLo = np.where(active.logicalAnd(diff.less(0)), vol, lo);
    // A collapsed bracket cannot be narrowed further: stop there rather than spin.
    const collapsed = nextHi.sub(nextLo).lessEqual(vol.mul(4 * Number.EPSILON));
    const nowDone = done.logicalOr(diff.abs().lessEqual(target.mul(tolerance))).logicalOr(collapsed);
    // w' = w - g / (dg/dw) with g = ln(model) - ln(target), dg/dw = (vega / model)(-σ³ / 2); σ' = 1/√w'.
    const w = vol.square().reciprocal().add(model.log().sub(logTarget).mul(model).mul(2).div(vega.mul(vol.square().mul(vol))));
    const newton = np.where(w.greater(0), w.sqrt().reciprocal(), NaN);
    const inside = newton.greater(nextLo).logicalAnd(newton.less(nextHi));
    const fallback = np.where(nextHi.isinf(), vol.mul(2), nextLo.add(nextHi).mul(0.5));
    const nextVol = np.where(nowDone, vol, np.where(inside, newton, fallback));
    const [count] = await np.compute(nowDone.logicalNot().astype('int32').sum(), nextVol, nextLo, nextHi, nowDone);
    [vol, lo, hi, done] = [nextVol, nextLo, nextHi, nowDone];
    iterations++;
    history.push(remaining);
    remaining = num(count);
  }

  const valid = np.broadcastTo(inBounds, shape);
  const relError = np.where(valid, otmAt(vol).price.sub(target).abs().div(target), 0);
  const converged = valid.logicalAnd(relError.lessEqual(tolerance));
  const [maxErr, convergedCount] = await np.compute(relError.max(), converged.astype('int32').sum(), converged);
  return {
    vol,
    converged,
    iterations,
    unconvergedByIteration: history,
    outOfBounds,
    unconverged: size - outOfBounds - num(convergedCount),
    maxRelativeError: num(maxErr),
  };
}

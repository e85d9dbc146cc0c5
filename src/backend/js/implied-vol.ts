import type { Realized } from '../../graph/node.js';
import { sizeOf } from '../../graph/shape.js';
import { erfc } from '../../kernel/special.js';
import type { OpSpec } from './spec.js';
import { readAs, store } from './strided.js';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** A bracket narrower than 4 ulps of its volatility cannot be narrowed further. */
const COLLAPSED = 4 * Number.EPSILON;

/** One option's fixed quantities, computed once rather than at every pricing (the same values). */
interface Contract {
  readonly sign: number;
  readonly logMoneyness: number;
  readonly sqrtT: number;
  readonly T: number;
  readonly carry: number;
  readonly spotDisc: number;
  readonly strikeDisc: number;
}

/**
 * One option's out-of-the-money price and vega at `vol`, as risk.blackScholes computes
 * them (the same operations in the same order): NaN where σ or T is not positive.
 */
function priceVega({ sign, logMoneyness, sqrtT, T, carry, spotDisc, strikeDisc }: Contract, vol: number, out: Float64Array): void {
  const volSqrtT = vol > 0 && T > 0 ? vol * sqrtT : NaN;
  const d1 = (logMoneyness + (carry + vol * vol * 0.5) * T) / volSqrtT;
  const d2 = d1 - volSqrtT;
  const n1 = erfc(sign * d1 * -Math.SQRT1_2) * 0.5;
  const n2 = erfc(sign * d2 * -Math.SQRT1_2) * 0.5;
  out[0] = sign * (spotDisc * n1 - strikeDisc * n2);
  out[1] = spotDisc * (Math.exp(d1 * d1 * -0.5) * INV_SQRT_2PI) * sqrtT;
}

/**
 * The implied volatility of one option in float64 (the reference every backend is
 * diffed against; wasm/src/implied_vol.rs and the WGSL kernel run the same steps):
 * the out-of-the-money twin by put-call parity, Corrado & Miller's start (else Manaster
 * & Koehler's), then Newton on ln(price) in w = 1/σ² inside a bracket, bisecting (or
 * doubling σ while the bracket has no top) when a step leaves it. src/lib/implied-vol.ts
 * explains the method. Writes vol, converged (0/1), the iterations run and the relative
 * error of the final price at `at`, `at + n`, `at + 2n` and `at + 3n` of `out`: an option
 * no volatility prices (no time value, above the bound, a NaN) gets NaN, 0, 0, 0.
 * An iteration prices the option, then stops if the price is within `tolerance` or the
 * bracket has collapsed, else steps: the iteration count includes the pricing that stopped.
 */
export function impliedVolOf(
  price: number, S: number, K: number, T: number, r: number, q: number, call: boolean,
  tolerance: number, maxIterations: number, out: Float64Array | number[], at: number, n: number, pv = new Float64Array(2),
): void {
  const spotDisc = S * Math.exp(-(q * T));
  const strikeDisc = K * Math.exp(-(r * T));
  const gap = spotDisc - strikeDisc;
  const inTheMoney = call ? gap > 0 : gap < 0;
  const otmCall = call !== inTheMoney;
  const target = inTheMoney ? price - Math.abs(gap) : price;
  const upper = otmCall ? spotDisc : strikeDisc;
  if (!(target > 0 && target < upper && Number.isFinite(T))) {
    [out[at], out[at + n], out[at + 2 * n], out[at + 3 * n]] = [NaN, 0, 0, 0];
    return;
  }
  // Corrado & Miller from the equivalent call price, else Manaster & Koehler floored at 0.2.
  const c = otmCall ? target : target + gap;
  const h = c - gap * 0.5;
  const disc = h * h - (gap * gap) / Math.PI;
  const corradoMiller = ((h + Math.sqrt(Math.max(disc, 0))) * SQRT_2PI) / (spotDisc + strikeDisc) / Math.sqrt(T);
  let vol = disc >= 0 && corradoMiller > 0 ? corradoMiller : Math.max(Math.sqrt((Math.abs(Math.log(spotDisc / strikeDisc)) * 2) / T), 0.2);
  const contract: Contract = { sign: otmCall ? 1 : -1, logMoneyness: Math.log(S / K), sqrtT: Math.sqrt(T), T, carry: r - q, spotDisc, strikeDisc };
  const logTarget = Math.log(target);
  let lo = 0;
  let hi = Infinity;
  let iterations = 0;
  let diff = NaN;
  let stopped = false;
  while (iterations < maxIterations) {
    priceVega(contract, vol, pv);
    const model = pv[0]!;
    const vega = pv[1]!;
    diff = model - target;
    iterations++;
    if (diff > 0) hi = vol;
    else if (diff < 0) lo = vol;
    if (Math.abs(diff) <= target * tolerance || hi - lo <= vol * COLLAPSED) {
      stopped = true;
      break;
    }
    const w = 1 / (vol * vol) + ((Math.log(model) - logTarget) * model * 2) / (vega * (vol * vol * vol));
    const newton = w > 0 ? 1 / Math.sqrt(w) : NaN;
    vol = newton > lo && newton < hi ? newton : hi === Infinity ? vol * 2 : (lo + hi) * 0.5;
  }
  if (!stopped) {
    priceVega(contract, vol, pv);
    diff = pv[0]! - target;
  }
  const relativeError = Math.abs(diff) / target;
  [out[at], out[at + n], out[at + 2 * n], out[at + 3 * n]] = [vol, relativeError <= tolerance ? 1 : 0, iterations, relativeError];
}

/** impliedVol over its seven inputs (already of one shape): the [4, ...shape] rows, rounded once to the output dtype. */
export function evalImpliedVol(spec: OpSpec, inputs: readonly Realized[]): Realized {
  const shape = spec.shape.slice(1);
  const n = sizeOf(shape);
  const [price, S, K, T, r, q, call] = inputs.map((x) => readAs(x, shape)) as ArrayLike<number>[];
  const { tolerance, maxIterations } = spec.attrs.solver!;
  const out = new Float64Array(4 * n);
  const pv = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    impliedVolOf(price![i]!, S![i]!, K![i]!, T![i]!, r![i]!, q![i]!, call![i] !== 0, tolerance, maxIterations, out, i, n, pv);
  }
  return store(spec.dtype, spec.shape, out);
}

/**
 * The standard normal distribution: cdf and pdf as lazy ndarray expressions, and the
 * quantile (inverse cdf) for JS numbers, where VaR needs its z-scores.
 */
import { np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { show } from './arguments.js';
import { ValueError } from './errors.js';

/**
 * Φ(x) = erfc(-x / √2) / 2. erfc rather than (1 + erf(x / √2)) / 2, so the left tail
 * keeps its relative precision (Φ(-10) ≈ 7.6e-24 instead of 0); Φ(+x) loses nothing,
 * since erfc of a negative argument is 2 - erfc(|x|) with no cancellation below 1.
 */
export const normalCdf = (x: ArrayInput): NDArray => np.erfc(np.mul(x, -Math.SQRT1_2)).mul(0.5);

/** φ(x) = exp(-x² / 2) / √(2π). */
export const normalPdf = (x: ArrayInput): NDArray => np.exp(np.square(x).mul(-0.5)).mul(1 / Math.sqrt(2 * Math.PI));

// Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
// Applied Statistics 37(3), 1988, 477-484: PPND16, relative error about 1e-16.
// Coefficients in ascending powers; the first of each denominator is 1.
const CENTRAL_NUM = [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727];
const CENTRAL_DEN = [1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561];
const INTERMEDIATE_NUM = [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4];
const INTERMEDIATE_DEN = [1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
  0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9];
const TAIL_NUM = [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7];
const TAIL_DEN = [1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15];

const polynomial = (c: readonly number[], x: number): number => c.reduceRight((acc, ci) => acc * x + ci, 0);

/**
 * Φ⁻¹(p), the standard normal quantile, by Wichura's AS 241 (PPND16): a rational
 * approximation in the centre (|p - 0.5| ≤ 0.425) and two in r = √(-ln(min(p, 1-p)))
 * for the tails, accurate to about 1e-16 relative. Φ⁻¹(0) = -∞, Φ⁻¹(1) = +∞.
 */
export function normalPpf(p: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ValueError(`normalPpf: probability must be in [0, 1], got ${show(p)}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(CENTRAL_NUM, r)) / polynomial(CENTRAL_DEN, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = polynomial(INTERMEDIATE_NUM, r) / polynomial(INTERMEDIATE_DEN, r);
  } else {
    r -= 5;
    x = polynomial(TAIL_NUM, r) / polynomial(TAIL_DEN, r);
  }
  return q < 0 ? -x : x;
}

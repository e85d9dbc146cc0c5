/**
 * Scalar float64 and int32/uint32 functions the js reference backend needs beyond `Math`,
 * each matching what NumPy 2 computes (test/backend/special.test.ts checks them against
 * NumPy, SciPy and mpmath values in test/fixtures/special.json).
 *
 * Already right in JS, so not wrapped here: `a % b` is C `fmod` (np.fmod) exactly,
 * including -0, NaN and ±Inf; `2 ** x` (np.exp2) and `Math.cbrt` are within 1 ulp of the
 * correctly rounded result, as the glibc functions NumPy calls are, and `2 ** x` is exact
 * for integer x down through the subnormals.
 */
import { EFX, ERX, PA, PP, QA, QQ, RA, RB, SA, SB } from './erf-coefficients.js';

// ---------------------------------------------------------------------------------------
// erf / erfc: the method of fdlibm's s_erf.c (SunPro, 1993; as kept in FreeBSD
// lib/msun/src/s_erf.c), with its coefficients (erf-coefficients.ts, under its notice).
// Four ranges, each a rational approximation with the error bound that file states:
//   |x| < 0.84375       erf(x) = x + x·P(x²)/Q(x²)                |P/Q - f| < 2^-57.9
//   0.84375..1.25       erf(x) = erx + P1(s)/Q1(s), s = |x| - 1    |err| < 2^-59.06
//   1.25..1/0.35        erfc(x) = exp(-x² - 0.5625 + R1(1/x²)/S1(1/x²)) / x
//   1/0.35..28          erfc(x) = exp(-x² - 0.5625 + R2(1/x²)/S2(1/x²)) / x
// exp(-x²) is evaluated as exp(-z²)·exp((z-x)(z+x)) with z a short copy of x, so -z² is
// exact and the rounding of x² never reaches the result's relative error.
// ---------------------------------------------------------------------------------------

/** ln 2 split so that k·LN2_HI is exact for |k| < 2^21 (fdlibm e_exp.c's ln2HI/ln2LO). */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;

/** Horner evaluation of c[0] + c[1]·t + c[2]·t² + … */
function poly(c: readonly number[], t: number): number {
  let acc = c[c.length - 1]!;
  for (let i = c.length - 2; i >= 0; i--) acc = acc * t + c[i]!;
  return acc;
}

/** x·P(x²)/Q(x²) ≈ erf(x) - x for |x| < 0.84375. */
function erfSmallCorrection(x: number): number {
  const z = x * x;
  return x * (poly(PP, z) / poly(QQ, z));
}

/** P1(s)/Q1(s) ≈ erf(1 + s) - ERX for |x| in [0.84375, 1.25). */
function erfNearOne(ax: number): number {
  const s = ax - 1;
  return poly(PA, s) / poly(QA, s);
}

/** erfc(x) for 1.25 <= x < 28. */
function erfcTail(x: number): number {
  const s = 1 / (x * x);
  const rs = x < 1 / 0.35 ? poly(RA, s) / poly(SA, s) : poly(RB, s) / poly(SB, s);
  // fdlibm clears the low 32 bits of x; keeping 16 fractional bits is the same idea without
  // bit access: for x < 32, z has at most 21 significant bits, so z*z is exact.
  const z = Math.floor(x * 65536) / 65536;
  const fine = (z - x) * (z + x) + rs;
  if (x < 26) return (Math.exp(-z * z - 0.5625) * Math.exp(fine)) / x;
  // From x ≈ 26.6 on, exp(-z² - 0.5625) is itself subnormal, so it and the result would
  // both be rounded to the subnormal grid. Compute the result times 2^64 and scale once at
  // the end: adding 64·LN2_HI is exact (both terms are multiples of 2^-32 below 2^10),
  // 64·LN2_LO goes into the small exponent. Measured on the fixture's 326 inputs above 26:
  // at most 1 ulp off the correctly rounded value this way, 2 ulp (46 differ) without.
  const scaled = Math.exp(-z * z - 0.5625 + 64 * LN2_HI) * Math.exp(fine + 64 * LN2_LO);
  return (scaled / x) * 2 ** -64;
}

/** The error function, within 1 ulp of the correctly rounded value (measured). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    // For |x| < 2^-28 the x³ term is below 2^-84·x; fdlibm's (8x + 8·EFX·x)/8 keeps the
    // product out of the subnormal range when x itself is tiny.
    if (ax < 2 ** -28) return ax < 2 ** -1015 ? (8 * x + 8 * EFX * x) / 8 : x + EFX * x;
    return x + erfSmallCorrection(x);
  }
  if (ax < 1.25) return x > 0 ? ERX + erfNearOne(ax) : -ERX - erfNearOne(ax);
  if (ax >= 6) return x > 0 ? 1 : -1;
  return x > 0 ? 1 - erfcTail(ax) : erfcTail(ax) - 1;
}

/** 1 - erf(x) without cancellation, within 2 ulp of the correctly rounded value (measured),
 * subnormal results included, until it underflows to 0 at x ≈ 27.23. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 2 ** -56) return 1 - x;
    const r = erfSmallCorrection(x);
    // Above 1/4, 0.5 - (x - 0.5 + r) cancels less than 1 - (x + r).
    return x < 0.25 ? 1 - (x + r) : 0.5 - (r + (x - 0.5));
  }
  if (ax < 1.25) return x > 0 ? 1 - ERX - erfNearOne(ax) : 1 + (ERX + erfNearOne(ax));
  if (x > 0) return x < 28 ? erfcTail(x) : 0;
  return ax < 6 ? 2 - erfcTail(ax) : 2;
}

// ---------------------------------------------------------------------------------------
// Rounding
// ---------------------------------------------------------------------------------------

/** C rint / np.round(x): nearest integer, ties to even; keeps -0 (also for -0.4), NaN, ±Inf. */
export function roundHalfEven(x: number): number {
  const ax = Math.abs(x);
  // From 2^52 on every double is an integer; 0 returns as itself to keep its sign.
  if (!(ax < 2 ** 52) || x === 0) return x;
  // Adding 2^52 pushes the fraction out of the mantissa, and the FPU rounds ties to even.
  const r = ax + 2 ** 52 - 2 ** 52;
  return x < 0 ? -r : r;
}

/** NumPy's power_of_ten (multiarray/calculation.c): repeated ×10 past 1e8, not a literal,
 * so np.round uses the same (sometimes inexact) factor for large decimals. The WGSL
 * generator reads it too, to write np.round's factors into its source. */
export function powerOfTen(n: number): number {
  if (n < 9) return 10 ** n;
  let p = 1e9;
  for (let i = 9; i < n && p !== Infinity; i++) p *= 10;
  return p;
}

/** np.round(x, decimals) for floats, computed as PyArray_Round does: rint(x·10^d)/10^d for
 * d >= 0, rint(x/10^-d)·10^-d for d < 0 (so np.round(2.675, 2) = 2.68, 1e300 at d=10 is inf). */
export function roundDecimals(x: number, decimals: number, narrow: (v: number) => number = (v) => v): number {
  if (decimals === 0) return roundHalfEven(x);
  // NumPy scales by a Python float, which a float32 array takes as float32 (NEP 50): so
  // for float32 the factor, the product and the quotient each round to float32.
  if (decimals > 0) {
    const f = narrow(powerOfTen(decimals));
    return narrow(roundHalfEven(narrow(x * f)) / f);
  }
  const f = narrow(powerOfTen(-decimals));
  return narrow(roundHalfEven(narrow(x / f)) * f);
}

/** np.sign: ±1 for nonzero, +0 for ±0 (NumPy 2 returns +0 for -0), NaN for NaN. */
export function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN;
}

// ---------------------------------------------------------------------------------------
// Floor division and remainder
// ---------------------------------------------------------------------------------------

/** npy_divmod (npymath/npy_math_internal.h.src, itself CPython's float divmod): the floored
 * quotient and the remainder with the divisor's sign, snapped so that a ≈ q·b + r.
 * Comparisons are written `!== 0` where C writes `if (mod)`, because C treats NaN as true. */
function divmod(a: number, b: number): [quotient: number, remainder: number] {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) {
      mod += b;
      div -= 1;
    }
  } else {
    mod = b < 0 || Object.is(b, -0) ? -0 : 0;
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    const q = a / b;
    floordiv = q < 0 || Object.is(q, -0) ? -0 : 0;
  }
  return [floordiv, mod];
}

/** np.floor_divide for floats: a / b when b is ±0 (±Inf or NaN), else npy_divmod's quotient. */
export function floorDivFloat(a: number, b: number): number {
  return b === 0 ? a / b : divmod(a, b)[0];
}

/** np.remainder (np.mod) for floats: sign of the divisor; NaN when b is ±0. */
export function modFloat(a: number, b: number): number {
  return b === 0 ? NaN : divmod(a, b)[1];
}

/** np.floor_divide for int32: 0 when b = 0, and INT32_MIN // -1 wraps to INT32_MIN.
 * a / b in float64 cannot round across an integer for |a| < 2^53, so floor() is exact. */
export function floorDivInt32(a: number, b: number): number {
  return b === 0 ? 0 : Math.floor(a / b) | 0;
}

/** np.remainder for int32: sign of the divisor, 0 when b = 0 (`| 0` also turns -0 into 0). */
export function modInt32(a: number, b: number): number {
  if (b === 0) return 0;
  const r = a % b;
  return (r !== 0 && r < 0 !== b < 0 ? r + b : r) | 0;
}

/** np.floor_divide for uint32 values in [0, 2^32): 0 when b = 0. */
export function floorDivUint32(a: number, b: number): number {
  return b === 0 ? 0 : Math.floor(a / b);
}

/** np.remainder for uint32 values in [0, 2^32): 0 when b = 0. */
export function modUint32(a: number, b: number): number {
  return b === 0 ? 0 : a % b;
}

// ---------------------------------------------------------------------------------------
// Integer power, hypot
// ---------------------------------------------------------------------------------------

/** a ** b mod 2^32 as an int32, by squaring (0 ** 0 = 1). NumPy raises "Integers to negative
 * integer powers are not allowed" for b < 0; callers must reject that before calling. */
export function powInt32(a: number, b: number): number {
  let result = 1;
  let base = a | 0;
  for (let e = b >>> 0; e !== 0; e >>>= 1) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
  }
  return result;
}

/** a ** b mod 2^32 as a uint32 (same as powInt32, read unsigned). */
export function powUint32(a: number, b: number): number {
  return powInt32(a, b) >>> 0;
}

/** Splits a into hi + lo with 26-bit halves so that products of halves are exact (Veltkamp). */
function split(a: number): [number, number] {
  const c = 134217729 * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}

/** a·a as hi + lo exactly (Dekker's product without FMA). */
function exactSquare(a: number): [number, number] {
  const p = a * a;
  const [h, l] = split(a);
  return [p, h * h - p + 2 * h * l + l * l];
}

/** np.hypot, correctly rounded except in rare near-halfway cases. Measured on the fixture's
 * 904 inputs: equal to NumPy (glibc) on 902, where NumPy is itself 1 ulp off on the other 2;
 * Math.hypot (V8 sums scaled squares) is 1 ulp off on 161. Inf wins over NaN in all three. Method: sqrt of the double-double sum of squares,
 * then one Newton step with the exact residual (Borges, "An improved algorithm for
 * hypot(a, b)", arXiv:1904.09481, the FMA-free variant). */
export function hypot(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  if (x === Infinity || y === Infinity) return Infinity;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x < y) [x, y] = [y, x];
  // y ≤ x·2^-27 adds at most x·2^-55, under half an ulp of x.
  if (y <= x * 2 ** -27) return x;
  // Scale by an exact power of two so squares and their rounding errors stay normal.
  const scale = x > 2 ** 300 ? 2 ** -700 : x < 2 ** -300 ? 2 ** 700 : 1;
  x *= scale;
  y *= scale;
  const [x2, x2err] = exactSquare(x);
  const [y2, y2err] = exactSquare(y);
  const sum = x2 + y2;
  const sumErr = x2 - sum + y2; // exact since x2 >= y2 (Fast2Sum)
  const h = Math.sqrt(sum);
  const [h2, h2err] = exactSquare(h);
  // sum - h2 is exact (Sterbenz: h2 is within a factor 2 of sum).
  const residual = sum - h2 - h2err + (x2err + y2err + sumErr);
  return (h + residual / (2 * h)) / scale;
}

//! exp, expm1, log, log1p, tanh, erf and erfc for float32 instructions, on two f64
//! lanes. A float32 result needs about 28 good bits before its one rounding to float32,
//! not the 53 the float64 functions (exp.rs, log.rs, erf_lanes.rs) spend divisions, long
//! polynomials, double-double steps and bit-for-bit branches on. Inputs are float32 values
//! (exact in f64), so every float32 subnormal is a normal f64, x² is exact, and float32's
//! overflow, underflow and subnormal results come from the one rounding of an f64 result
//! to float32. The special values left (NaN, ±Inf, x <= 0 for log, arguments beyond each
//! function's lane range) go to the scalar code (vm/simd.rs `lanes1_or_each`), whose
//! result is rounded the same way.
//!
//! Error before the rounding to float32: exp 2^-27 relative (series truncation), the
//! others 2^-28 to 2^-33 (each constant says its own), so the float32 results are within
//! 0.63 ulp of the exact value and almost always the correctly rounded one
//! (test/wasm/simd-math-float32.test.ts counts the exceptions). Measured on the 2-core
//! machine (one thread, 4M float32 values reduced by a sum, process CPU time per element,
//! overhead of the load and sum ~2.3 ns included), before -> after: exp 4.7 -> 4.1 with
//! Estrin's scheme (Horner 4.7), erfc 12.8 -> 10.9 with one polynomial over its range.
//! Tried and dropped: every constant read once per block through a volatile load (so
//! that V8 would keep it in a register or stack slot instead of building the v128 at
//! each use): slower, exp 4.7 -> 6.9 and erfc 12.8 -> 16.3.

use core::arch::wasm32::*;

/// 1.5 * 2^52: x + SHIFTER rounds x to an integer n held in the low mantissa bits.
const SHIFTER: f64 = 6755399441055744.0;
const INV_LN2: f64 = core::f64::consts::LOG2_E;
const LN2: f64 = core::f64::consts::LN_2;

/// 1/n! for n = 0..9: e^r's Taylor series. For |r| <= ln2/2 the first term left out is
/// r^8/8! = 5.4e-9 < 2^-27 of e^r (>= 0.707) to r^7 (exp), r^10/10! = 7e-12 to r^9 (erf).
pub(super) const EXP_TAYLOR: [f64; 10] = [
    1.0,
    1.0,
    0.5,
    0.16666666666666666,
    0.041666666666666664,
    0.008333333333333333,
    0.001388888888888889,
    0.0001984126984126984,
    2.48015873015873e-05,
    2.7557319223985893e-06,
];

/// Beyond |x| = 104 a float32 e^x is 0 (e^-104 < 2^-150) or overflows (e^89 > FLT_MAX);
/// below it 2^n with |n| <= 151 keeps every f64 intermediate normal.
pub(super) const EXP_LANES_MAX: f64 = 104.0;

/// e^x on two f64 lanes for |x| < 2^9, by the Taylor polynomial `series` of e^r: x = n ln2
/// + r with |r| <= ln2/2, and n added to the exponent field (n sits in the low bits of
/// x/ln2 + SHIFTER, so shifting those bits 52 up gives n << 52 for either sign). n ln2 is
/// off by at most 2^-43 absolute there: far below what a float32 result needs. Exact
/// where the result is a normal f64 (|x| < 708); NaN and ±Inf give garbage.
#[inline(always)]
pub(super) fn exp_series(x: v128, series: &[f64]) -> v128 {
    let splat = f64x2_splat;
    let t = f64x2_add(f64x2_mul(x, splat(INV_LN2)), splat(SHIFTER));
    let n = f64x2_sub(t, splat(SHIFTER));
    let r = f64x2_sub(x, f64x2_mul(n, splat(LN2)));
    i64x2_add(poly(series, r), i64x2_shl(t, 52))
}

/// c[0] + c[1] t + c[2] t² + ... (at most 16 terms) on lanes, by Estrin's scheme: pairs
/// c[2i] + c[2i+1] t, then pairs of those with t², and so on: a shorter dependency chain
/// than Horner's, where each multiply-add waits on the one before. Measured (as in the
/// header): exp 4.7 -> 4.1 CPU ns per element, erfc unchanged at 12.7 (its two
/// polynomials and the exp already run side by side).
#[inline(always)]
fn poly(c: &[f64], t: v128) -> v128 {
    let mut terms = [f64x2_splat(0.0); 8];
    let mut m = (c.len() + 1) / 2;
    for (i, term) in terms[..m].iter_mut().enumerate() {
        *term = match c.get(2 * i + 1) {
            Some(&odd) => f64x2_add(f64x2_splat(c[2 * i]), f64x2_mul(f64x2_splat(odd), t)),
            None => f64x2_splat(c[2 * i]),
        };
    }
    let mut power = f64x2_mul(t, t);
    while m > 1 {
        let half = (m + 1) / 2;
        for i in 0..half {
            terms[i] = if 2 * i + 1 < m { f64x2_add(terms[2 * i], f64x2_mul(terms[2 * i + 1], power)) } else { terms[2 * i] };
        }
        m = half;
        if m > 1 {
            power = f64x2_mul(power, power);
        }
    }
    terms[0]
}

/// e^x for float32 x on two f64 lanes. Returns the results and the mask of the lanes left
/// to the scalar `exp`: NaN and |x| >= 104.
#[inline(always)]
pub fn exp_f32_lanes(x: v128) -> (v128, v128) {
    let covered = f64x2_lt(f64x2_abs(x), f64x2_splat(EXP_LANES_MAX));
    (exp_series(x, &EXP_TAYLOR[..8]), v128_not(covered))
}

/// sqrt(1/2)'s bits: x's bits minus these, shifted down 52, is the k that puts x / 2^k in
/// [sqrt(2)/2, sqrt(2)).
const SQRT_HALF_BITS: i64 = 0x3fe6_a09e_667f_3bcd;

/// 1/(n+1)! for n = 0..9: (e^r - 1)/r's Taylor series. For |r| <= ln2/2 the first term
/// left out, r^10/11!, is below 2^-40 of (e^r - 1)/r.
const EXPM1_TAYLOR: [f64; 10] = [
    1.0,
    0.5,
    0.16666666666666666,
    0.041666666666666664,
    0.008333333333333333,
    0.001388888888888889,
    0.0001984126984126984,
    2.48015873015873e-05,
    2.7557319223985893e-06,
    2.755731922398589e-07,
];

/// e^x - 1 on two f64 lanes with x clamped to [-104, 104] (float32's -1 and Inf lie
/// inside): x = n ln2 + r, e^r - 1 = r Q(r), exact relatively for n = 0 (|x| <= ln2/2,
/// where e^x - 1 is small), else 2^n (1 + r Q(r)) - 1, which cannot cancel past 2 bits
/// there. NaN gives garbage (the callers' masks leave it out).
#[inline(always)]
fn expm1_clamped(x: v128) -> v128 {
    let splat = f64x2_splat;
    let x = f64x2_pmax(f64x2_pmin(x, splat(EXP_LANES_MAX)), splat(-EXP_LANES_MAX));
    let t = f64x2_add(f64x2_mul(x, splat(INV_LN2)), splat(SHIFTER));
    let n = f64x2_sub(t, splat(SHIFTER));
    let r = f64x2_sub(x, f64x2_mul(n, splat(LN2)));
    let m = f64x2_mul(r, poly(&EXPM1_TAYLOR, r));
    let scaled = i64x2_add(f64x2_add(m, splat(1.0)), i64x2_shl(t, 52));
    v128_bitselect(m, f64x2_sub(scaled, splat(1.0)), f64x2_eq(n, splat(0.0)))
}

/// e^x - 1 for float32 x on two f64 lanes; -0 and subnormals kept. Returns the results
/// and the mask of the lanes left to the scalar `expm1`: NaN.
#[inline(always)]
pub fn expm1_f32_lanes(x: v128) -> (v128, v128) {
    (expm1_clamped(x), f64x2_ne(x, x))
}

/// tanh(x) for float32 x on two f64 lanes: e / (e + 2) with e = e^(2x) - 1, as accurate
/// relatively as e is (2x is exact, and e + 2 >= 1 cannot cancel); ±1 from the clamp for
/// |x| >= 52, -0 and subnormals kept. Returns the results and the mask of the lanes left
/// to the scalar `tanh`: NaN.
#[inline(always)]
pub fn tanh_f32_lanes(x: v128) -> (v128, v128) {
    let e = expm1_clamped(f64x2_add(x, x));
    (f64x2_div(e, f64x2_add(e, f64x2_splat(2.0))), f64x2_ne(x, x))
}

/// 2/(2j + 1) for j = 0..6: log(1 + f) = 2 atanh(s) = 2s + 2s³/3 + ... with s = f/(2 + f),
/// |s| <= 0.1716 there. The first term left out is below 2^-28 of log(1 + f) after 2s^9/9
/// (log), 2^-39 after 2s^13/13 (pow, whose y log x must be good to 2^-30 absolute).
pub(super) const ATANH_SERIES: [f64; 7] = [
    2.0,
    0.6666666666666666,
    0.4,
    0.2857142857142857,
    0.2222222222222222,
    0.18181818181818182,
    0.15384615384615385,
];

/// log(x) for positive normal x on two f64 lanes by the series `atanh` (ATANH_SERIES
/// cut): x = 2^k (1 + f) with 1 + f in [sqrt(2)/2, sqrt(2)), then k ln2 + 2 atanh(f /
/// (2 + f)). Where k != 0 the sum cannot cancel (|k ln2| >= 0.69 > |log(1 + f)|), and
/// where k = 0 the series is relatively accurate however small f is. Also returns the
/// mask of the lanes it does not cover: x <= 0, NaN and +Inf.
#[inline(always)]
pub(super) fn log_series(x: v128, atanh: &[f64]) -> (v128, v128) {
    let splat = f64x2_splat;
    let k = i64x2_shr(i64x2_sub(x, i64x2_splat(SQRT_HALF_BITS)), 52);
    let m = i64x2_sub(x, i64x2_shl(k, 52));
    // k exactly as a float: SHIFTER's bits plus k, minus SHIFTER.
    let dk = f64x2_sub(i64x2_add(splat(SHIFTER), k), splat(SHIFTER));
    let f = f64x2_sub(m, splat(1.0));
    let s = f64x2_div(f, f64x2_add(splat(2.0), f));
    let p = poly(atanh, f64x2_mul(s, s));
    let result = f64x2_add(f64x2_mul(dk, splat(LN2)), f64x2_mul(s, p));
    let covered = v128_and(f64x2_ge(x, splat(f64::MIN_POSITIVE)), f64x2_lt(x, splat(f64::INFINITY)));
    (result, v128_not(covered))
}

/// log(x) for float32 x on two f64 lanes. Returns the results and the mask of the lanes
/// left to the scalar `log`: x <= 0, NaN and +Inf.
#[inline(always)]
pub fn log_f32_lanes(x: v128) -> (v128, v128) {
    log_series(x, &ATANH_SERIES[..5])
}

/// erf(x)/x on [0, 1] as a polynomial in x²: least squares fitted toward minimax on the
/// relative error (numpy, 20,000 points), max relative error 8.3e-13 (2^-40.1) checked
/// against mpmath at 3,000 random points.
const ERF_SMALL: [f64; 9] = [
    1.1283791670945866,
    -0.3761263888851114,
    0.11283791285520908,
    -0.026866131420975242,
    0.005223776452885701,
    -0.000854248994017634,
    0.00011954830527777238,
    -1.3898773858225799e-05,
    1.056316414213554e-06,
];

/// erfcx(x) = e^(x²) erfc(x) on [1, 10.5] as a polynomial in t = 1/(1 + x/2), fitted as
/// ERF_SMALL against scipy's erfcx (40,000 points); max relative error 1.15e-10 (2^-32.9)
/// checked against mpmath at 3,000 random points.
const ERFCX: [f64; 11] = [
    6.617794426020928e-07,
    0.28207284100366087,
    0.28241218188402206,
    0.24421305371066668,
    0.18983949006468512,
    0.03907403452417246,
    0.08574837358996185,
    -0.14502439298352937,
    -0.08179399516874548,
    0.1583883186781827,
    -0.05506514027339255,
];

/// Where erfc(x) is below 2^-150 (half float32's smallest subnormal) and rounds to 0.
const ERFC_LANES_MAX: f64 = 10.5;

/// erf(x) for |x| < 1 and erfc(|x|) for |x| >= 1 (the larger |x| clamped to 10.5, where
/// both results are already float32's last values), each within 2^-32 relative, and the
/// mask of |x| >= 1. e^(-x²) takes a longer series than exp's: its error adds to
/// erfcx's. x² is exact for float32 x.
#[inline(always)]
fn erf_parts(x: v128) -> (v128, v128, v128) {
    let splat = f64x2_splat;
    let ax = f64x2_abs(x);
    let small = f64x2_mul(x, poly(&ERF_SMALL, f64x2_mul(x, x)));
    let a = f64x2_pmin(ax, splat(ERFC_LANES_MAX));
    let t = f64x2_div(splat(1.0), f64x2_add(splat(1.0), f64x2_mul(a, splat(0.5))));
    let tail = f64x2_mul(exp_series(f64x2_neg(f64x2_mul(a, a)), &EXP_TAYLOR), poly(&ERFCX, t));
    (small, tail, f64x2_ge(ax, splat(1.0)))
}

/// erfcx(x) on [0, 10.5] as a polynomial in t = 1/(1 + x/2), fitted as ERFCX (60,000
/// points); max relative error 7.6e-11 (2^-33.6) checked against mpmath at 4,000 random
/// points. erfc >= 0.157 on [0, 1], so no separate erf form is needed there.
const ERFCX_FROM_0: [f64; 13] = [
    -5.899267316167515e-07,
    0.28211710325820655,
    0.2817181029352264,
    0.25058808157002194,
    0.15168447739992108,
    0.1956383977483508,
    -0.3651389691423686,
    0.7709790843909239,
    -1.3796672955269749,
    1.4011743976020858,
    -0.8097861927603437,
    0.25519903670228494,
    -0.03450563432595527,
];

/// erfc(x) for float32 x on two f64 lanes: e^(-x²) erfcx(x) for x >= 0 (x clamped to
/// 10.5, beyond which float32's erfc is 0) and 2 minus erfc(-x) below. One rational form
/// over the whole range costs 4 terms more than erfcx on [1, 10.5] alone and saves
/// erf's polynomial and the selects: 12.6 -> 10.8 CPU ns per element, 4M values over
/// [-3, 6] with a sum, one thread of the 2-core machine. Where both lanes have |x| < 1,
/// 1 - erf(x) alone (erf_parts' small form) is cheaper still: over [-0.8, 0.8] 11.2 ->
/// 3.7-6.6 ns, over [-3, 3] 11.0 -> 8.3-9.4 (the branch costs nothing measurable there).
/// Returns the results and the mask of the lanes left to the scalar `erfc`: NaN.
#[inline(always)]
pub fn erfc_f32_lanes(x: v128) -> (v128, v128) {
    let splat = f64x2_splat;
    if i64x2_all_true(f64x2_lt(f64x2_abs(x), splat(1.0))) {
        return (f64x2_sub(splat(1.0), f64x2_mul(x, poly(&ERF_SMALL, f64x2_mul(x, x)))), splat(0.0));
    }
    let a = f64x2_pmin(f64x2_abs(x), splat(ERFC_LANES_MAX));
    let t = f64x2_div(splat(1.0), f64x2_add(splat(1.0), f64x2_mul(a, splat(0.5))));
    let tail = f64x2_mul(exp_series(f64x2_neg(f64x2_mul(a, a)), &EXP_TAYLOR), poly(&ERFCX_FROM_0, t));
    let negative = f64x2_lt(x, splat(0.0));
    (v128_bitselect(f64x2_sub(splat(2.0), tail), tail, negative), f64x2_ne(x, x))
}

/// erf(x) for float32 x on two f64 lanes: x P(x²) for |x| < 1 (-0 and subnormals kept),
/// ±(1 - erfc(|x|)) beyond, the tail skipped where both lanes have |x| < 1 (as in
/// `erfc_f32_lanes`). Returns the results and the mask of the lanes left to the scalar
/// `erf`: NaN.
#[inline(always)]
pub fn erf_f32_lanes(x: v128) -> (v128, v128) {
    if i64x2_all_true(f64x2_lt(f64x2_abs(x), f64x2_splat(1.0))) {
        return (f64x2_mul(x, poly(&ERF_SMALL, f64x2_mul(x, x))), f64x2_splat(0.0));
    }
    let (small, tail, large) = erf_parts(x);
    let sign = v128_and(x, f64x2_splat(-0.0));
    let large_result = v128_or(f64x2_sub(f64x2_splat(1.0), tail), sign);
    (v128_bitselect(large_result, small, large), f64x2_ne(x, x))
}

/// log(1 + x) for float32 x on two f64 lanes: 1 + x is exact in f64 for float32 |x| >=
/// 2^-29 (its bits span at most 53 places) and close enough where x is large, so
/// `log_f32_lanes` of it is log1p(x) as accurately; below, log1p(x) = x to within x²/2,
/// under 2^-30 of x (-0 and subnormals kept). Returns the results and the mask of the
/// lanes left to the scalar `log1p`: x <= -1, NaN and +Inf.
#[inline(always)]
pub fn log1p_f32_lanes(x: v128) -> (v128, v128) {
    let (log, uncovered) = log_f32_lanes(f64x2_add(x, f64x2_splat(1.0)));
    // 2^-29
    let tiny = f64x2_lt(f64x2_abs(x), f64x2_splat(1.862645149230957e-9));
    (v128_bitselect(x, log, tiny), uncovered)
}

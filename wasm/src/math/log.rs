//! log, log2, log10 and log1p by the method of fdlibm's e_log.c and s_log1p.c (log2 and
//! log10 as in FreeBSD's e_log2.c / e_log10.c): write x = 2^k (1 + f) with
//! sqrt(2)/2 < 1 + f < sqrt(2), then log(1 + f) = f - f²/2 + s (f²/2 + R(s²)) with
//! s = f / (2 + f) and R a Remez polynomial of error < 2^-58.45. log2 and log10 split
//! f - f²/2 into a 21-bit head and a tail, so the multiplication by 1/ln2 or 1/ln10
//! (itself split) adds no rounding error to the head.

use super::{high_word, low_word, with_high_word, with_low_word_zero};
use super::exp::{LN2_HI, LN2_LO};
use super::lane_compare::gt_narrow;
use core::arch::wasm32::*;

pub(super) const LG1: f64 = 6.666666666666735130e-01;
pub(super) const LG2: f64 = 3.999999999940941908e-01;
pub(super) const LG3: f64 = 2.857142874366239149e-01;
pub(super) const LG4: f64 = 2.222219843214978396e-01;
pub(super) const LG5: f64 = 1.818357216161805012e-01;
pub(super) const LG6: f64 = 1.531383769920937332e-01;
pub(super) const LG7: f64 = 1.479819860511658591e-01;
const TWO54: f64 = 18014398509481984.0;

/// s (f²/2 + R(s²)) with s = f / (2 + f): log(1 + f) - (f - f²/2) (FreeBSD's k_log1p).
fn log1p_tail(f: f64) -> f64 {
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    s * (0.5 * f * f + t2 + t1)
}

/// The x that every log gives up on: ±0 -> -Inf, x < 0 -> NaN, NaN and +Inf -> themselves.
/// Otherwise (k, x normalised into [sqrt(2)/2, sqrt(2)), its high mantissa bits).
fn reduce(x: f64) -> Result<(i32, f64, u32), f64> {
    let mut x = x;
    let mut hx = high_word(x);
    let mut k = 0i32;
    if hx < 0x0010_0000 || hx >> 31 != 0 {
        if (hx & 0x7fff_ffff) | low_word(x) == 0 {
            return Err(f64::NEG_INFINITY);
        }
        if hx >> 31 != 0 {
            return Err(if x.is_nan() { x + x } else { f64::NAN });
        }
        // subnormal: scale into the normal range
        k -= 54;
        x *= TWO54;
        hx = high_word(x);
    }
    if hx >= 0x7ff0_0000 {
        return Err(x + x);
    }
    k += (hx >> 20) as i32 - 1023;
    let m = hx & 0x000f_ffff;
    // i is 0x100000 when the mantissa is above sqrt(2): then normalise x/2 instead.
    let i = (m + 0x95f64) & 0x0010_0000;
    k += (i >> 20) as i32;
    Ok((k, with_high_word(x, m | (i ^ 0x3ff0_0000)), m))
}

/// Natural logarithm: < 1 ulp (fdlibm's bound).
pub fn log(x: f64) -> f64 {
    let (k, x, m) = match reduce(x) {
        Ok(v) => v,
        Err(special) => return special,
    };
    let f = x - 1.0;
    let dk = k as f64;
    if (0x000f_ffff & (2 + m)) < 3 {
        // -2^-20 <= f < 2^-20: a short series
        if f == 0.0 {
            return if k == 0 { 0.0 } else { dk * LN2_HI + dk * LN2_LO };
        }
        let r = f * f * (0.5 - 0.33333333333333333 * f);
        return if k == 0 { f - r } else { dk * LN2_HI - ((r - dk * LN2_LO) - f) };
    }
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    // For mantissas in (1.38, 1.42), where 1 + f is near sqrt(2) or sqrt(2)/2 and |f| is
    // largest, subtracting f²/2 on its own keeps the error smaller (e_log.c).
    let largest_f = (m as i32 - 0x6147a) | (0x6b851 - m as i32) > 0;
    if largest_f {
        let hfsq = 0.5 * f * f;
        if k == 0 {
            f - (hfsq - s * (hfsq + r))
        } else {
            dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
        }
    } else if k == 0 {
        f - s * (f - r)
    } else {
        dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)
    }
}

/// `log` on two f64 lanes, bit for bit, for positive normal x outside `log`'s short
/// series (1 + f within 2^-20 of 1): `reduce` on the high words in i64 lanes, and both
/// of `log`'s main formulas computed and selected per lane. Its k == 0 forms are left
/// out: with k = +0 the k != 0 forms give the same values (0 - (a - f) is f - a exactly,
/// and adding or subtracting k LN2_LO = +0 changes no nonzero term). Returns the results
/// and the mask of the lanes left to `log` (vm/simd.rs `lanes1_or_each`): subnormals,
/// ±0, negative numbers, NaN, +Inf and short-series values, rare in data.
#[inline]
pub fn log_lanes(x: v128) -> (v128, v128) {
    let (splat, word) = (f64x2_splat, i64x2_splat);
    let m = v128_and(u64x2_shr(x, 32), word(0x000f_ffff));
    let normal = v128_and(f64x2_ge(x, splat(f64::MIN_POSITIVE)), f64x2_lt(x, splat(f64::INFINITY)));
    // (m + 2) mod 2^20 < 3, as equalities: LLVM turns the comparison into an unsigned one,
    // which wasm has no i64x2 form of, and then compares lane by lane.
    let short_series = v128_or(i64x2_eq(m, word(0)), v128_or(i64x2_eq(m, word(0x000f_fffe)), i64x2_eq(m, word(0x000f_ffff))));
    // i is 2^20 when the mantissa is above sqrt(2), as in `reduce`.
    let i = v128_and(i64x2_add(m, word(0x95f64)), word(0x0010_0000));
    let k = i64x2_add(i64x2_sub(u64x2_shr(x, 52), word(1023)), u64x2_shr(i, 20));
    // x / 2^k, in [sqrt(2)/2, sqrt(2)): only the exponent field changes.
    let f = f64x2_sub(i64x2_sub(x, i64x2_shl(k, 52)), splat(1.0));
    let dk = f64x2_convert_low_i32x4(i32x4_shuffle::<0, 2, 0, 2>(k, k));
    let s = f64x2_div(f, f64x2_add(splat(2.0), f));
    let z = f64x2_mul(s, s);
    let w = f64x2_mul(z, z);
    let t1 = f64x2_mul(w, f64x2_add(splat(LG2), f64x2_mul(w, f64x2_add(splat(LG4), f64x2_mul(w, splat(LG6))))));
    let t2 = f64x2_mul(
        z,
        f64x2_add(splat(LG1), f64x2_mul(w, f64x2_add(splat(LG3), f64x2_mul(w, f64x2_add(splat(LG5), f64x2_mul(w, splat(LG7))))))),
    );
    let r = f64x2_add(t2, t1);
    let k_hi = f64x2_mul(dk, splat(LN2_HI));
    let k_lo = f64x2_mul(dk, splat(LN2_LO));
    let largest_f = gt_narrow(v128_or(i64x2_sub(m, word(0x6147a)), i64x2_sub(word(0x6b851), m)), word(0));
    let hfsq = f64x2_mul(f64x2_mul(splat(0.5), f), f);
    let sum = f64x2_add(f64x2_mul(s, f64x2_add(hfsq, r)), k_lo);
    let largest = f64x2_sub(k_hi, f64x2_sub(f64x2_sub(hfsq, sum), f));
    let rest = f64x2_sub(k_hi, f64x2_sub(f64x2_sub(f64x2_mul(s, f64x2_sub(f, r)), k_lo), f));
    (v128_bitselect(largest, rest, largest_f), v128_or(v128_not(normal), short_series))
}

/// (head, tail) of f - f²/2 + log1p_tail(f) = log(1 + f), the head holding 21 bits.
fn log1p_split(f: f64) -> (f64, f64) {
    let hfsq = 0.5 * f * f;
    let r = log1p_tail(f);
    let hi = with_low_word_zero(f - hfsq);
    (hi, (f - hi) - hfsq + r)
}

/// 1/ln2 in a 32-bit head and a tail (e_log2.c's ivln2hi / ivln2lo).
const INV_LN2_HI: f64 = 1.44269504072144627571e+00;
const INV_LN2_LO: f64 = 1.67517131648865118353e-10;

/// Base-2 logarithm: exact for powers of two, < 1 ulp elsewhere (measured).
pub fn log2(x: f64) -> f64 {
    let (k, x, _) = match reduce(x) {
        Ok(v) => v,
        Err(special) => return special,
    };
    let (hi, lo) = log1p_split(x - 1.0);
    let mut val_hi = hi * INV_LN2_HI;
    let mut val_lo = (lo + hi) * INV_LN2_LO + lo * INV_LN2_HI;
    // k + val_hi with its rounding error carried into val_lo (Fast2Sum: |k| >= |val_hi|
    // whenever k != 0).
    let y = k as f64;
    let w = y + val_hi;
    val_lo += (y - w) + val_hi;
    val_hi = w;
    val_lo + val_hi
}

/// 1/ln10 and log10(2) in heads and tails (e_log10.c's ivln10hi/lo, log10_2hi/lo).
const INV_LN10_HI: f64 = 4.34294481878168880939e-01;
const INV_LN10_LO: f64 = 2.50829467116452752298e-11;
const LOG10_2_HI: f64 = 3.01029995663611771306e-01;
const LOG10_2_LO: f64 = 3.69423907715893078616e-13;

/// Base-10 logarithm: < 1 ulp (measured).
pub fn log10(x: f64) -> f64 {
    let (k, x, _) = match reduce(x) {
        Ok(v) => v,
        Err(special) => return special,
    };
    let (hi, lo) = log1p_split(x - 1.0);
    let y = k as f64;
    let val_hi = hi * INV_LN10_HI;
    let y2 = y * LOG10_2_HI;
    let mut val_lo = y * LOG10_2_LO + (lo + hi) * INV_LN10_LO + lo * INV_LN10_HI;
    let w = y2 + val_hi;
    val_lo += (y2 - w) + val_hi;
    val_lo + w
}

/// log(1 + x), accurate near 0: < 1 ulp (fdlibm's bound). When 1 + x is rounded, the
/// rounding error c is carried as a correction c / (1 + x).
pub fn log1p(x: f64) -> f64 {
    let hx = high_word(x) as i32;
    let ax = (hx & 0x7fff_ffff) as u32;
    let mut k = 1i32;
    let mut f = 0.0;
    let mut hu = 0u32;
    let mut c = 0.0;
    if hx < 0x3fda_827a {
        // 1 + x < sqrt(2) (or x negative, NaN included)
        if ax >= 0x3ff0_0000 {
            // x <= -1, or a negative NaN
            if x == -1.0 {
                return f64::NEG_INFINITY;
            }
            return if x.is_nan() { x + x } else { f64::NAN };
        }
        if ax < 0x3e20_0000 {
            // |x| < 2^-29: x - x²/2 is enough, and x itself below 2^-54
            return if ax < 0x3c90_0000 { x } else { x - x * x * 0.5 };
        }
        if hx > 0 || ax <= 0x3fd2_bec4 {
            // sqrt(2)/2 <= 1 + x < sqrt(2): no reduction, and 1 + x need not be formed
            k = 0;
            f = x;
            hu = 1;
        }
    }
    if hx >= 0x7ff0_0000 {
        return x + x;
    }
    if k != 0 {
        let u = if hx < 0x4340_0000 {
            // x < 2^53: 1 + x is rounded; c is its error relative to 1 + x
            let u = 1.0 + x;
            hu = high_word(u);
            k = (hu >> 20) as i32 - 1023;
            c = if k > 0 { 1.0 - (u - x) } else { x - (u - 1.0) };
            c /= u;
            u
        } else {
            hu = high_word(x);
            k = (hu >> 20) as i32 - 1023;
            x
        };
        hu &= 0x000f_ffff;
        let u = if hu < 0x6a09e {
            with_high_word(u, hu | 0x3ff0_0000)
        } else {
            k += 1;
            let u = with_high_word(u, hu | 0x3fe0_0000);
            hu = (0x0010_0000 - hu) >> 2;
            u
        };
        f = u - 1.0;
    }
    let hfsq = 0.5 * f * f;
    let dk = k as f64;
    if hu == 0 {
        // |f| < 2^-20
        if f == 0.0 {
            return if k == 0 { 0.0 } else { dk * LN2_HI + (c + dk * LN2_LO) };
        }
        let r = hfsq * (1.0 - 0.66666666666666666 * f);
        return if k == 0 { f - r } else { dk * LN2_HI - ((r - (dk * LN2_LO + c)) - f) };
    }
    let s = f / (2.0 + f);
    let z = s * s;
    let r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
    if k == 0 {
        f - (hfsq - s * (hfsq + r))
    } else {
        dk * LN2_HI - ((hfsq - (s * (hfsq + r) + (dk * LN2_LO + c))) - f)
    }
}

//! exp, exp2 and expm1 by the method of fdlibm's e_exp.c and s_expm1.c: reduce
//! x = k ln2 + r with |r| <= ln2/2 (r kept as hi - lo so it carries more than 53 bits),
//! approximate e^r through the rational form R(r²) of r (e^r + 1)/(e^r - 1), whose
//! Remez polynomial has error < 2^-59, and scale by 2^k. exp2 reduces x = k + r exactly
//! and feeds r ln2, formed as a double-double, to the same kernel. `exp_split` and
//! `expm1_split` return unrounded double-doubles (same reduction, Taylor series for e^r - 1
//! with an exact r²) for callers that combine them before rounding once.

use super::real::{Real, Wide};
use super::lane_compare::gt_narrow;
use super::{fast_two_sum, high_word, pow2, round_to_int, two_product, two_sum};
use core::arch::wasm32::*;

/// ln2 split so that k * LN2_HI is exact for |k| < 2^11 (fdlibm's ln2HI / ln2LO).
pub(super) const LN2_HI: f64 = 6.93147180369123816490e-01;
pub(super) const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700e+00;
/// ln2 rounded to double, and the rest of it.
const LN2: f64 = 6.93147180559945286227e-01;
const LN2_TAIL: f64 = 2.319046813846299558e-17;

/// Remez coefficients of R(t) on [0, (ln2/2)²] (e_exp.c P1..P5); pow uses them too.
pub(super) const P1: f64 = 1.66666666666666019037e-01;
pub(super) const P2: f64 = -2.77777777770155933842e-03;
pub(super) const P3: f64 = 6.61375632143793436117e-05;
pub(super) const P4: f64 = -1.65339022054652515390e-06;
pub(super) const P5: f64 = 4.13813679705723846039e-08;

/// Largest x with finite e^x, and the x below which e^x rounds to 0.
pub(super) const EXP_OVERFLOW: f64 = 7.09782712893383973096e+02;
const EXP_UNDERFLOW: f64 = -7.45133219101941108420e+02;

/// e^(hi - lo) * 2^k for |hi - lo| <= ln2/2 (a little more is fine), where lo is the
/// rounding error of the reduced argument, and -1075 <= k <= 1024.
fn exp_reduced(hi: f64, lo: f64, k: i32) -> f64 {
    let r = hi - lo;
    let t = r * r;
    let c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    let y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    if k >= -1021 {
        if k == 1024 {
            return y * 2.0 * pow2(1023);
        }
        // y is in [1/2, 2), so adding k to its exponent stays normal.
        return f64::from_bits((y.to_bits() as i64 + ((k as i64) << 52)) as u64);
    }
    // Scale in two steps so the only rounding is into the subnormal grid.
    y * pow2(k + 1000) * pow2(-1000)
}

/// e^x: < 1 ulp (fdlibm's bound); e^-Inf = +0, e^+Inf = +Inf.
pub fn exp(x: f64) -> f64 {
    let hx = high_word(x);
    let ix = hx & 0x7fff_ffff;
    let negative = hx >> 31 != 0;
    if ix >= 0x4086_2e42 {
        // |x| >= 709.78
        if x.is_nan() {
            return x + x;
        }
        if x > EXP_OVERFLOW {
            return f64::INFINITY;
        }
        if x < EXP_UNDERFLOW {
            return 0.0;
        }
    }
    let (hi, lo, k) = if ix > 0x3fd6_2e42 {
        // |x| > ln2/2
        if ix < 0x3ff0_a2b2 {
            // |x| < 1.5 ln2: k = ±1. The kernel's result for x = 1 is 1 ulp above e (0.67
            // ulp off), so e is returned as such, as V8's port of this code does: np.exp(1)
            // then prints as NumPy's and the js backend's.
            if x == 1.0 {
                return core::f64::consts::E;
            }
            if negative {
                (x + LN2_HI, -LN2_LO, -1)
            } else {
                (x - LN2_HI, LN2_LO, 1)
            }
        } else {
            let k = (INV_LN2 * x + if negative { -0.5 } else { 0.5 }) as i32;
            let t = k as f64;
            (x - t * LN2_HI, t * LN2_LO, k)
        }
    } else if ix < 0x3e30_0000 {
        // |x| < 2^-28: e^x = 1 + x to within 2^-56
        return 1.0 + x;
    } else {
        (x, 0.0, 0)
    };
    exp_reduced(hi, lo, k)
}

/// Below this |x| the reduction gives -1021 <= k <= 1021, so `exp_reduced`'s result is
/// 2^k y with y in [1/2, 2), always normal: the lane form needs no scaling steps.
const LANES_MAX: f64 = 708.0;

/// `exp` on two f64 lanes, bit for bit: the same reduction (k = 0 for |x| <= ln2/2 by
/// fdlibm's high-word test, else k = trunc(x/ln2 ± 1/2), which is ±1 on the scalar
/// code's separate 1.5 ln2 branch too), the same kernel, and 2^k added to the exponent
/// field; |x| < 2^-28 gives 1 + x and x = 1 gives e, as there. Returns the results and
/// the mask of the lanes left to `exp` (vm/simd.rs `lanes1_or_each`): NaN, ±Inf and
/// |x| >= 708 (overflow, underflow, subnormal results), rare in data.
#[inline]
pub fn exp_lanes(x: v128) -> (v128, v128) {
    let splat = f64x2_splat;
    let ax = f64x2_abs(x);
    // |x| <= ln2/2 where the high word is at most 0x3fd62e42.
    let small = f64x2_lt(ax, splat(f64::from_bits(0x3fd6_2e43_0000_0000)));
    let half = v128_or(splat(0.5), v128_and(x, splat(-0.0)));
    let t = v128_andnot(f64x2_trunc(f64x2_add(f64x2_mul(splat(INV_LN2), x), half)), small);
    let hi = f64x2_sub(x, f64x2_mul(t, splat(LN2_HI)));
    let lo = f64x2_mul(t, splat(LN2_LO));
    let r = f64x2_sub(hi, lo);
    let rr = f64x2_mul(r, r);
    let mut p = splat(P5);
    for coefficient in [P4, P3, P2, P1] {
        p = f64x2_add(splat(coefficient), f64x2_mul(rr, p));
    }
    let c = f64x2_sub(r, f64x2_mul(rr, p));
    let q = f64x2_div(f64x2_mul(r, c), f64x2_sub(splat(2.0), c));
    let y = f64x2_sub(splat(1.0), f64x2_sub(f64x2_sub(lo, q), hi));
    let scaled = i64x2_add(y, exponent_lanes(t));
    let tiny = f64x2_lt(ax, splat(f64::from_bits(0x3e30_0000_0000_0000)));
    let e = f64x2_eq(x, splat(1.0));
    let near_zero = v128_bitselect(f64x2_add(splat(1.0), x), scaled, tiny);
    let result = v128_bitselect(splat(core::f64::consts::E), near_zero, e);
    (result, v128_not(f64x2_lt(ax, splat(LANES_MAX))))
}

/// 1.5 * 2^52: adding it to an integer-valued f64 t with |t| < 2^51 is exact and leaves t
/// in the low bits of the sum's mantissa.
pub const ROUNDING_MAGIC: f64 = 6755399441055744.0;

/// `(t as i64) << 52` on two lanes of integer-valued t, |t| < 2^31 (an exponent to add to
/// a float's bits). Written with the magic constant rather than
/// `i64x2_extend_low_i32x4(i32x4_trunc_sat_f64x2_zero(t))`: LLVM folds that pair into a
/// saturating f64 -> i64 conversion, which wasm has no lane instruction for, and emitted
/// it lane by lane with range checks and branches in the middle of every vector.
#[inline]
pub fn exponent_lanes(t: v128) -> v128 {
    let magic = f64x2_splat(ROUNDING_MAGIC);
    i64x2_shl(i64x2_sub(f64x2_add(t, magic), magic), 52)
}

/// 2^k on eight lanes of integer-valued k, -1022 <= k <= 1023: exact, by the exponent field.
#[inline(always)]
pub fn pow2_lanes(k: Wide) -> Wide {
    k.map(|k| i64x2_add(exponent_lanes(k), f64x2_splat(1.0)))
}

/// 2^x: < 1 ulp, exact for integer x (subnormal powers included).
pub fn exp2(x: f64) -> f64 {
    if x.is_nan() {
        return x + x;
    }
    if x >= 1024.0 {
        return f64::INFINITY;
    }
    // 2^-1075 is half the smallest subnormal: it and everything below rounds to 0.
    if x <= -1075.0 {
        return 0.0;
    }
    // x - k is exact, and r ln2 = p + e + r * LN2_TAIL to ~2^-100 relative.
    let k = round_to_int(x);
    let r = x - k;
    let (p, e) = two_product(r, LN2);
    exp_reduced(p, -(e + r * LN2_TAIL), k as i32)
}

const EXPM1_Q1: f64 = -3.33333333333331316428e-02;
const EXPM1_Q2: f64 = 1.58730158725481460165e-03;
const EXPM1_Q3: f64 = -7.93650757867487942473e-05;
const EXPM1_Q4: f64 = 4.00821782732936239552e-06;
const EXPM1_Q5: f64 = -2.01099218183624371326e-07;

/// expm1 on two f64 lanes for ln2/2 >= |x| >= 2^-54, where the scalar `expm1` takes no
/// reduction (k = 0): its steps in each lane, the same operations in the same order, so
/// the lanes give its bits. Daily returns and rates lie there; the rest (|x| > ln2/2,
/// tiny x, NaN) is reported uncovered and left to `expm1`.
#[inline]
pub fn expm1_lanes(x: v128) -> (v128, v128) {
    let splat = f64x2_splat;
    let ix = v128_and(u64x2_shr(x, 32), i64x2_splat(0x7fff_ffff));
    let covered = v128_and(gt_narrow(ix, i64x2_splat(0x3c8f_ffff)), v128_not(gt_narrow(ix, i64x2_splat(0x3fd6_2e42))));
    let hfx = f64x2_mul(splat(0.5), x);
    let hxs = f64x2_mul(x, hfx);
    let mut q = splat(EXPM1_Q5);
    for c in [EXPM1_Q4, EXPM1_Q3, EXPM1_Q2, EXPM1_Q1] {
        q = f64x2_add(splat(c), f64x2_mul(hxs, q));
    }
    let r1 = f64x2_add(splat(1.0), f64x2_mul(hxs, q));
    let t = f64x2_sub(splat(3.0), f64x2_mul(r1, hfx));
    let e = f64x2_mul(hxs, f64x2_div(f64x2_sub(r1, t), f64x2_sub(splat(6.0), f64x2_mul(x, t))));
    (f64x2_sub(x, f64x2_sub(f64x2_mul(x, e), hxs)), v128_not(covered))
}

/// e^x - 1 without cancellation near 0: < 1 ulp (fdlibm's bound). The reduced argument
/// r = hi - lo carries its rounding error c, and the result is assembled per range of k
/// so that 2^k (e^r - 1) + (2^k - 1) never cancels.
pub fn expm1(x: f64) -> f64 {
    let hx = high_word(x);
    let ix = hx & 0x7fff_ffff;
    let negative = hx >> 31 != 0;
    if ix >= 0x4043_687a {
        // |x| >= 56 ln2
        if ix >= 0x4086_2e42 {
            // |x| >= 709.78: NaN, ±Inf, or close to overflow
            if x.is_nan() {
                return x + x;
            }
            if ix >= 0x7ff0_0000 {
                return if negative { -1.0 } else { x };
            }
            if x > EXP_OVERFLOW {
                return f64::INFINITY;
            }
        }
        if negative {
            // e^x < 2^-56: the result is -1 rounded
            return -1.0;
        }
    }
    let (mut x, c, k) = if ix > 0x3fd6_2e42 {
        // |x| > ln2/2
        let (hi, lo, k) = if ix < 0x3ff0_a2b2 {
            if negative {
                (x + LN2_HI, -LN2_LO, -1)
            } else {
                (x - LN2_HI, LN2_LO, 1)
            }
        } else {
            let k = (INV_LN2 * x + if negative { -0.5 } else { 0.5 }) as i32;
            let t = k as f64;
            (x - t * LN2_HI, t * LN2_LO, k)
        };
        let r = hi - lo;
        (r, (hi - r) - lo, k)
    } else if ix < 0x3c90_0000 {
        // |x| < 2^-54: e^x - 1 = x (also keeps -0 and subnormals exact)
        return x;
    } else {
        (x, 0.0, 0)
    };

    let hfx = 0.5 * x;
    let hxs = x * hfx;
    let r1 = 1.0 + hxs * (EXPM1_Q1 + hxs * (EXPM1_Q2 + hxs * (EXPM1_Q3 + hxs * (EXPM1_Q4 + hxs * EXPM1_Q5))));
    let t = 3.0 - r1 * hfx;
    let mut e = hxs * ((r1 - t) / (6.0 - x * t));
    if k == 0 {
        return x - (x * e - hxs);
    }
    e = x * (e - c) - c;
    e -= hxs;
    if k == -1 {
        return 0.5 * (x - e) - 0.5;
    }
    if k == 1 {
        return if x < -0.25 { -2.0 * (e - (x + 0.5)) } else { 1.0 + 2.0 * (x - e) };
    }
    if k <= -2 || k > 56 {
        // 2^k (1 + r) - 1 with no cancellation worth keeping
        let y = 1.0 - (e - x);
        let y = if k == 1024 { y * 2.0 * pow2(1023) } else { y * pow2(k) };
        return y - 1.0;
    }
    if k < 20 {
        let t = 1.0 - pow2(-k); // exact
        x = t - (e - x);
    } else {
        x = x - (e + pow2(-k));
        x += 1.0;
    }
    x * pow2(k)
}

/// 1/n! for n = 3..14: the Taylor tail of e^r - 1 - r - r²/2. For |r| <= ln2/2 the first
/// term left out, r^15/15!, is below 2^-61 of e^r - 1.
const INV_FACTORIAL: [f64; 12] = [
    0.16666666666666666,
    0.041666666666666664,
    0.008333333333333333,
    0.001388888888888889,
    0.0001984126984126984,
    2.48015873015873e-05,
    2.7557319223985893e-06,
    2.755731922398589e-07,
    2.505210838544172e-08,
    2.08767569878681e-09,
    1.6059043836821613e-10,
    1.1470745597729725e-11,
];

/// hi + lo = k ln2 + (r + r_lo) with |r| <= ~ln2/2, for |hi| <= 1024 and |lo| <= ulp(hi).
/// hi - k LN2_HI is exact (k LN2_HI has at most 43 bits, and Sterbenz), and lo - k LN2_LO
/// is off by less than 2^-74 absolute, which moves e^(hi + lo) by as much relatively.
/// k is returned as a float (an integer value).
#[inline(always)]
fn reduce_ln2<F: Real>(hi: F, lo: F) -> (F, F, F) {
    let k = round_to_int(hi * F::of(INV_LN2));
    let (r, r_lo) = two_sum(hi - k * F::of(LN2_HI), lo - k * F::of(LN2_LO));
    (k, r, r_lo)
}

/// e^(r + r_lo) - 1 as a double-double, to ~2^-60 relative, for |r| <= ~ln2/2: r + r²/2
/// with r² exact (Dekker), plus the Taylor tail, whose rounding is small next to r.
#[inline(always)]
fn expm1_reduced<F: Real>(r: F, r_lo: F) -> (F, F) {
    let (p, p_err) = two_product(r, r);
    let mut poly = F::of(INV_FACTORIAL[11]);
    for &c in INV_FACTORIAL[..11].iter().rev() {
        poly = poly * r + F::of(c);
    }
    let (s, e) = two_sum(r, F::of(0.5) * p);
    fast_two_sum(s, e + (F::of(0.5) * p_err + r * p * poly + r_lo * (F::of(1.0) + r)))
}

/// e^(hi + lo) = (y + y_lo) * 2^k, the double-double y + y_lo in [~0.7, ~1.42] and good to
/// ~2^-60, for |hi| <= 1024 and |lo| <= ulp(hi). For results that must be rounded only once
/// after further arithmetic (erfc, the hyperbolic functions).
pub(super) fn exp_split(hi: f64, lo: f64) -> (f64, f64, i32) {
    let (y, y_lo, k) = exp_split_parts(hi, lo);
    (y, y_lo, k as i32)
}

/// `exp_split` with k as a float, on f64 or lanes alike (erf_lanes.rs).
#[inline(always)]
pub(super) fn exp_split_parts<F: Real>(hi: F, lo: F) -> (F, F, F) {
    let (k, r, r_lo) = reduce_ln2(hi, lo);
    let (m, m_lo) = expm1_reduced(r, r_lo);
    let (y, e) = fast_two_sum(F::of(1.0), m);
    let (y, y_lo) = fast_two_sum(y, e + m_lo);
    (y, y_lo, k)
}

/// x = k ln2 + r and e^r - 1 as the double-double m + m_lo: (m, m_lo, k), on f64 or lanes
/// alike (hyperbolic_lanes.rs).
#[inline(always)]
pub(super) fn expm1_split_reduced<F: Real>(x: F) -> (F, F, F) {
    let (k, r, r_lo) = reduce_ln2(x, F::of(0.0));
    let (m, m_lo) = expm1_reduced(r, r_lo);
    (m, m_lo, k)
}

/// e^x - 1 as a double-double good to ~2^-60 relative, for 0 <= x < 36 (so that 2^k below
/// fits 53 bits): 2^k (e^r - 1) + (2^k - 1) = 2^k ((1 - 2^-k) + (e^r - 1)).
pub(super) fn expm1_split(x: f64) -> (f64, f64) {
    let (m, m_lo, k) = expm1_split_reduced(x);
    let k = k as i32;
    if k == 0 {
        return (m, m_lo);
    }
    let (s, e) = two_sum(1.0 - pow2(-k), m);
    let (h, l) = fast_two_sum(s, e + m_lo);
    (h * pow2(k), l * pow2(k))
}

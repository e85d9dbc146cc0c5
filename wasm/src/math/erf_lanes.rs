//! erf and erfc on two f64 lanes, bit for bit the scalar functions of erf.rs: each
//! range's formula is the scalar code's own generic kernel (real.rs) run on `Lanes`, a
//! range is computed only when one of the lanes falls in it, and each lane takes its
//! range's result. Lanes left to the scalar functions (vm/simd.rs `lanes1_or_each`): NaN,
//! erfc's x >= 26 (results close to and in the subnormal range, which the lanes' scaling
//! does not round as scalbn does; erfc(26) ~ 5.7e-296), and erf's |x| < 2^-1015, whose
//! formula guards a subnormal product. Inputs at ±0, ±Inf, near the range edges and
//! across them take the lanes.

use super::erf::{erf_near_one, erf_small_correction, erfc_tail_parts, tail_ratio};
use super::erf_coefficients::{EFX, ERX};
use super::pow2;
use super::real::Lanes;
use core::arch::wasm32::*;

const SMALL_END: f64 = 0.84375;
const NEAR_END: f64 = 1.25;
/// Where the tail's second rational takes over.
const TAIL_SPLIT: f64 = 1.0 / 0.35;
/// Past this |x| erf is ±1, and erfc of a negative x is 2.
const SATURATED: f64 = 6.0;
/// From here on erfc goes to the scalar code.
const ERFC_LANES_END: f64 = 26.0;

#[inline(always)]
fn splat(c: f64) -> v128 {
    f64x2_splat(c)
}

/// `if_true` in the lanes of `mask`, else `if_false`.
#[inline(always)]
fn pick(mask: v128, if_true: v128, if_false: v128) -> v128 {
    v128_bitselect(if_true, if_false, mask)
}

/// erfc(ax) for lanes with 1.25 <= ax < 26, as erf.rs `erfc_tail` computes it: there the
/// result 2^k m is normal (k >= -977), so scalbn's product is the exponent added here.
#[inline(always)]
fn tail(ax: v128) -> v128 {
    let x = Lanes(ax);
    let below = f64x2_lt(ax, splat(TAIL_SPLIT));
    let rs = if i64x2_all_true(below) {
        tail_ratio(x, true).0
    } else if !v128_any_true(below) {
        tail_ratio(x, false).0
    } else {
        pick(below, tail_ratio(x, true).0, tail_ratio(x, false).0)
    };
    // (x * 65536) as i64 as f64 is trunc for x < 2^31 (the scalar code's z).
    let z = f64x2_div(f64x2_trunc(f64x2_mul(ax, splat(65536.0))), splat(65536.0));
    let (m, k) = erfc_tail_parts(x, Lanes(z), Lanes(rs));
    let k = i64x2_extend_low_i32x4(i32x4_trunc_sat_f64x2_zero(k.0));
    let scale = i64x2_shl(i64x2_add(k, i64x2_splat(0x3ff)), 52);
    f64x2_mul(m.0, scale)
}

/// `erfc` on two lanes: the results, and the mask of lanes left to the scalar `erfc`.
#[inline]
pub fn erfc_lanes(x: v128) -> (v128, v128) {
    let ax = f64x2_abs(x);
    let positive = f64x2_gt(x, splat(0.0));
    let small = f64x2_lt(ax, splat(SMALL_END));
    let near = v128_andnot(f64x2_lt(ax, splat(NEAR_END)), small);
    let in_tail = v128_and(f64x2_ge(ax, splat(NEAR_END)), v128_or(positive, f64x2_lt(ax, splat(SATURATED))));
    // x <= -6, -Inf included.
    let mut result = splat(2.0);
    if v128_any_true(small) {
        let r = erf_small_correction(Lanes(x)).0;
        let low = f64x2_sub(splat(1.0), f64x2_add(x, r));
        let high = f64x2_sub(splat(0.5), f64x2_add(r, f64x2_sub(x, splat(0.5))));
        let v = pick(f64x2_lt(x, splat(0.25)), low, high);
        let v = pick(f64x2_lt(ax, splat(pow2(-56))), f64x2_sub(splat(1.0), x), v);
        result = pick(small, v, result);
    }
    if v128_any_true(near) {
        let p = erf_near_one(Lanes(ax)).0;
        let above = f64x2_sub(f64x2_sub(splat(1.0), splat(ERX)), p);
        let below = f64x2_add(splat(1.0), f64x2_add(splat(ERX), p));
        result = pick(near, pick(positive, above, below), result);
    }
    if v128_any_true(in_tail) {
        let t = tail(ax);
        result = pick(in_tail, pick(positive, t, f64x2_sub(splat(2.0), t)), result);
    }
    let uncovered = v128_or(f64x2_ne(x, x), f64x2_ge(x, splat(ERFC_LANES_END)));
    (result, uncovered)
}

/// `erf` on two lanes: the results, and the mask of lanes left to the scalar `erf`.
#[inline]
pub fn erf_lanes(x: v128) -> (v128, v128) {
    let ax = f64x2_abs(x);
    let positive = f64x2_gt(x, splat(0.0));
    let small = f64x2_lt(ax, splat(SMALL_END));
    let near = v128_andnot(f64x2_lt(ax, splat(NEAR_END)), small);
    let in_tail = v128_and(f64x2_ge(ax, splat(NEAR_END)), f64x2_lt(ax, splat(SATURATED)));
    // |x| >= 6, ±Inf included.
    let mut result = pick(positive, splat(1.0), splat(-1.0));
    if v128_any_true(small) {
        let v = f64x2_add(x, erf_small_correction(Lanes(x)).0);
        let tiny = f64x2_add(x, f64x2_mul(splat(EFX), x));
        result = pick(small, pick(f64x2_lt(ax, splat(pow2(-28))), tiny, v), result);
    }
    if v128_any_true(near) {
        let p = erf_near_one(Lanes(ax)).0;
        let v = pick(positive, f64x2_add(splat(ERX), p), f64x2_sub(splat(-ERX), p));
        result = pick(near, v, result);
    }
    if v128_any_true(in_tail) {
        let t = tail(ax);
        result = pick(in_tail, pick(positive, f64x2_sub(splat(1.0), t), f64x2_sub(t, splat(1.0))), result);
    }
    let uncovered = v128_or(f64x2_ne(x, x), f64x2_lt(ax, splat(pow2(-1015))));
    (result, uncovered)
}

//! log1p on two f64 lanes, the scalar `log1p`'s steps (log.rs, fdlibm's s_log1p.c) done
//! in each lane for the inputs most data holds, with the same IEEE operations in the same
//! order, so the lanes give the scalar function's result bit for bit. Both of the scalar
//! code's reductions (none, for sqrt(2)/2 <= 1 + x < sqrt(2); else 1 + x scaled by 2^-k,
//! with its rounding error c carried as c / (1 + x)) run in every lane and the lane's own
//! is selected, unless neither lane needs the scaled one. The rest (x <= -1, NaN, Inf, x >= 2^53, |x| < 2^-29, and the short
//! series for |f| < 2^-20) is reported uncovered and left to the scalar function.

use super::exp::{LN2_HI, LN2_LO};
use super::lane_compare::{gt_narrow, lt_narrow};
use super::log::{LG1, LG2, LG3, LG4, LG5, LG6, LG7};
use core::arch::wasm32::*;

/// (log1p(x), lanes the scalar function must compute instead).
#[inline(always)]
pub fn log1p_lanes(x: v128) -> (v128, v128) {
    let (splat, word) = (f64x2_splat, i64x2_splat);
    let hx = i64x2_shr(x, 32);
    let ax = v128_and(hx, word(0x7fff_ffff));
    let covered = v128_and(
        v128_and(f64x2_gt(x, splat(-1.0)), f64x2_lt(x, splat(9_007_199_254_740_992.0))),
        f64x2_ge(f64x2_abs(x), splat(1.0 / 536_870_912.0)),
    );
    // 1 + x in [sqrt(2)/2, sqrt(2)): f = x, k = 0, no correction.
    let unreduced = v128_and(lt_narrow(hx, word(0x3fda_827a)), v128_or(gt_narrow(hx, word(0)), v128_not(gt_narrow(ax, word(0x3fd2_bec4)))));
    // Returns, rates and other small values take no reduction in either lane: the
    // reduced path's division and bit work are skipped, the lanes' steps the same.
    if i64x2_all_true(unreduced) {
        let (hfsq, s, r) = series(x);
        return (f64x2_sub(x, f64x2_sub(hfsq, f64x2_mul(s, f64x2_add(hfsq, r)))), v128_not(covered));
    }
    let u = f64x2_add(splat(1.0), x);
    let hu = u64x2_shr(u, 32);
    let k0 = i64x2_sub(u64x2_shr(hu, 20), word(1023));
    let c = f64x2_div(
        v128_bitselect(f64x2_sub(splat(1.0), f64x2_sub(u, x)), f64x2_sub(x, f64x2_sub(u, splat(1.0))), gt_narrow(k0, word(0))),
        u,
    );
    let m = v128_and(hu, word(0x000f_ffff));
    let above = gt_narrow(m, word(0x6a09d));
    let k = i64x2_sub(k0, above);
    let low = v128_and(u, word(0xffff_ffff));
    let scaled = v128_or(i64x2_shl(v128_or(m, v128_bitselect(word(0x3fe0_0000), word(0x3ff0_0000), above)), 32), low);
    let hu_reduced = v128_bitselect(u64x2_shr(i64x2_sub(word(0x0010_0000), m), 2), m, above);
    let f = v128_bitselect(x, f64x2_sub(scaled, splat(1.0)), unreduced);
    let k = v128_andnot(k, unreduced);
    let c = v128_andnot(c, unreduced);
    let short_series = v128_andnot(i64x2_eq(hu_reduced, word(0)), unreduced);
    let (hfsq, s, r) = series(f);
    let dk = f64x2_convert_low_i32x4(i32x4_shuffle::<0, 2, 0, 2>(k, k));
    let sr = f64x2_mul(s, f64x2_add(hfsq, r));
    let at_zero = f64x2_sub(f, f64x2_sub(hfsq, sr));
    let scaled_log = f64x2_sub(
        f64x2_mul(dk, splat(LN2_HI)),
        f64x2_sub(f64x2_sub(hfsq, f64x2_add(sr, f64x2_add(f64x2_mul(dk, splat(LN2_LO)), c))), f),
    );
    let value = v128_bitselect(at_zero, scaled_log, i64x2_eq(k, word(0)));
    (value, v128_or(v128_not(covered), short_series))
}

/// (f²/2, s = f / (2 + f), R(s²)): the parts of log(1 + f) both paths share.
#[inline(always)]
fn series(f: v128) -> (v128, v128, v128) {
    let splat = f64x2_splat;
    let hfsq = f64x2_mul(f64x2_mul(splat(0.5), f), f);
    let s = f64x2_div(f, f64x2_add(splat(2.0), f));
    let z = f64x2_mul(s, s);
    let mut r = splat(LG7);
    for lg in [LG6, LG5, LG4, LG3, LG2, LG1] {
        r = f64x2_add(splat(lg), f64x2_mul(z, r));
    }
    (hfsq, s, f64x2_mul(z, r))
}

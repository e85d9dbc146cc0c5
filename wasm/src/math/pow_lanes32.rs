//! pow for float32 instructions on two f64 lanes, float32-grade as lanes32.rs:
//! x^y = e^(y log x) with log x to 2^-39 relative (the longer atanh series) and e^t to
//! 2^-37 (the longer Taylor series). Where |y log x| < 104 (past it a float32 result
//! overflows or is 0), the product's error, at most 104 * 2^-39 absolute, moves the
//! result by 2^-32 relative: within 0.51 ulp of float32 before its rounding.

use super::lanes32::{exp_series, log_series, ATANH_SERIES, EXP_LANES_MAX, EXP_TAYLOR};
use core::arch::wasm32::*;

/// x^y for float32 x > 0 and float32 y; y = ±0 and x = 1 give 1 exactly. Returns the
/// results and the mask of the lanes left to the scalar pow: x <= 0 (signs, zeros and
/// odd integer powers), x or y NaN or infinite, and |y log x| >= 104.
#[inline(always)]
pub fn pow_f32_lanes(x: v128, y: v128) -> (v128, v128) {
    let (log, uncovered) = log_series(x, &ATANH_SERIES);
    let t = f64x2_mul(y, log);
    let in_range = f64x2_lt(f64x2_abs(t), f64x2_splat(EXP_LANES_MAX));
    (exp_series(t, &EXP_TAYLOR), v128_or(uncovered, v128_not(in_range)))
}

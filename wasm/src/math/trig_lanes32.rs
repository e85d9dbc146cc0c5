//! sin, cos and tan for float32 instructions, on two f64 lanes, float32-grade as
//! lanes32.rs: x = n π/2 + r with |r| <= π/4 by a Cody-Waite reduction in f64 (fdlibm's
//! split of π/2), then Taylor polynomials of sin r and cos r and the quadrant n mod 4.
//! For float32 |x| < 2^19, n π/2's head is exact (33 + 20 bits) and the reduced r is good
//! to ~1e-20 absolute, far inside what the float32 values closest to a multiple of π/2
//! need. Larger |x|, NaN and ±Inf go to the scalar code (trig.rs, Payne-Hanek reduction).

use core::arch::wasm32::*;

const SHIFTER: f64 = 6755399441055744.0;
const TWO_OVER_PI: f64 = core::f64::consts::FRAC_2_PI;
/// π/2 = PIO2_HI + PIO2_LO to ~2^-85 (rem_pio2.c's pio2_1, pio2_1t): PIO2_HI has 33 bits.
const PIO2_HI: f64 = 1.57079632673412561417e+00;
const PIO2_LO: f64 = 6.07710050650619224932e-11;
/// Where n stays below 2^19 and n PIO2_HI exact.
const TRIG_LANES_MAX: f64 = 524288.0;

/// sin(r)/r in r², to r^11: the first term left out, r^13/13!, is below 2^-36 of sin r
/// for |r| <= π/4.
const SIN: [f64; 6] = [1.0, -0.16666666666666666, 0.008333333333333333, -0.0001984126984126984, 2.7557319223985893e-06, -2.505210838544172e-08];
/// cos(r) in r², to r^10: the term left out, r^12/12!, is below 2^-32 of cos r (>= 0.707).
const COS: [f64; 6] = [1.0, -0.5, 0.041666666666666664, -0.001388888888888889, 2.48015873015873e-05, -2.755731922398589e-07];

#[inline(always)]
fn horner(c: &[f64], t: v128) -> v128 {
    let mut acc = f64x2_splat(c[c.len() - 1]);
    for &ci in c[..c.len() - 1].iter().rev() {
        acc = f64x2_add(f64x2_mul(acc, t), f64x2_splat(ci));
    }
    acc
}

/// (sin r, cos r, quadrant bits, uncovered mask): the quadrant n sits in the low bits of
/// the returned v128 (two's complement, any width of at least 2 bits is n mod 4).
#[inline(always)]
fn reduce(x: v128) -> (v128, v128, v128, v128) {
    let splat = f64x2_splat;
    let t = f64x2_add(f64x2_mul(x, splat(TWO_OVER_PI)), splat(SHIFTER));
    let n = f64x2_sub(t, splat(SHIFTER));
    let r = f64x2_sub(f64x2_sub(x, f64x2_mul(n, splat(PIO2_HI))), f64x2_mul(n, splat(PIO2_LO)));
    let rr = f64x2_mul(r, r);
    let sin = f64x2_mul(r, horner(&SIN, rr));
    let cos = horner(&COS, rr);
    (sin, cos, t, v128_not(f64x2_lt(f64x2_abs(x), splat(TRIG_LANES_MAX))))
}

/// sin(x) of quadrant q: ±sin r or ±cos r, by q's bit 0 (which one) and bit 1 (the sign).
#[inline(always)]
fn quadrant(sin: v128, cos: v128, q: v128) -> v128 {
    let odd = i64x2_shr(i64x2_shl(q, 63), 63);
    let flip = v128_and(i64x2_shl(q, 62), f64x2_splat(-0.0));
    v128_xor(v128_bitselect(cos, sin, odd), flip)
}

/// sin(x) for float32 x; -0 and subnormals kept. Returns the results and the mask of the
/// lanes left to the scalar `sin`.
#[inline(always)]
pub fn sin_f32_lanes(x: v128) -> (v128, v128) {
    let (sin, cos, q, uncovered) = reduce(x);
    (quadrant(sin, cos, q), uncovered)
}

/// cos(x) = sin(x + π/2): quadrant n + 1.
#[inline(always)]
pub fn cos_f32_lanes(x: v128) -> (v128, v128) {
    let (sin, cos, q, uncovered) = reduce(x);
    (quadrant(sin, cos, i64x2_add(q, i64x2_splat(1))), uncovered)
}

/// tan(x): sin r / cos r for even n, -cos r / sin r for odd n, each a quotient of two
/// relatively accurate values (so accurate near the poles too); -0 kept.
#[inline(always)]
pub fn tan_f32_lanes(x: v128) -> (v128, v128) {
    let (sin, cos, q, uncovered) = reduce(x);
    let odd = i64x2_shr(i64x2_shl(q, 63), 63);
    let ratio = f64x2_div(v128_bitselect(f64x2_neg(cos), sin, odd), v128_bitselect(sin, cos, odd));
    (ratio, uncovered)
}

//! float64 sin and cos on eight f64 lanes at a time (real.rs `Wide`), bit for bit the
//! scalar functions of trig.rs: |x| <= ~pi/4 goes to the kernels as it is, and up to 2^20
//! the first step of Cody and Waite's reduction (rem_pio2.rs) gives n and y0 + y1 where it
//! cancels at most 16 bits, as it does unless x lies close to a multiple of pi/2; then
//! both kernels run on every lane and n mod 4 picks and signs the result, as the scalar
//! code's match does. The rest (NaN, ±Inf, |x| >= 2^20 and the reductions that need a
//! second piece of pi/2) goes to the scalar code one value at a time (vm/simd.rs
//! `wide_or_each`).

use super::exp::ROUNDING_MAGIC;
use super::lane_compare::gt_narrow;
use super::real::{below, Real, Wide};
use super::rem_pio2::cody_waite_first;
use super::trig::{kernel_cos, kernel_sin_forms};
use core::arch::wasm32::*;

/// The scalar code's |x| <= ~pi/4 (high word at most 0x3fe921fb): below 0x3fe921fc00000000.
const INNER_END: f64 = 0.7853984832763672;
/// Below this |x| sin x is x (0x3e500000: 2^-26).
const SIN_TINY: f64 = 1.4901161193847656e-8;
/// Below this |x| cos x is 1 (0x3e46a09e).
const COS_TINY: f64 = 1.0536709282860102e-8;
/// Where the Cody-Waite reduction ends (0x41300000).
const REDUCED_END: f64 = 1048576.0;

/// x = n pi/2 + (y0 + y1) per lane: n mod 4 as integer lanes, and the lanes left to the
/// scalar code.
struct Reduced {
    y0: Wide,
    y1: Wide,
    quadrant: Wide,
    left: u32,
}

/// The biased exponent of each lane, as an integer lane.
#[inline(always)]
fn exponent(v: v128) -> v128 {
    v128_and(u64x2_shr(v, 52), i64x2_splat(0x7ff))
}

#[inline(always)]
fn reduce(x: Wide) -> Reduced {
    let ax = x.abs();
    let inner = below(ax, INNER_END);
    let (n, r, w, y0) = cody_waite_first(x);
    let y1 = (r - y0) - w;
    // fdlibm's test: more than 16 bits cancelled when y0's exponent is that far below x's.
    let cancelled = ax.zip(y0, |a, y| gt_narrow(i64x2_sub(exponent(a), exponent(f64x2_abs(y))), i64x2_splat(16)));
    let reduced = below(ax, REDUCED_END).zip(cancelled, |r, c| v128_andnot(r, c));
    let covered = inner.zip(reduced, |i, r| v128_or(i, r));
    let n = inner.pick(Wide::of(0.0), n);
    Reduced {
        y0: inner.pick(x, y0),
        y1: inner.pick(Wide::of(0.0), y1),
        // n + 1.5 * 2^52 holds n in its low mantissa bits, two's complement: n & 3 there.
        quadrant: n.map(|n| v128_and(f64x2_add(n, f64x2_splat(ROUNDING_MAGIC)), i64x2_splat(3))),
        left: covered.map(|c| v128_not(c)).bits(),
    }
}

/// Lanes whose quadrant has `bit` set.
#[inline(always)]
fn has(quadrant: Wide, bit: i64) -> Wide {
    quadrant.map(|q| i64x2_ne(v128_and(q, i64x2_splat(bit)), i64x2_splat(0)))
}

/// k_sin.c's form for each lane: the short one where y1 is 0.
#[inline(always)]
fn kernel_sin(y0: Wide, y1: Wide) -> Wide {
    let (short, corrected) = kernel_sin_forms(y0, y1);
    y1.map(|y| f64x2_eq(y, f64x2_splat(0.0))).pick(short, corrected)
}

/// `sin` of eight lanes, and the bits of the lanes left to the scalar `sin`.
#[inline]
pub fn sin_lanes(x: Wide) -> (Wide, u32) {
    let Reduced { y0, y1, quadrant, left } = reduce(x);
    let v = has(quadrant, 1).pick(kernel_cos(y0, y1), kernel_sin(y0, y1));
    let v = has(quadrant, 2).pick(-v, v);
    let tiny = below(x.abs(), SIN_TINY);
    (tiny.pick(x, v), left)
}

/// `cos` of eight lanes, and the bits of the lanes left to the scalar `cos`.
#[inline]
pub fn cos_lanes(x: Wide) -> (Wide, u32) {
    let Reduced { y0, y1, quadrant, left } = reduce(x);
    let v = has(quadrant, 1).pick(kernel_sin(y0, y1), kernel_cos(y0, y1));
    // Quadrants 1 and 2 are negative: those with bit 1 set in n + 1.
    let negative = has(quadrant.map(|q| i64x2_add(q, i64x2_splat(1))), 2);
    let v = negative.pick(-v, v);
    let tiny = below(x.abs(), COS_TINY);
    (tiny.pick(Wide::of(1.0), v), left)
}

//! float64 sinh, cosh and tanh on eight f64 lanes at a time (real.rs `Wide`), bit for bit
//! the scalar functions of hyperbolic.rs: the same double-double steps, written once more
//! over `Real` operations in the same order, where the scalar code computes E = e^|x| - 1
//! (tanh: e^2|x| - 1) and a corrected quotient: from 2^-28 (cosh: 2^-26) up to 22 (tanh:
//! 18). The rest (NaN, ±Inf, tiny |x|, where the result is x or 1, and large |x|, where
//! e^-|x| no longer counts) goes to the scalar code one value at a time (vm/simd.rs
//! `wide_or_each`).

use super::exp::{expm1_split_reduced, pow2_lanes};
use super::real::{below, Real, Wide};
use super::{divide, fast_two_sum, two_sum};
use core::arch::wasm32::*;

/// Below this |x| sinh x and tanh x are x (the scalar code's high-word test, 0x3e300000).
const TINY: f64 = 3.725290298461914e-9;
/// Below this |x| cosh x is 1 (0x3e500000).
const COSH_TINY: f64 = 1.4901161193847656e-8;
/// From here on sinh and cosh are e^|x|/2.
const HALF_EXP_FROM: f64 = 22.0;
/// From here on 2|x| is past `expm1_split`'s range and tanh's formulas change.
const TANH_END: f64 = 18.0;

/// exp.rs's `expm1_split` on the lanes, 0 <= x < 36: 2^k ((1 - 2^-k) + (e^r - 1)).
/// Where k = 0 the scalar code returns e^r - 1 as it is, and so does this: 1 - 2^0 adds
/// nothing, and m + m_lo, already a normalised pair, renormalises to itself.
#[inline(always)]
fn expm1_split(x: Wide) -> (Wide, Wide) {
    let (m, m_lo, k) = expm1_split_reduced(x);
    let up = pow2_lanes(k);
    let (s, e) = two_sum(Wide::of(1.0) - pow2_lanes(-k), m);
    let (h, l) = fast_two_sum(s, e + m_lo);
    (h * up, l * up)
}

/// The bits of the lanes whose |x| is not in [from, to) (NaN included): the scalar code's.
#[inline(always)]
fn outside(ax: Wide, from: f64, to: f64) -> u32 {
    ax.map(|a| v128_not(v128_and(f64x2_ge(a, f64x2_splat(from)), f64x2_lt(a, f64x2_splat(to))))).bits()
}

/// `sinh` of eight lanes, and the bits of the lanes left to the scalar `sinh`.
#[inline]
pub fn sinh_lanes(x: Wide) -> (Wide, u32) {
    let ax = x.abs();
    let (t, t_lo) = expm1_split(ax);
    let (d, d_err) = two_sum(Wide::of(1.0), t);
    let (u, u_lo) = divide(t, t_lo, d, d_err + t_lo);
    let (s, e) = two_sum(t, u);
    // The scalar code's sign * 0.5: ±0.5 by the sign of x.
    let half = x.map(|v| v128_or(f64x2_splat(0.5), v128_and(v, f64x2_splat(-0.0))));
    (half * (s + (e + t_lo + u_lo)), outside(ax, TINY, HALF_EXP_FROM))
}

/// `cosh` of eight lanes, and the bits of the lanes left to the scalar `cosh`.
#[inline]
pub fn cosh_lanes(x: Wide) -> (Wide, u32) {
    let ax = x.abs();
    let (t, t_lo) = expm1_split(ax);
    let (d, d_err) = two_sum(Wide::of(1.0), t);
    let d_lo = d_err + t_lo;
    let (v, v_lo) = divide(Wide::of(1.0), Wide::of(0.0), d, d_lo);
    let (s, e) = two_sum(d, v);
    (Wide::of(0.5) * (s + (e + d_lo + v_lo)), outside(ax, COSH_TINY, HALF_EXP_FROM))
}

/// `tanh` of eight lanes, and the bits of the lanes left to the scalar `tanh`.
#[inline]
pub fn tanh_lanes(x: Wide) -> (Wide, u32) {
    let ax = x.abs();
    let below_one = below(ax, 1.0);
    let (t, t_lo) = expm1_split(Wide::of(2.0) * ax);
    let (d, d_err) = two_sum(Wide::of(2.0), t);
    // Below 1: E / (E + 2); from 1 on: 1 - 2/(E + 2), the scalar code's two quotients.
    let (q, q_lo) = divide(below_one.pick(t, Wide::of(2.0)), below_one.pick(t_lo, Wide::of(0.0)), d, d_err + t_lo);
    let (s, e) = two_sum(Wide::of(1.0), -q);
    let z = below_one.pick(q + q_lo, s + (e - q_lo));
    // z > 0: the sign of x, as the scalar code's -z for negative x.
    let signed = z.zip(x, |z, x| v128_or(z, v128_and(x, f64x2_splat(-0.0))));
    (signed, outside(ax, TINY, TANH_END))
}

//! erf and erfc on eight f64 lanes at a time (real.rs `Wide`), bit for bit the scalar
//! functions of erf.rs: each range's formula is the scalar code's own generic kernel run
//! on the lanes, and each lane takes its range's result. A range runs on the lanes when
//! at least `LANES_MIN` of the eight fall in it; fewer go to the scalar functions one by
//! one (vm/simd.rs `wide_or_each`), and so do NaN, erfc's x >= 26 (results close to and
//! in the subnormal range, which the lanes' scaling does not round as scalbn does;
//! erfc(26) ~ 5.7e-296), and erf's |x| < 2^-1015, whose formula guards a subnormal
//! product. ±0, ±Inf and inputs near and across the range edges take the lanes.

use super::erf::{erf_near_one, erf_small_correction, erfc_tail_parts, tail_ratio};
use super::erf_coefficients::{EFX, ERX};
use super::exp::pow2_lanes;
use super::pow2;
use super::real::{below, Real, Wide};
use core::arch::wasm32::*;

const SMALL_END: f64 = 0.84375;
const NEAR_END: f64 = 1.25;
/// Where the tail's second rational takes over.
const TAIL_SPLIT: f64 = 1.0 / 0.35;
/// Past this |x| erf is ±1, and erfc of a negative x is 2.
const SATURATED: f64 = 6.0;
/// From here on erfc goes to the scalar code.
const ERFC_LANES_END: f64 = 26.0;

/// A range runs on the lanes when this many of the eight fall in it; fewer go to the
/// scalar code one by one. On one thread of the 2-core bench machine the tail cost about
/// 28 ns an element on the lanes and 60 in the scalar code, so a range pays for its lanes
/// from about 4 of them on. The VM sorts a block's values by range first (vm/simd.rs
/// `wide_by_range`), so only the eight lanes where two ranges meet hold more than one.
const LANES_MIN: u32 = 4;

/// Which of erf's and erfc's formulas x takes: 0 below 0.84375 in magnitude, 1 below
/// 1.25, 2 from there on (the tail, ±Inf and NaN included), for sorting a block's values
/// by range before the lanes (vm/simd.rs `wide_by_range`).
pub fn erf_range(x: f64) -> usize {
    let ax = f64::from_bits(x.to_bits() & !(1 << 63));
    if ax < SMALL_END {
        0
    } else if ax < NEAR_END {
        1
    } else {
        2
    }
}

/// Whether `mask`'s range runs on the lanes; else its lanes join `left`.
#[inline(always)]
fn on_lanes(mask: Wide, left: &mut u32) -> bool {
    let bits = mask.bits();
    if bits.count_ones() >= LANES_MIN {
        return true;
    }
    *left |= bits;
    false
}

/// Lane masks of a comparison with a constant (and real.rs `below`).
#[inline(always)]
fn at_least(x: Wide, c: f64) -> Wide {
    x.map(|v| f64x2_ge(v, f64x2_splat(c)))
}

#[inline(always)]
fn and(a: Wide, b: Wide) -> Wide {
    a.zip(b, |p, q| v128_and(p, q))
}

#[inline(always)]
fn or(a: Wide, b: Wide) -> Wide {
    a.zip(b, |p, q| v128_or(p, q))
}

/// The lanes of `a` not in `b`.
#[inline(always)]
fn and_not(a: Wide, b: Wide) -> Wide {
    a.zip(b, |p, q| v128_andnot(p, q))
}

/// erfc(ax) for lanes with 1.25 <= ax < 26, as erf.rs `erfc_tail` computes it: there the
/// result 2^k m is normal (k >= -977), so scalbn's product is the exponent added here.
#[inline(always)]
fn tail(ax: Wide) -> Wide {
    let first = below(ax, TAIL_SPLIT);
    let rs = if first.all() {
        tail_ratio(ax, true)
    } else if !first.any() {
        tail_ratio(ax, false)
    } else {
        first.pick(tail_ratio(ax, true), tail_ratio(ax, false))
    };
    // (x * 65536) as i64 as f64 is trunc for x < 2^31 (the scalar code's z).
    let z = (ax * Wide::of(65536.0)).map(|v| f64x2_trunc(v)) / Wide::of(65536.0);
    let (m, k) = erfc_tail_parts(ax, z, rs);
    m * pow2_lanes(k)
}

/// `erfc` of eight lanes, and the bits of the lanes left to the scalar `erfc`.
#[inline]
pub fn erfc_lanes(x: Wide) -> (Wide, u32) {
    let ax = x.abs();
    let positive = x.map(|v| f64x2_gt(v, f64x2_splat(0.0)));
    let small = below(ax, SMALL_END);
    let near = and_not(below(ax, NEAR_END), small);
    let in_tail = and(at_least(ax, NEAR_END), or(positive, below(ax, SATURATED)));
    let mut left = or(x.map(|v| f64x2_ne(v, v)), at_least(x, ERFC_LANES_END)).bits();
    // x <= -6, -Inf included.
    let mut result = Wide::of(2.0);
    if on_lanes(small, &mut left) {
        let r = erf_small_correction(x);
        let low = Wide::of(1.0) - (x + r);
        let high = Wide::of(0.5) - (r + (x - Wide::of(0.5)));
        let v = below(x, 0.25).pick(low, high);
        let v = below(ax, pow2(-56)).pick(Wide::of(1.0) - x, v);
        result = small.pick(v, result);
    }
    if on_lanes(near, &mut left) {
        let p = erf_near_one(ax);
        let above = Wide::of(1.0) - Wide::of(ERX) - p;
        let under = Wide::of(1.0) + (Wide::of(ERX) + p);
        result = near.pick(positive.pick(above, under), result);
    }
    if on_lanes(in_tail, &mut left) {
        let t = tail(ax);
        result = in_tail.pick(positive.pick(t, Wide::of(2.0) - t), result);
    }
    (result, left)
}

/// `erf` of eight lanes, and the bits of the lanes left to the scalar `erf`.
#[inline]
pub fn erf_lanes(x: Wide) -> (Wide, u32) {
    let ax = x.abs();
    let positive = x.map(|v| f64x2_gt(v, f64x2_splat(0.0)));
    let small = below(ax, SMALL_END);
    let near = and_not(below(ax, NEAR_END), small);
    let in_tail = and(at_least(ax, NEAR_END), below(ax, SATURATED));
    let mut left = or(x.map(|v| f64x2_ne(v, v)), below(ax, pow2(-1015))).bits();
    // |x| >= 6, ±Inf included.
    let mut result = positive.pick(Wide::of(1.0), Wide::of(-1.0));
    if on_lanes(small, &mut left) {
        let v = x + erf_small_correction(x);
        let tiny = x + Wide::of(EFX) * x;
        result = small.pick(below(ax, pow2(-28)).pick(tiny, v), result);
    }
    if on_lanes(near, &mut left) {
        let p = erf_near_one(ax);
        result = near.pick(positive.pick(Wide::of(ERX) + p, -Wide::of(ERX) - p), result);
    }
    if on_lanes(in_tail, &mut left) {
        let t = tail(ax);
        result = in_tail.pick(positive.pick(Wide::of(1.0) - t, t - Wide::of(1.0)), result);
    }
    (result, left)
}

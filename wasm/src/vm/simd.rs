//! Block loops: an instruction applied to every element of its argument registers.
//! The `lanes*` loops run two f64 at a time in a v128 (the compiler turns the paired
//! element reads and writes into single v128 loads and stores); the `each*` loops call
//! a scalar function per element, and `lanes1_or_each`, `lanes2_or_each` and
//! `wide_or_each` run lanes with a scalar function for the values they leave out. `N`
//! (narrow) rounds every result to float32 inside the loop, so a float32 instruction costs
//! no second pass over its register.

use super::BLOCK;
use crate::math::{Wide, ROUNDING_MAGIC, WIDTH};
use core::arch::wasm32::*;

#[inline(always)]
fn get(s: &[f64]) -> v128 {
    f64x2(s[0], s[1])
}

#[inline(always)]
fn put(o: &mut [f64], v: v128) {
    o[0] = f64x2_extract_lane::<0>(v);
    o[1] = f64x2_extract_lane::<1>(v);
}

#[inline(always)]
fn rounded<const N: bool>(v: v128) -> v128 {
    if N {
        let demoted = f32x4_demote_f64x2_zero(v);
        // Read back through a volatile load, so that LLVM cannot fuse demote and promote
        // into one f64 -> f32 -> f64 round trip: it has no lane instruction for that and
        // emitted it lane by lane (extract, f32.demote_f64, f64.promote_f32, replace).
        let demoted = unsafe { core::ptr::read_volatile(&demoted) };
        f64x2_promote_low_f32x4(demoted)
    } else {
        v
    }
}

#[inline(always)]
fn narrowed<const N: bool>(x: f64) -> f64 {
    if N {
        x as f32 as f64
    } else {
        x
    }
}

#[inline(always)]
pub fn lanes1<const N: bool>(out: &mut [f64], a: &[f64], f: impl Fn(v128) -> v128) {
    let a = &a[..out.len()];
    let mut o2 = out.chunks_exact_mut(2);
    let mut a2 = a.chunks_exact(2);
    for (o, x) in (&mut o2).zip(&mut a2) {
        put(o, rounded::<N>(f(get(x))));
    }
    for (o, &x) in o2.into_remainder().iter_mut().zip(a2.remainder()) {
        *o = f64x2_extract_lane::<0>(rounded::<N>(f(f64x2_splat(x))));
    }
}

#[inline(always)]
pub fn lanes2<const N: bool>(out: &mut [f64], a: &[f64], b: &[f64], f: impl Fn(v128, v128) -> v128) {
    let (a, b) = (&a[..out.len()], &b[..out.len()]);
    let mut o2 = out.chunks_exact_mut(2);
    let mut a2 = a.chunks_exact(2);
    let mut b2 = b.chunks_exact(2);
    for ((o, x), y) in (&mut o2).zip(&mut a2).zip(&mut b2) {
        put(o, rounded::<N>(f(get(x), get(y))));
    }
    for ((o, &x), &y) in o2.into_remainder().iter_mut().zip(a2.remainder()).zip(b2.remainder()) {
        *o = f64x2_extract_lane::<0>(rounded::<N>(f(f64x2_splat(x), f64x2_splat(y))));
    }
}

#[inline(always)]
pub fn lanes3<const N: bool>(out: &mut [f64], a: &[f64], b: &[f64], c: &[f64], f: impl Fn(v128, v128, v128) -> v128) {
    let (a, b, c) = (&a[..out.len()], &b[..out.len()], &c[..out.len()]);
    let mut o2 = out.chunks_exact_mut(2);
    let mut a2 = a.chunks_exact(2);
    let mut b2 = b.chunks_exact(2);
    let mut c2 = c.chunks_exact(2);
    for (((o, x), y), z) in (&mut o2).zip(&mut a2).zip(&mut b2).zip(&mut c2) {
        put(o, rounded::<N>(f(get(x), get(y), get(z))));
    }
    let tail = o2
        .into_remainder()
        .iter_mut()
        .zip(a2.remainder())
        .zip(b2.remainder())
        .zip(c2.remainder());
    for (((o, &x), &y), &z) in tail {
        *o = f64x2_extract_lane::<0>(rounded::<N>(f(f64x2_splat(x), f64x2_splat(y), f64x2_splat(z))));
    }
}

/// A lane function that covers most values, with a scalar function for the rest: `main`
/// gives two lanes' results and the mask of the lanes it does not cover. Four elements
/// a step, both vectors computed before the one branch: a step with any lane uncovered
/// is computed by `scalar` throughout, so `main` must agree with `scalar` bit for bit
/// where it covers a lane. Two vectors a step share the constants that V8 materialises
/// inside the loop (3 instructions each), which made lane log faster than the scalar
/// code where one vector a step, with its own branch, was not (the elementwise bench).
#[inline(always)]
pub fn lanes1_or_each<const N: bool>(out: &mut [f64], a: &[f64], main: impl Fn(v128) -> (v128, v128), scalar: impl Fn(f64) -> f64) {
    let a = &a[..out.len()];
    let mut o4 = out.chunks_exact_mut(4);
    let mut a4 = a.chunks_exact(4);
    for (o, x) in (&mut o4).zip(&mut a4) {
        let (r0, uncovered0) = main(get(&x[..2]));
        let (r1, uncovered1) = main(get(&x[2..]));
        if v128_any_true(v128_or(uncovered0, uncovered1)) {
            each1::<N>(o, x, &scalar);
        } else {
            put(&mut o[..2], rounded::<N>(r0));
            put(&mut o[2..], rounded::<N>(r1));
        }
    }
    each1::<N>(o4.into_remainder(), a4.remainder(), scalar);
}

/// `lanes1_or_each` for functions of two arguments.
#[inline(always)]
pub fn lanes2_or_each<const N: bool>(
    out: &mut [f64],
    a: &[f64],
    b: &[f64],
    main: impl Fn(v128, v128) -> (v128, v128),
    scalar: impl Fn(f64, f64) -> f64,
) {
    let (a, b) = (&a[..out.len()], &b[..out.len()]);
    let mut o4 = out.chunks_exact_mut(4);
    let mut a4 = a.chunks_exact(4);
    let mut b4 = b.chunks_exact(4);
    for ((o, x), y) in (&mut o4).zip(&mut a4).zip(&mut b4) {
        let (r0, uncovered0) = main(get(&x[..2]), get(&y[..2]));
        let (r1, uncovered1) = main(get(&x[2..]), get(&y[2..]));
        if v128_any_true(v128_or(uncovered0, uncovered1)) {
            each2::<N>(o, x, y, &scalar);
        } else {
            put(&mut o[..2], rounded::<N>(r0));
            put(&mut o[2..], rounded::<N>(r1));
        }
    }
    each2::<N>(o4.into_remainder(), a4.remainder(), b4.remainder(), scalar);
}

/// A function of eight lanes at a time (math/real.rs `Wide`, for functions whose long
/// dependency chains need four vectors in flight) with a scalar function for the lanes it
/// leaves out: `main` gives the results and the bits (lane j at bit j) of the lanes to
/// take from `scalar` instead, so `main` must agree with `scalar` bit for bit elsewhere.
#[inline(always)]
pub fn wide_or_each<const N: bool>(out: &mut [f64], a: &[f64], main: impl Fn(Wide) -> (Wide, u32), scalar: impl Fn(f64) -> f64) {
    let a = &a[..out.len()];
    let mut o8 = out.chunks_exact_mut(2 * WIDTH);
    let mut a8 = a.chunks_exact(2 * WIDTH);
    for (o, x) in (&mut o8).zip(&mut a8) {
        let (r, mut left) = main(Wide(core::array::from_fn(|i| get(&x[2 * i..]))));
        for (i, &v) in r.0.iter().enumerate() {
            put(&mut o[2 * i..], rounded::<N>(v));
        }
        while left != 0 {
            let j = left.trailing_zeros() as usize;
            o[j] = narrowed::<N>(scalar(x[j]));
            left &= left - 1;
        }
    }
    each1::<N>(o8.into_remainder(), a8.remainder(), scalar);
}

/// Ranges `wide_by_range` sorts into.
const RANGES: usize = 3;

/// As `wide_or_each` for a function with a formula per argument range (`range` numbers
/// them 0..RANGES), over one block: the values are sorted by range first, so that every
/// eight lanes hold one range and compute one formula, where a block of mixed ranges made
/// each eight lanes compute every range among them, and sent a range that few of them fell
/// in to the scalar code. `main` and `scalar` give the same bits, so the order changes no
/// value. The last eight lanes of a range are filled out with its last value.
pub fn wide_by_range<const N: bool>(
    out: &mut [f64],
    a: &[f64],
    range: impl Fn(f64) -> usize,
    main: impl Fn(Wide) -> (Wide, u32),
    scalar: impl Fn(f64) -> f64,
) {
    let n = out.len();
    if n > BLOCK {
        return wide_or_each::<N>(out, a, main, scalar);
    }
    let a = &a[..n];
    let mut ends = [0usize; RANGES];
    for &x in a {
        ends[range(x)] += 1;
    }
    let mut next = [0usize; RANGES];
    for r in 1..RANGES {
        next[r] = next[r - 1] + ends[r - 1];
        ends[r - 1] = next[r];
    }
    ends[RANGES - 1] = n;
    let mut position = [0u16; BLOCK];
    let mut values = [0.0f64; BLOCK];
    for (i, &x) in a.iter().enumerate() {
        let at = &mut next[range(x)];
        position[*at] = i as u16;
        values[*at] = x;
        *at += 1;
    }
    let mut start = 0;
    for end in ends {
        for first in (start..end).step_by(2 * WIDTH) {
            let take = (end - first).min(2 * WIDTH);
            let mut lanes = [values[first + take - 1]; 2 * WIDTH];
            lanes[..take].copy_from_slice(&values[first..first + take]);
            let (r, mut left) = main(Wide(core::array::from_fn(|i| get(&lanes[2 * i..]))));
            let mut got = [0.0f64; 2 * WIDTH];
            for (i, &v) in r.0.iter().enumerate() {
                put(&mut got[2 * i..], rounded::<N>(v));
            }
            left &= (1u32 << take) - 1;
            while left != 0 {
                let j = left.trailing_zeros() as usize;
                got[j] = narrowed::<N>(scalar(lanes[j]));
                left &= left - 1;
            }
            for (k, &v) in got[..take].iter().enumerate() {
                out[position[first + k] as usize] = v;
            }
        }
        start = end;
    }
}

#[inline(always)]
pub fn each1<const N: bool>(out: &mut [f64], a: &[f64], f: impl Fn(f64) -> f64) {
    out.iter_mut().zip(a).for_each(|(o, &x)| *o = narrowed::<N>(f(x)));
}

#[inline(always)]
pub fn each2<const N: bool>(out: &mut [f64], a: &[f64], b: &[f64], f: impl Fn(f64, f64) -> f64) {
    out.iter_mut()
        .zip(a)
        .zip(b)
        .for_each(|((o, &x), &y)| *o = narrowed::<N>(f(x, y)));
}

/// 1.0 where the lane mask is set, +0.0 elsewhere: a comparison's 0/1 result.
#[inline(always)]
pub fn ones(mask: v128) -> v128 {
    v128_and(mask, f64x2_splat(1.0))
}

/// The 32-bit values (int32 or uint32) that two f64 lanes of an integer register hold,
/// in i32x4 lanes 0 and 1 (2 and 3 repeat them). Such a lane is an integer below 2^32 in
/// magnitude, so adding 1.5 * 2^52 is exact and leaves its low 32 bits in the sum's low
/// word. `i32x4_trunc_sat_f64x2_zero`, which gives the same for these values, was emitted
/// lane by lane, with range checks and branches (LLVM 14 has no pattern for it).
#[inline(always)]
fn words(x: v128) -> v128 {
    let bits = f64x2_add(x, f64x2_splat(ROUNDING_MAGIC));
    i32x4_shuffle::<0, 2, 0, 2>(bits, bits)
}

/// Int32 lanes: the f64 lanes of registers holding int32 values, converted exactly,
/// combined with wrapping i32x4 arithmetic and converted back.
#[inline(always)]
pub fn int32_lanes2(out: &mut [f64], a: &[f64], b: &[f64], f: impl Fn(v128, v128) -> v128) {
    lanes2::<false>(out, a, b, |x, y| f64x2_convert_low_i32x4(f(words(x), words(y))));
}

/// As int32_lanes2 for registers holding uint32 values.
#[inline(always)]
pub fn uint32_lanes2(out: &mut [f64], a: &[f64], b: &[f64], f: impl Fn(v128, v128) -> v128) {
    lanes2::<false>(out, a, b, |x, y| f64x2_convert_low_u32x4(f(words(x), words(y))));
}

#[inline(always)]
pub fn int32_lanes1(out: &mut [f64], a: &[f64], f: impl Fn(v128) -> v128) {
    lanes1::<false>(out, a, |x| f64x2_convert_low_i32x4(f(words(x))));
}

#[inline(always)]
pub fn uint32_lanes1(out: &mut [f64], a: &[f64], f: impl Fn(v128) -> v128) {
    lanes1::<false>(out, a, |x| f64x2_convert_low_u32x4(f(words(x))));
}

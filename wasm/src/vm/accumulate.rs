//! One reduction's state fed a block at a time, as src/backend/js/reducers.ts feeds its
//! accumulators, and its result. A state is 3 f64 words, laid out as
//! src/backend/wasm/reduce-merge.ts reads partial states (the fields of
//! src/kernel/reductions.ts): sum [s], prod [p], min/max [value, seen], any/all [flag],
//! argmin/argmax and nanargmin/nanargmax [value, index in the run, seen], var [n, mean, M2].

use super::kinds::{DType, ReduceKind, Reduction};
use super::opcodes::KernelFault;
use super::scalar::{round_to, to_int32, trunc};
use super::{Fault, BLOCK};
use core::arch::wasm32::*;

/// f64 words of one state.
pub const STATE_WORDS: usize = 3;

/// pairwiseSum(x, 0, x.length) of reducers.ts, bit for bit.
pub fn pairwise_sum(x: &[f64]) -> f64 {
    let n = x.len();
    if n <= 8 {
        return x.iter().fold(0.0, |s, &v| s + v);
    }
    if n.is_power_of_two() && n <= BLOCK {
        return pairwise_power_of_two(x);
    }
    let mid = n >> 1;
    pairwise_sum(&x[..mid]) + pairwise_sum(&x[mid..])
}

/// For n = 2^k >= 16 the recursion is a perfect tree over leaves of 8: two neighbouring
/// leaves are summed in the two lanes of a v128, four such pairs at a time so that four
/// chains of dependent adds overlap (one chain waits on each add's latency), then the
/// tree is folded level by level.
fn pairwise_power_of_two(x: &[f64]) -> f64 {
    let mut sums = [0.0; BLOCK / 16];
    let mut quads = x.chunks_exact(64);
    let mut done = 0;
    for q in &mut quads {
        let mut acc = [f64x2_splat(0.0); 4];
        for i in 0..8 {
            for (p, a) in acc.iter_mut().enumerate() {
                *a = f64x2_add(*a, f64x2(q[16 * p + i], q[16 * p + 8 + i]));
            }
        }
        for (s, a) in sums[done..done + 4].iter_mut().zip(acc) {
            *s = f64x2_extract_lane::<0>(a) + f64x2_extract_lane::<1>(a);
        }
        done += 4;
    }
    for leaves in quads.remainder().chunks_exact(16) {
        let mut acc = f64x2_splat(0.0);
        for i in 0..8 {
            acc = f64x2_add(acc, f64x2(leaves[i], leaves[8 + i]));
        }
        sums[done] = f64x2_extract_lane::<0>(acc) + f64x2_extract_lane::<1>(acc);
        done += 1;
    }
    let mut m = done;
    while m > 1 {
        m /= 2;
        for i in 0..m {
            sums[i] = sums[2 * i] + sums[2 * i + 1];
        }
    }
    sums[0]
}

/// Float sums go through `walk`'s partials instead of a state's accumulator.
pub fn is_tree_sum(r: &Reduction) -> bool {
    r.kind == ReduceKind::Sum && r.dtype.is_float()
}

/// The state of a reduction before any element.
pub fn empty(r: &Reduction) -> [f64; STATE_WORDS] {
    match r.kind {
        ReduceKind::Prod | ReduceKind::All => [1.0, 0.0, 0.0],
        ReduceKind::Min
        | ReduceKind::Max
        | ReduceKind::Argmin
        | ReduceKind::Argmax
        | ReduceKind::Nanargmin
        | ReduceKind::Nanargmax => [f64::NAN, 0.0, 0.0],
        _ => [0.0; STATE_WORDS],
    }
}

/// Feeds one block of values (`first`: the index of `v[0]` within the run) to a state.
pub fn absorb(r: &Reduction, st: &mut [f64; STATE_WORDS], v: &[f64], first: u64) {
    let float = r.dtype.is_float();
    match r.kind {
        ReduceKind::Sum => st[0] = wrapping_sum(st[0], v, r.dtype == DType::U32),
        ReduceKind::Prod if float => st[0] = v.iter().fold(st[0], |p, &x| p * x),
        ReduceKind::Prod => {
            let p = v.iter().fold(to_int32(st[0]), |p, &x| p.wrapping_mul(to_int32(x)));
            st[0] = if r.dtype == DType::U32 {
                p as u32 as f64
            } else {
                p as f64
            };
        }
        ReduceKind::Min => extreme(st, v, float, |a, b| f64x2_lt(a, b), |a, b| a < b),
        ReduceKind::Max => extreme(st, v, float, |a, b| f64x2_gt(a, b), |a, b| a > b),
        ReduceKind::Argmin => arg_extreme(st, v, first, NanRule::Wins, |a, b| f64x2_lt(a, b), |a, b| a < b),
        ReduceKind::Argmax => arg_extreme(st, v, first, NanRule::Wins, |a, b| f64x2_gt(a, b), |a, b| a > b),
        ReduceKind::Nanargmin => arg_extreme(st, v, first, NanRule::Skipped, |a, b| f64x2_lt(a, b), |a, b| a < b),
        ReduceKind::Nanargmax => arg_extreme(st, v, first, NanRule::Skipped, |a, b| f64x2_gt(a, b), |a, b| a > b),
        ReduceKind::Any => st[0] = (st[0] != 0.0 || v.iter().any(|&x| x != 0.0)) as u32 as f64,
        ReduceKind::All => st[0] = (st[0] != 0.0 && v.iter().all(|&x| x != 0.0)) as u32 as f64,
        ReduceKind::Var => {
            let len = v.len() as f64;
            let bm = pairwise_sum(v) / len;
            let bm2 = v.iter().fold(0.0, |s, &x| s + (x - bm) * (x - bm));
            let [n, mean, m2] = *st;
            if n == 0.0 {
                // Copied, not merged: delta * delta may overflow, and Inf * n (0) would turn an infinite variance into NaN.
                *st = [len, bm, bm2];
                return;
            }
            let total = n + len;
            let delta = bm - mean;
            *st = [
                total,
                mean + (delta * len) / total,
                m2 + (bm2 + (delta * delta * n * len) / total),
            ];
        }
    }
}

/// `(s + x) | 0` (or `>>> 0`) element by element. Integral terms below 2^52 add exactly
/// in i64, whose wrap mod 2^64 keeps the residue mod 2^32; anything else (never produced
/// by an integer instruction) continues in the reference's own steps.
fn wrapping_sum(s: f64, v: &[f64], unsigned: bool) -> f64 {
    let mut acc = to_int32(s) as i64;
    for (j, &x) in v.iter().enumerate() {
        if x > -4503599627370496.0 && x < 4503599627370496.0 && x == trunc(x) {
            acc = acc.wrapping_add(x as i64);
        } else {
            let wrap = |y: f64| {
                if unsigned {
                    to_int32(y) as u32 as f64
                } else {
                    to_int32(y) as f64
                }
            };
            return v[j..].iter().fold(wrap(acc as i32 as f64), |s, &y| wrap(s + y));
        }
    }
    if unsigned {
        acc as u32 as f64
    } else {
        acc as i32 as f64
    }
}

/// The block's extreme by `better` (a lane mask and its scalar twin), on f64x2 lanes;
/// None when the block holds a NaN (or is too short), for the exact loop to handle.
/// Equal nonzero values have equal bits, so only a zero extreme depends on which
/// element is first, and `extreme` leaves that case to the loop too. Four accumulators
/// keep four compare-selects in flight (one accumulator ran at half the speed).
fn lanes_extreme(v: &[f64], better: impl Fn(v128, v128) -> v128, better1: impl Fn(f64, f64) -> bool) -> Option<f64> {
    let eights = v.chunks_exact(8);
    let tail = eights.remainder();
    let start = f64x2(*v.first()?, *v.get(1)?);
    let (mut acc, mut nan) = ([start; 4], f64x2_ne(start, start));
    for x in eights {
        for (k, a) in acc.iter_mut().enumerate() {
            let x = f64x2(x[2 * k], x[2 * k + 1]);
            *a = v128_bitselect(x, *a, better(x, *a));
            nan = v128_or(nan, f64x2_ne(x, x));
        }
    }
    if v128_any_true(nan) || tail.iter().any(|t| t.is_nan()) {
        return None;
    }
    let lanes = acc
        .iter()
        .flat_map(|&a| [f64x2_extract_lane::<0>(a), f64x2_extract_lane::<1>(a)]);
    Some(
        lanes
            .chain(tail.iter().copied())
            .fold(v[0], |m, x| if better1(x, m) { x } else { m }),
    )
}

/// reducers.ts extreme: the first element, then any better one or a NaN, which stays.
fn extreme(
    st: &mut [f64; STATE_WORDS],
    v: &[f64],
    float: bool,
    better: impl Fn(v128, v128) -> v128,
    better1: impl Fn(f64, f64) -> bool,
) {
    let (mut acc, mut seen) = (st[0], st[1] != 0.0);
    if seen && acc != acc {
        return;
    }
    match lanes_extreme(v, better, &better1) {
        // Integers have no -0, so only a float zero needs the exact loop for its sign;
        // without this, every block of int keys whose minimum is 0 went the slow way.
        Some(m) if m != 0.0 || !float => {
            if !seen || better1(m, acc) {
                acc = m;
            }
        }
        _ => {
            for &x in v {
                if !seen || x != x || better1(x, acc) {
                    acc = x;
                }
                seen = true;
                if acc != acc {
                    break;
                }
            }
        }
    }
    *st = [acc, (seen || !v.is_empty()) as u32 as f64, 0.0];
}

/// What an arg-extreme does with a NaN (src/kernel/reductions.ts's NanRule).
#[derive(Clone, Copy, PartialEq, Eq)]
enum NanRule {
    /// argmin/argmax: the first NaN is the answer.
    Wins,
    /// nanargmin/nanargmax: NaNs are passed over, so the state never holds one.
    Skipped,
}

/// reductions.ts argExtreme, the first NaN winning or NaNs skipped: the index of the first
/// extreme. A block without NaN takes the same lane path either way.
fn arg_extreme(
    st: &mut [f64; STATE_WORDS],
    v: &[f64],
    first: u64,
    nan: NanRule,
    better: impl Fn(v128, v128) -> v128,
    better1: impl Fn(f64, f64) -> bool,
) {
    let [mut best, mut at, seen] = *st;
    let mut seen = seen != 0.0;
    if seen && best != best {
        return;
    }
    match lanes_extreme(v, better, &better1) {
        // The first element equal to the extreme (either zero, for a zero) is the one
        // the reference's strict comparisons settle on.
        Some(m) => {
            if !seen || better1(m, best) {
                let j = v.iter().position(|&x| x == m).unwrap_or(0);
                best = v[j];
                at = (first + j as u64) as f64;
                seen = true;
            }
        }
        None => {
            for (j, &x) in v.iter().enumerate() {
                if seen && best != best {
                    break;
                }
                if x != x && nan == NanRule::Skipped {
                    continue;
                }
                if !seen || x != x || better1(x, best) {
                    best = x;
                    at = (first + j as u64) as f64;
                }
                seen = true;
            }
        }
    }
    *st = [best, at, seen as u32 as f64];
}

/// A reduction's result from its state over a whole run, rounded to its dtype. A run in
/// which nanargmin/nanargmax saw no number faults, as the reference raises.
pub fn finish(r: &Reduction, st: &[f64; STATE_WORDS], ddof: f64) -> Result<f64, Fault> {
    let value = match r.kind {
        ReduceKind::Min | ReduceKind::Max if st[1] == 0.0 => f64::NAN,
        ReduceKind::Nanargmin if st[2] == 0.0 => return Err(Fault::Kernel(KernelFault::NanargminAllNan)),
        ReduceKind::Nanargmax if st[2] == 0.0 => return Err(Fault::Kernel(KernelFault::NanargmaxAllNan)),
        ReduceKind::Argmin | ReduceKind::Argmax | ReduceKind::Nanargmin | ReduceKind::Nanargmax => st[1],
        ReduceKind::Var if st[0] == 0.0 => f64::NAN,
        ReduceKind::Var => {
            let d = st[0] - ddof;
            st[2] / if d > 0.0 { d } else { 0.0 }
        }
        _ => st[0],
    };
    let mut out = [value];
    round_to(&mut out, r.dtype);
    Ok(out[0])
}

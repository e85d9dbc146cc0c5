//! Signed comparisons of i64 lanes whose values fit in 32 bits, done on the low words.
//! Where LLVM can prove an i64x2 comparison's operands non-negative (a masked field, a
//! shifted word) it turns the comparison unsigned, and wasm has no unsigned i64x2
//! comparison: rustc 1.63 then emits it lane by lane (extract, compare, select, replace).
//! The i32x4 comparisons all exist, signed and unsigned, so LLVM's rewrites stay vectors.

use core::arch::wasm32::*;

/// a > b in each i64 lane, both in i32 range: all ones or all zeros per lane.
#[inline(always)]
pub fn gt_narrow(a: v128, b: v128) -> v128 {
    let low = i32x4_gt(a, b);
    i32x4_shuffle::<0, 0, 2, 2>(low, low)
}

/// a < b in each i64 lane, both in i32 range.
#[inline(always)]
pub fn lt_narrow(a: v128, b: v128) -> v128 {
    gt_narrow(b, a)
}

//! Per-group partial statistics of float64 values by dense int32 group code, the inner
//! loops of a groupby (src/backend/wasm/routines/groupby.ts). Codes come factorised, so
//! a group's state is found by direct indexing; a code below 0 is a row in no group.
//! NaN values are skipped as pandas skips them. Each call covers rows [start, end) and
//! writes its own state arrays, so threads work on disjoint partials that the caller
//! merges in thread order (deterministic whatever the thread count).
//!
//! Variance is two-pass (STYLE: numerically careful): group means from `group_moments`,
//! then `group_m2` sums squared deviations from those means, which stays accurate when a
//! group's mean is large against its spread, where one-pass sum-of-squares cancels.

/// Rows [start, end) of the arrays behind `codes` and `x`.
///
/// # Safety
/// `codes` and `x` must be valid for reads of `end` elements.
unsafe fn rows<'a>(codes: *const i32, x: *const f64, start: u32, end: u32) -> (&'a [i32], &'a [f64]) {
    let (s, e) = (start as usize, end as usize);
    (core::slice::from_raw_parts(codes.add(s), e - s), core::slice::from_raw_parts(x.add(s), e - s))
}

/// Adds each row to its group's row count, non-NaN count and sum, kept interleaved
/// (`state[3g..3g+3]` = size, count, sum) so one row touches one cache line of state:
/// with 1M groups the state is 24 MB, far past the caches, and three separate arrays
/// would cost three misses per row instead of one.
///
/// # Safety
/// `codes`, `x` valid for `end` reads; `state` valid for `3 * groups` f64 writes,
/// initialised by the caller, not overlapping the inputs; every code is below `groups`;
/// no other thread touches `state` during the call.
#[no_mangle]
pub unsafe extern "C" fn group_moments(codes: *const i32, x: *const f64, start: u32, end: u32, groups: u32, state: *mut f64) {
    let (codes, x) = rows(codes, x, start, end);
    let state = core::slice::from_raw_parts_mut(state, 3 * groups as usize);
    for (&c, &v) in codes.iter().zip(x) {
        if c < 0 {
            continue;
        }
        let at = 3 * c as usize;
        // Branch-free NaN skip: a NaN adds 0 to the sum and 0 to the count.
        let ok = v == v;
        state[at] += 1.0;
        state[at + 1] += ok as u32 as f64;
        state[at + 2] += if ok { v } else { 0.0 };
    }
}

/// Adds each non-NaN row's squared deviation from its group's mean to `m2`.
///
/// # Safety
/// As `group_moments`; `mean` valid for `groups` reads, `m2` for `groups` writes.
#[no_mangle]
pub unsafe extern "C" fn group_m2(codes: *const i32, x: *const f64, start: u32, end: u32, groups: u32, mean: *const f64, m2: *mut f64) {
    let (codes, x) = rows(codes, x, start, end);
    let g = groups as usize;
    let mean = core::slice::from_raw_parts(mean, g);
    let m2 = core::slice::from_raw_parts_mut(m2, g);
    for (&c, &v) in codes.iter().zip(x) {
        if c < 0 || v != v {
            continue;
        }
        let d = v - mean[c as usize];
        m2[c as usize] += d * d;
    }
}

/// Each group's smallest and largest non-NaN value and the row of its first occurrence
/// (rows counted from 0 of the whole array). Outputs start as NaN (the caller fills them).
///
/// # Safety
/// As `group_moments`, for the four outputs.
#[no_mangle]
pub unsafe extern "C" fn group_extremes(codes: *const i32, x: *const f64, start: u32, end: u32, groups: u32, min: *mut f64, max: *mut f64, argmin: *mut f64, argmax: *mut f64) {
    let (codes, x) = rows(codes, x, start, end);
    let g = groups as usize;
    let min = core::slice::from_raw_parts_mut(min, g);
    let max = core::slice::from_raw_parts_mut(max, g);
    let argmin = core::slice::from_raw_parts_mut(argmin, g);
    let argmax = core::slice::from_raw_parts_mut(argmax, g);
    for (i, (&c, &v)) in codes.iter().zip(x).enumerate() {
        if c < 0 || v != v {
            continue;
        }
        let c = c as usize;
        let row = (start as usize + i) as f64;
        let lo = min[c];
        if v < lo || lo != lo {
            min[c] = v;
            argmin[c] = row;
        }
        let hi = max[c];
        if v > hi || hi != hi {
            max[c] = v;
            argmax[c] = row;
        }
    }
}

/// Each group's first and last non-NaN value. Outputs start as NaN (the caller fills them).
///
/// # Safety
/// As `group_moments`, for the two outputs.
#[no_mangle]
pub unsafe extern "C" fn group_ends(codes: *const i32, x: *const f64, start: u32, end: u32, groups: u32, first: *mut f64, last: *mut f64) {
    let (codes, x) = rows(codes, x, start, end);
    let g = groups as usize;
    let first = core::slice::from_raw_parts_mut(first, g);
    let last = core::slice::from_raw_parts_mut(last, g);
    for (&c, &v) in codes.iter().zip(x) {
        if c < 0 || v != v {
            continue;
        }
        let c = c as usize;
        if first[c] != first[c] {
            first[c] = v;
        }
        last[c] = v;
    }
}

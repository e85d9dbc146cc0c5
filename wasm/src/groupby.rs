//! Per-group partial statistics of float64 values by dense int32 group code, the inner
//! loops of a groupby (src/backend/wasm/routines/groupby.ts). Codes come factorised, so
//! a group's state is found by direct indexing; a code below 0 is a row in no group.
//! NaN values are skipped as pandas skips them. Each call covers rows [start, end) in
//! row order and adds to the state arrays it is given: with few groups each thread has
//! its own copy, which the caller merges in thread order (deterministic whatever the
//! thread count); with many, the rows come partitioned by group (partition.rs) and each
//! thread owns whole partitions of one shared state.
//!
//! Variance is two-pass for accuracy: group means from `group_moments`,
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

/// Adds each row to its group's row count, non-NaN count and sum. Callers keep the state
/// of the groups being aggregated within the caches: few groups, or one partition of many
/// (partition.rs), so three arrays cost no more than one interleaved array.
///
/// # Safety
/// `codes`, `x` valid for `end` reads; `size`, `count`, `sum` each valid for `groups` f64
/// writes, initialised by the caller, not overlapping the inputs; every code is below
/// `groups`; no other thread touches the groups of these rows during the call.
#[no_mangle]
pub unsafe extern "C" fn group_moments(codes: *const i32, x: *const f64, start: u32, end: u32, groups: u32, size: *mut f64, count: *mut f64, sum: *mut f64) {
    let (codes, x) = rows(codes, x, start, end);
    let g = groups as usize;
    let size = core::slice::from_raw_parts_mut(size, g);
    let count = core::slice::from_raw_parts_mut(count, g);
    let sum = core::slice::from_raw_parts_mut(sum, g);
    if codes.len() >= NAN_TALLY_ROWS * g {
        moments_tallying_nans(codes, x, size, count, sum);
        return;
    }
    for (&c, &v) in codes.iter().zip(x) {
        if c < 0 {
            continue;
        }
        let c = c as usize;
        // Branch-free NaN skip: a NaN adds 0 to the sum and 0 to the count.
        let ok = v == v;
        // Unchecked: every code is below `groups` (the contract above).
        *size.get_unchecked_mut(c) += 1.0;
        *count.get_unchecked_mut(c) += ok as u32 as f64;
        *sum.get_unchecked_mut(c) += if ok { v } else { 0.0 };
    }
}

/// Rows per group from which `group_moments` counts NaNs instead of non-NaN values: two
/// adds to memory a row instead of three, and no conversion of the NaN test to a number,
/// for a pass over every group before and after. A groupby of 10M rows by 1,000 int keys
/// (sum, mean, count), one thread, 2-core machine at load 6: best of 30 went from 24-25 ms
/// to 14.3 ms (uniform keys) and from 25 to 15-18 ms (Zipf keys). Values that are mostly
/// NaN mispredict the branch; a sum skips them anyway.
const NAN_TALLY_ROWS: usize = 16;

/// `group_moments` with `count` holding minus the NaNs while the rows are added: a NaN
/// is rare, so its branch is predicted, and the non-NaN count is size minus NaNs after.
/// Counts are integers far below 2^53, so the subtractions are exact.
///
/// # Safety
/// As `group_moments`.
unsafe fn moments_tallying_nans(codes: &[i32], x: &[f64], size: &mut [f64], count: &mut [f64], sum: &mut [f64]) {
    for (n, s) in count.iter_mut().zip(size.iter()) {
        *n -= *s;
    }
    for (&c, &v) in codes.iter().zip(x) {
        if c < 0 {
            continue;
        }
        let c = c as usize;
        *size.get_unchecked_mut(c) += 1.0;
        if v == v {
            *sum.get_unchecked_mut(c) += v;
        } else {
            *count.get_unchecked_mut(c) -= 1.0;
        }
    }
    for (n, s) in count.iter_mut().zip(size.iter()) {
        *n += *s;
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
    let out = Extremes::new(groups, min, max, argmin, argmax);
    out.add(codes, x, |i| (start as usize + i) as f64);
}

/// As `group_extremes` over partitioned rows (partition.rs), whose row numbers are in `row`.
///
/// # Safety
/// As `group_extremes`; `row` valid for `end` reads.
#[no_mangle]
pub unsafe extern "C" fn group_extremes_at(codes: *const i32, x: *const f64, row: *const u32, start: u32, end: u32, groups: u32, min: *mut f64, max: *mut f64, argmin: *mut f64, argmax: *mut f64) {
    let (codes, x) = rows(codes, x, start, end);
    let row = core::slice::from_raw_parts(row.add(start as usize), codes.len());
    let out = Extremes::new(groups, min, max, argmin, argmax);
    out.add(codes, x, |i| row[i] as f64);
}

/// The four outputs of `group_extremes`.
struct Extremes<'a> {
    min: &'a mut [f64],
    max: &'a mut [f64],
    argmin: &'a mut [f64],
    argmax: &'a mut [f64],
}

impl<'a> Extremes<'a> {
    /// # Safety
    /// Each pointer valid for `groups` f64 writes.
    unsafe fn new(groups: u32, min: *mut f64, max: *mut f64, argmin: *mut f64, argmax: *mut f64) -> Self {
        let g = groups as usize;
        let out = |p: *mut f64| core::slice::from_raw_parts_mut(p, g);
        Extremes { min: out(min), max: out(max), argmin: out(argmin), argmax: out(argmax) }
    }

    /// Rows in row order, so a tie never replaces the first occurrence.
    #[inline(always)]
    fn add(self, codes: &[i32], x: &[f64], row: impl Fn(usize) -> f64) {
        for (i, (&c, &v)) in codes.iter().zip(x).enumerate() {
            if c < 0 || v != v {
                continue;
            }
            let c = c as usize;
            let lo = self.min[c];
            if v < lo || lo != lo {
                self.min[c] = v;
                self.argmin[c] = row(i);
            }
            let hi = self.max[c];
            if v > hi || hi != hi {
                self.max[c] = v;
                self.argmax[c] = row(i);
            }
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

//! Stable radix partitioning of groupby rows by the high bits of their group code, so a
//! high-cardinality aggregation touches one cache-sized slice of group state at a time
//! (issue #6: with 1M groups the state is tens of MB and every row of a direct pass is a
//! cache miss). The host (src/backend/wasm/routines/group-rows.ts) runs it in three
//! batches over row ranges taken in row order, one per thread:
//!
//! 1. `group_partition_sizes` counts a range's rows per partition (`code >> shift`);
//! 2. the host turns the counts into each range's first slot in every partition,
//!    partitions in order and, within one, the ranges in row order;
//! 3. `group_scatter` copies each row to its range's next slot in its partition.
//!
//! Every partition then holds its rows in global row order (a stable partition), so the
//! groupby kernels (groupby.rs) run over partitions unchanged and keep first/last values
//! and first-occurrence ties. Rows with a code below 0 belong to no group and are dropped.
//! Partitions hold disjoint groups, so threads may aggregate different partitions into
//! one shared state with no merge.

/// # Safety
/// `codes` valid for `end` reads.
unsafe fn codes_of<'a>(codes: *const i32, start: u32, end: u32) -> &'a [i32] {
    core::slice::from_raw_parts(codes.add(start as usize), (end - start) as usize)
}

/// Adds each row of [start, end) with a code of at least 0 to its partition's count.
///
/// # Safety
/// `codes` valid for `end` reads; `sizes` valid for `(max code >> shift) + 1` u32
/// read-writes, initialised by the caller; no other thread touches `sizes`.
#[no_mangle]
pub unsafe extern "C" fn group_partition_sizes(codes: *const i32, start: u32, end: u32, shift: u32, sizes: *mut u32) {
    for &c in codes_of(codes, start, end) {
        if c >= 0 {
            *sizes.add((c >> shift) as usize) += 1;
        }
    }
}

/// Copies each grouped row's code and value, and its row number when `out_rows` is not
/// null (only argmin/argmax need it), to the next slot of its partition: `cursor[p]` is
/// that slot and is advanced.
///
/// # Safety
/// `codes`, `x` valid for `end` reads; `cursor` holds, for every partition, this range's
/// first slot (step 2 above), so slots of different ranges or partitions never overlap;
/// `out_codes`, `out_x` (and `out_rows` when not null) valid for writes at every slot.
#[no_mangle]
pub unsafe extern "C" fn group_scatter(codes: *const i32, x: *const f64, start: u32, end: u32, shift: u32, cursor: *mut u32, out_codes: *mut i32, out_x: *mut f64, out_rows: *mut u32) {
    let codes = codes_of(codes, start, end);
    let x = core::slice::from_raw_parts(x.add(start as usize), codes.len());
    for (i, (&c, &v)) in codes.iter().zip(x).enumerate() {
        if c < 0 {
            continue;
        }
        let slot = cursor.add((c >> shift) as usize);
        let at = *slot as usize;
        *slot += 1;
        *out_codes.add(at) = c;
        *out_x.add(at) = v;
        if !out_rows.is_null() {
            *out_rows.add(at) = start + i as u32;
        }
    }
}

//! Each row's group slot from several integer keys (src/backend/wasm/routines/group-slots.ts):
//! the dense path of a multi-key groupby, where every key lies in a narrow range and the
//! combinations are numbered in mixed radix, `sum_k (key_k - base_k) * stride_k`, so the
//! slots rank the key tuples lexicographically. A key whose negative values are null (a
//! dictionary code of -1) makes the row's slot -1. Rows go through in blocks, key by key,
//! so each inner loop is one SIMD-friendly pass over a block the L1 holds.

/// Rows per block: 1,024 int32 slots are 4 KiB, resident in L1 while every key adds to them.
const BLOCK: usize = 1024;

/// One key as the host lays it out in the table: address, base, stride, nullable (0 or 1).
const WORDS_PER_KEY: usize = 4;

/// Writes the slot of rows [start, end) to `out`.
///
/// # Safety
/// `table` holds `keys` entries of four i32 words (the address of an int32 column valid
/// for `end` reads, its base, its stride, whether negative values are null); `out` is
/// valid for `end` i32 writes and no other thread writes rows [start, end). The host
/// guarantees every non-null key lies in [base, base + range) and the slots fit int32.
#[no_mangle]
pub unsafe extern "C" fn group_slots(table: *const i32, keys: u32, start: u32, end: u32, out: *mut i32) {
    let table = core::slice::from_raw_parts(table, keys as usize * WORDS_PER_KEY);
    let mut at = start as usize;
    while at < end as usize {
        let n = BLOCK.min(end as usize - at);
        let slots = core::slice::from_raw_parts_mut(out.add(at), n);
        for (k, key) in table.chunks_exact(WORDS_PER_KEY).enumerate() {
            let values = core::slice::from_raw_parts((key[0] as u32 as *const i32).add(at), n);
            add_key(slots, values, key[1], key[2], k == 0);
        }
        for key in table.chunks_exact(WORDS_PER_KEY).filter(|key| key[3] != 0) {
            let values = core::slice::from_raw_parts((key[0] as u32 as *const i32).add(at), n);
            for (s, &v) in slots.iter_mut().zip(values) {
                *s = if v < 0 { -1 } else { *s };
            }
        }
        at += n;
    }
}

/// Adds one key's term to each slot (the first key sets it). Wrapping arithmetic: a null
/// key's term is garbage that the null pass overwrites, and must not trap.
#[inline(always)]
fn add_key(slots: &mut [i32], values: &[i32], base: i32, stride: i32, first: bool) {
    if first {
        for (s, &v) in slots.iter_mut().zip(values) {
            *s = v.wrapping_sub(base).wrapping_mul(stride);
        }
    } else {
        for (s, &v) in slots.iter_mut().zip(values) {
            *s = s.wrapping_add(v.wrapping_sub(base).wrapping_mul(stride));
        }
    }
}

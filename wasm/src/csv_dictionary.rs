//! Ids for the short strings of a CSV string column (src/io/csv-wasm.ts): the same bytes
//! always get the same id, so the host decodes each distinct string once and maps ids
//! to its block's dictionary codes through an array instead of hashing every field.
//! A dictionary is a region the host lays out and clears:
//! `[count u32, generation u32, 2 pad][SLOTS entries of (hash, id + 1, length, generation)][MAX_IDS * MAX_LENGTH bytes]`.
//! An entry of another generation is empty, so the host clears a dictionary by zeroing
//! its count and starting a generation, not by zeroing its 1 MiB table (a scan of tiny
//! blocks makes a dictionary per parser, and zeroing them showed in the tests' time).
//! Open addressing at most half full (MAX_IDS = SLOTS / 2); a string past MAX_LENGTH
//! bytes, or new once the ids run out, gets NONE and the host codes it by its text.

pub const SLOTS: usize = 65536;
pub const MAX_IDS: usize = SLOTS / 2;
pub const MAX_LENGTH: usize = 32;
pub const NONE: u32 = u32::MAX;
const ENTRY_WORDS: usize = 4;
const TABLE: usize = 16;
const ARENA: usize = TABLE + SLOTS * ENTRY_WORDS * 4;

/// The id of `text` in the dictionary at `dict`.
///
/// # Safety
/// `dict` is a dictionary region laid out as above, its generation not 0 (zeroed memory is empty); `text` may be read
/// up to 7 bytes past its end.
#[inline(always)]
pub unsafe fn intern(dict: *mut u8, text: &[u8]) -> u32 {
    let length = text.len();
    if length > MAX_LENGTH {
        return NONE;
    }
    let words = (length + 7) / 8;
    let mut mixed = length as u64;
    for i in 0..words {
        mixed = (mixed ^ word(text.as_ptr(), i, length)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        mixed ^= mixed >> 29;
    }
    let hash = (mixed >> 32) as u32;
    let table = dict.add(TABLE) as *mut u32;
    let generation = *(dict as *const u32).add(1);
    let arena = dict.add(ARENA);
    let mut slot = hash as usize & (SLOTS - 1);
    loop {
        let entry = table.add(slot * ENTRY_WORDS);
        let id1 = *entry.add(1);
        if *entry.add(3) != generation {
            let count = dict as *mut u32;
            if *count as usize >= MAX_IDS {
                return NONE;
            }
            let id = *count;
            *count = id + 1;
            *entry = hash;
            *entry.add(1) = id + 1;
            *entry.add(2) = length as u32;
            *entry.add(3) = generation;
            core::ptr::copy_nonoverlapping(text.as_ptr(), arena.add(id as usize * MAX_LENGTH), length);
            return id;
        }
        if *entry == hash && *entry.add(2) as usize == length {
            let stored = arena.add((id1 - 1) as usize * MAX_LENGTH);
            if (0..words).all(|i| word(stored, i, length) == word(text.as_ptr(), i, length)) {
                return id1 - 1;
            }
        }
        slot = (slot + 1) & (SLOTS - 1);
    }
}

/// The i-th 8 bytes of a string of `length` bytes at `p`, those past its end zeroed.
/// Whole loads: a field may be read up to 7 bytes past its end, which the host's
/// padding after a window covers (and an arena slot holds MAX_LENGTH bytes).
#[inline(always)]
unsafe fn word(p: *const u8, i: usize, length: usize) -> u64 {
    let w = core::ptr::read_unaligned(p.add(8 * i) as *const u64);
    let left = length - 8 * i;
    if left >= 8 {
        w
    } else {
        w & ((1u64 << (8 * left)) - 1)
    }
}

/// Bytes a dictionary region takes, for the host's layout.
#[no_mangle]
pub extern "C" fn csv_dictionary_bytes() -> u32 {
    (ARENA + MAX_IDS * MAX_LENGTH) as u32
}

//! Ids for the short strings of a CSV string column (src/io/csv-wasm.ts): the same bytes
//! always get the same id, so the host decodes each distinct string once and maps ids
//! to its block's dictionary codes through an array instead of hashing every field.
//! A dictionary is a region the host lays out and clears:
//! `[count u32, 3 pad][SLOTS entries of (hash, id + 1, length, pad)][MAX_IDS * MAX_LENGTH bytes]`.
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
/// `dict` is a dictionary region laid out as above (zeroed when new).
#[inline(always)]
pub unsafe fn intern(dict: *mut u8, text: &[u8]) -> u32 {
    let length = text.len();
    if length > MAX_LENGTH {
        return NONE;
    }
    let mut hash: u32 = 0x811c_9dc5 ^ length as u32;
    for &b in text {
        hash = (hash ^ b as u32).wrapping_mul(0x0100_0193);
    }
    let table = dict.add(TABLE) as *mut u32;
    let arena = dict.add(ARENA);
    let mut slot = hash as usize & (SLOTS - 1);
    loop {
        let entry = table.add(slot * ENTRY_WORDS);
        let id1 = *entry.add(1);
        if id1 == 0 {
            let count = dict as *mut u32;
            if *count as usize >= MAX_IDS {
                return NONE;
            }
            let id = *count;
            *count = id + 1;
            *entry = hash;
            *entry.add(1) = id + 1;
            *entry.add(2) = length as u32;
            core::ptr::copy_nonoverlapping(text.as_ptr(), arena.add(id as usize * MAX_LENGTH), length);
            return id;
        }
        if *entry == hash && *entry.add(2) as usize == length {
            let stored = core::slice::from_raw_parts(arena.add((id1 - 1) as usize * MAX_LENGTH), length);
            if stored == text {
                return id1 - 1;
            }
        }
        slot = (slot + 1) & (SLOTS - 1);
    }
}

/// Bytes a dictionary region takes, for the host's layout.
#[no_mangle]
pub extern "C" fn csv_dictionary_bytes() -> u32 {
    (ARENA + MAX_IDS * MAX_LENGTH) as u32
}

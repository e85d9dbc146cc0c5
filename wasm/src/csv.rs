//! One window of CSV rows read into typed columns (src/io/csv-wasm.ts): the rows of a
//! quote-free window, split at delimiters and line breaks found 16 bytes at a time, their
//! numbers parsed into float64 and int32 columns and their other fields answered as
//! (start, end) spans for the host to read (strings, bools). The rules are those of
//! src/io/csv-tokenizer.ts for text without quotes: rows end at LF, a CR before it is
//! dropped, blank lines are skipped, only complete rows are taken unless the window is
//! the source's last. Anything else the host must decide (a quote anywhere, a row of the
//! wrong width) stops the window with BAIL, and the host reads it with its own parser;
//! a number the fast path cannot read is listed (deferred) for the host to read.

use crate::csv_dictionary::intern;
use crate::csv_numbers::{parse_f64, parse_i32};
use core::arch::wasm32::*;

/// Column types. Any other answers two u32 words (start, end) a row; STRING adds an id a
/// row (csv_dictionary.rs) from the column's dictionary.
const FLOAT64: u32 = 0;
const INT32: u32 = 1;
const STRING: u32 = 3;
/// Words per column in the descriptor: type, output, ids, dictionary.
const COLUMN_WORDS: usize = 4;

/// The descriptor's words: inputs the host sets, then results this writes, then
/// COLUMN_WORDS per column.
const INPUT: usize = 0;
const LENGTH: usize = 1;
const FINAL: usize = 2;
const DELIMITER: usize = 3;
const WIDTH: usize = 4;
const CAPACITY: usize = 5;
const DEFERRED: usize = 6;
const DEFERRED_CAPACITY: usize = 7;
const ROWS: usize = 8;
const CONSUMED: usize = 9;
const LINES: usize = 10;
const DEFERRED_COUNT: usize = 11;
const HEADER: usize = 12;

const OK: u32 = 0;
const BAIL: u32 = 1;

/// What a window has read so far.
struct Reader<'a> {
    bytes: &'a [u8],
    columns: &'a [u32],
    width: usize,
    capacity: usize,
    deferred: &'a mut [u32],
    deferred_count: usize,
    row: usize,
    field: usize,
    field_start: usize,
    consumed: usize,
    lines: usize,
}

enum Next {
    Go,
    Full,
    Bail,
}

impl<'a> Reader<'a> {
    /// Stores field `self.field` of the current row, bytes [start, end).
    #[inline(always)]
    fn put(&mut self, start: usize, end: usize) {
        let column = &self.columns[COLUMN_WORDS * self.field..];
        let kind = column[0];
        let out = column[1] as usize;
        let text = &self.bytes[start..end];
        // Safety (of the writes): the host gave each column room for `capacity` rows, and row < capacity.
        unsafe {
            match kind {
                FLOAT64 => match parse_f64(text) {
                    Some(v) => *(out as *mut f64).add(self.row) = v,
                    None => self.defer(start, end),
                },
                INT32 => match parse_i32(text) {
                    Some(v) => *(out as *mut i32).add(self.row) = v,
                    None => self.defer(start, end),
                },
                _ => {
                    let span = (out as *mut u32).add(2 * self.row);
                    *span = start as u32;
                    *span.add(1) = end as u32;
                    if kind == STRING {
                        *(column[2] as *mut u32).add(self.row) = intern(column[3] as *mut u8, text);
                    }
                }
            }
        }
    }

    #[inline(always)]
    fn defer(&mut self, start: usize, end: usize) {
        let at = 4 * self.deferred_count;
        self.deferred[at] = self.row as u32;
        self.deferred[at + 1] = self.field as u32;
        self.deferred[at + 2] = start as u32;
        self.deferred[at + 3] = end as u32;
        self.deferred_count += 1;
    }

    /// A delimiter at `p` ends a field that is not the row's last.
    #[inline(always)]
    fn delimiter(&mut self, p: usize) -> Next {
        if self.field + 1 >= self.width {
            return Next::Bail;
        }
        self.put(self.field_start, p);
        self.field += 1;
        self.field_start = p + 1;
        Next::Go
    }

    /// A row ends before `p` (an LF, or the end of the source's last window); `next` is where the next row starts.
    #[inline(always)]
    fn row_end(&mut self, p: usize, next: usize, newline: bool) -> Next {
        let start = self.field_start;
        let mut end = p;
        if end > start && self.bytes[end - 1] == b'\r' {
            end -= 1;
        }
        let blank = self.field == 0 && end == start;
        if !blank {
            if self.field + 1 != self.width {
                return Next::Bail;
            }
            self.put(start, end);
            self.row += 1;
            self.field = 0;
        }
        self.lines += newline as usize;
        self.field_start = next;
        self.consumed = next;
        if self.row == self.capacity || 4 * (self.deferred_count + self.width) > self.deferred.len() {
            return Next::Full;
        }
        Next::Go
    }
}

/// Reads the window a descriptor names (see the word indices above); answers OK with
/// the rows, bytes, lines and deferred numbers read, or BAIL.
///
/// # Safety
/// `desc` holds HEADER words and COLUMN_WORDS per column; the input is valid for `length` bytes
/// plus 16 of padding (whole 16-byte loads); each column's output is valid for
/// `capacity` values (two u32 words a row for spans); the deferred list for its
/// capacity of four-word entries, at least the width; a string column's ids for
/// `capacity` u32 and its dictionary region as csv_dictionary.rs lays it out.
#[no_mangle]
pub unsafe extern "C" fn csv_window(desc: *mut u32) -> u32 {
    let d = core::slice::from_raw_parts_mut(desc, HEADER);
    let width = d[WIDTH] as usize;
    let length = d[LENGTH] as usize;
    let input = d[INPUT] as *const u8;
    let mut reader = Reader {
        bytes: core::slice::from_raw_parts(input, length),
        columns: core::slice::from_raw_parts(desc.add(HEADER), COLUMN_WORDS * width),
        width,
        capacity: d[CAPACITY] as usize,
        deferred: core::slice::from_raw_parts_mut(d[DEFERRED] as *mut u32, 4 * d[DEFERRED_CAPACITY] as usize),
        deferred_count: 0,
        row: 0,
        field: 0,
        field_start: 0,
        consumed: 0,
        lines: 0,
    };
    let status = read(&mut reader, input, d[DELIMITER] as u8, d[FINAL] != 0);
    d[ROWS] = reader.row as u32;
    d[CONSUMED] = reader.consumed as u32;
    d[LINES] = reader.lines as u32;
    d[DEFERRED_COUNT] = reader.deferred_count as u32;
    status
}

/// Finds delimiters, LFs and quotes 16 bytes at a time (one compare each and a bitmask),
/// then visits the delimiters and LFs in order.
unsafe fn read(reader: &mut Reader, input: *const u8, delimiter: u8, last: bool) -> u32 {
    let length = reader.bytes.len();
    let (delimiters, newlines, quotes) = (u8x16_splat(delimiter), u8x16_splat(b'\n'), u8x16_splat(b'"'));
    let mut base = 0;
    while base < length {
        let chunk = v128_load(input.add(base) as *const v128);
        let valid = if length - base >= 16 { 0xffff } else { (1u32 << (length - base)) - 1 };
        if (i8x16_bitmask(i8x16_eq(chunk, quotes)) as u32) & valid != 0 {
            return BAIL;
        }
        let mut marks = (i8x16_bitmask(v128_or(i8x16_eq(chunk, delimiters), i8x16_eq(chunk, newlines))) as u32) & valid;
        while marks != 0 {
            let p = base + marks.trailing_zeros() as usize;
            marks &= marks - 1;
            let next = if *input.add(p) == b'\n' { reader.row_end(p, p + 1, true) } else { reader.delimiter(p) };
            match next {
                Next::Go => {}
                Next::Full => return OK,
                Next::Bail => return BAIL,
            }
        }
        base += 16;
    }
    // The source's last row may end without a line break.
    if last && reader.consumed < length {
        if let Next::Bail = reader.row_end(length, length, false) {
            return BAIL;
        }
    }
    OK
}

//! The fast path of src/io/csv-numbers.ts, read from a field's bytes: the same fields
//! take it and give the same doubles, so a column read here equals one read there.
//! Clinger (1990): a significand m < 2^53 and 10^k with |k| <= 22 are exact doubles, so
//! one IEEE multiply or divide is the correctly rounded m * 10^k. Every field that
//! path leaves to its slow path (spaces, `inf`, missing-value markers, long significands,
//! large exponents) answers None here, and the host reads it with csv-numbers.ts.
//! Fields of up to eight digits before and after the point, the common case, are read
//! eight digits at a time (`eight_digits`), with the same significand and exponent as
//! the digit loop would give; anything else goes through the loop.

use core::arch::wasm32::*;

const EXACT_LIMIT: u64 = 1 << 53;
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];
/// Digits past this many could overflow the u64 significand; such a field is past 2^53
/// or has leading zeros, and either way the host's reader takes it.
const MAX_DIGITS: usize = 19;

/// Digits from `p`: their value, and where they stop; None past MAX_DIGITS.
#[inline(always)]
fn digits(b: &[u8], mut p: usize, mut m: u64, count: &mut usize) -> Option<(u64, usize)> {
    while p < b.len() {
        let d = b[p].wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        *count += 1;
        if *count > MAX_DIGITS {
            return None;
        }
        m = m * 10 + d as u64;
        p += 1;
    }
    Some((m, p))
}

/// Skips a leading sign: whether it was a minus, and where the digits start.
#[inline(always)]
fn sign(b: &[u8]) -> (bool, usize) {
    match b.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    }
}

/// A float64 field (empty is missing: NaN); None when csv-numbers.ts would take its slow path.
///
/// # Safety
/// The 16 bytes from the field's start may be read (a window's padding covers its last field).
#[inline(always)]
pub unsafe fn parse_f64(b: &[u8]) -> Option<f64> {
    if b.is_empty() {
        return Some(f64::NAN);
    }
    let (negative, from) = sign(b);
    let (m, exponent) = match short_decimal(b, from) {
        Some(parts) => parts,
        None => decimal(b, from)?,
    };
    // m < 2^53: converted as signed, which x64 has one instruction for (unsigned takes a branchy sequence).
    let m = m as i64 as f64;
    let v = if exponent >= 0 { m * POW10[exponent as usize] } else { m / POW10[-exponent as usize] };
    Some(if negative { -v } else { v })
}

/// Significand and exponent of b[from..]: digits, a point and digits, an exponent; None
/// where csv-numbers.ts would take its slow path.
#[inline(always)]
fn decimal(b: &[u8], from: usize) -> Option<(u64, i32)> {
    let mut count = 0;
    let (mut m, mut p) = digits(b, from, 0, &mut count)?;
    let mut exponent: i32 = 0;
    if p < b.len() && b[p] == b'.' {
        let before = count;
        let (frac, q) = digits(b, p + 1, m, &mut count)?;
        m = frac;
        p = q;
        exponent = -((count - before) as i32);
    }
    if p < b.len() && (b[p] | 0x20) == b'e' {
        exponent += exponent_of(&b[p + 1..])?;
        p = b.len();
    }
    if p != b.len() || count == 0 || m >= EXACT_LIMIT || !(-22..=22).contains(&exponent) {
        return None;
    }
    Some((m, exponent))
}

/// `decimal` for b[from..] of at most eight digits, then optionally a point and at most
/// eight more: None for anything else, which `decimal` then reads.
///
/// # Safety
/// As parse_f64.
#[inline(always)]
unsafe fn short_decimal(b: &[u8], from: usize) -> Option<(u64, i32)> {
    let rest = b.len() - from;
    if rest > 17 {
        return None;
    }
    let at = b.as_ptr().add(from);
    let points = i8x16_bitmask(i8x16_eq(v128_load(at as *const v128), u8x16_splat(b'.'))) as u32 & ((1u32 << rest) - 1);
    let whole = if points == 0 { rest } else { points.trailing_zeros() as usize };
    let fraction = if points == 0 { 0 } else { rest - whole - 1 };
    if whole > 8 || fraction > 8 || whole + fraction == 0 {
        return None;
    }
    let m = eight_digits(at, whole)? * POW10_INT[fraction] + eight_digits(at.add(whole + 1), fraction)?;
    if m >= EXACT_LIMIT {
        return None;
    }
    Some((m, -(fraction as i32)))
}

const POW10_INT: [u64; 9] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

/// The value of the n <= 8 ASCII digits at `p`, None if one is not a digit: the word is
/// loaded whole, the digits shifted to its top with '0's before them, checked and
/// combined in three multiplies (pairs, quads, then the eight).
///
/// # Safety
/// 8 bytes from `p` may be read.
#[inline(always)]
unsafe fn eight_digits(p: *const u8, n: usize) -> Option<u64> {
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    if n == 0 {
        return Some(0);
    }
    let w = core::ptr::read_unaligned(p as *const u64);
    let w = if n == 8 { w } else { (w << (8 * (8 - n))) | (ZEROS >> (8 * n)) };
    let nibbles_high = w & 0xf0f0_f0f0_f0f0_f0f0;
    let carried = w.wrapping_add(0x0606_0606_0606_0606) & 0xf0f0_f0f0_f0f0_f0f0;
    if nibbles_high != ZEROS || carried != ZEROS {
        return None;
    }
    let v = w - ZEROS;
    let v = v.wrapping_mul(10).wrapping_add(v >> 8);
    const MASK: u64 = 0x0000_00ff_0000_00ff;
    let v = ((v & MASK).wrapping_mul(100 + (1_000_000 << 32))).wrapping_add(((v >> 16) & MASK).wrapping_mul(1 + (10_000 << 32))) >> 32;
    Some(v)
}

/// The exponent after `e`: a sign and 1 to 4 digits filling the rest of the field.
#[inline(always)]
fn exponent_of(b: &[u8]) -> Option<i32> {
    let (negative, from) = sign(b);
    if from == b.len() || b.len() - from > 4 {
        return None;
    }
    let mut e = 0;
    for &c in &b[from..] {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        e = e * 10 + d as i32;
    }
    Some(if negative { -e } else { e })
}

/// An int32 field: a sign and 1 to 10 digits in range; None for anything else (the host's
/// reader then reads it or refuses it, missing values included).
///
/// # Safety
/// The 8 bytes after the field's sign may be read (a window's padding covers its last field).
#[inline(always)]
pub unsafe fn parse_i32(b: &[u8]) -> Option<i32> {
    let (negative, from) = sign(b);
    if from == b.len() || b.len() - from > 10 {
        return None;
    }
    let v = if b.len() - from <= 8 {
        eight_digits(b.as_ptr().add(from), b.len() - from)? as i64
    } else {
        let mut v: i64 = 0;
        for &c in &b[from..] {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            v = v * 10 + d as i64;
        }
        v
    };
    let v = if negative { -v } else { v };
    if v < i32::MIN as i64 || v > i32::MAX as i64 {
        return None;
    }
    Some(v as i32)
}

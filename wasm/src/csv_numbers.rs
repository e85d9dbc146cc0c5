//! The fast path of src/io/csv-numbers.ts, read from a field's bytes: the same fields
//! take it and give the same doubles, so a column read here equals one read there.
//! Clinger (1990): a significand m < 2^53 and 10^k with |k| <= 22 are exact doubles, so
//! one IEEE multiply or divide is the correctly rounded m * 10^k. Every field that
//! path leaves to its slow path (spaces, `inf`, missing-value markers, long significands,
//! large exponents) answers None here, and the host reads it with csv-numbers.ts.

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
#[inline(always)]
pub fn parse_f64(b: &[u8]) -> Option<f64> {
    if b.is_empty() {
        return Some(f64::NAN);
    }
    let (negative, from) = sign(b);
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
    let v = if exponent >= 0 { m as f64 * POW10[exponent as usize] } else { m as f64 / POW10[-exponent as usize] };
    Some(if negative { -v } else { v })
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
#[inline(always)]
pub fn parse_i32(b: &[u8]) -> Option<i32> {
    let (negative, from) = sign(b);
    if from == b.len() || b.len() - from > 10 {
        return None;
    }
    let mut v: i64 = 0;
    for &c in &b[from..] {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + d as i64;
    }
    let v = if negative { -v } else { v };
    if v < i32::MIN as i64 || v > i32::MAX as i64 {
        return None;
    }
    Some(v as i32)
}

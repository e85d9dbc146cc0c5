//! cbrt and hypot.
//!
//! cbrt follows FreeBSD's s_cbrt.c (Bruce Evans' revision of fdlibm's): a bit-level first
//! guess (divide the exponent by 3), a polynomial step to 23 bits, rounding that away from
//! zero to 23 bits so its square is exact, and one Newton step, for an error below
//! 0.667 ulp.
//!
//! hypot is the js reference's method (src/kernel/special.ts, Borges, "An improved
//! algorithm for hypot(a, b)", arXiv:1904.09481, FMA-free variant): sqrt of the
//! double-double sum of squares and one Newton step with the exact residual, after
//! scaling by a power of two so that nothing overflows or underflows. Inf wins over NaN
//! (C99 F.10.4.3).

use super::{fabs, from_words, high_word, low_word, pow2, sqrt, two_product};

const B1: u32 = 715094163; // (1023 - 1023/3 - 0.03306235651) * 2^20
const B2: u32 = 696219795; // (1023 - 1023/3 - 54/3 - 0.03306235651) * 2^20
const P0: f64 = 1.87595182427177009643;
const P1: f64 = -1.88497979543377169875;
const P2: f64 = 1.621429720105354466140;
const P3: f64 = -0.758397934778766047437;
const P4: f64 = 0.145996192886612446982;

/// Real cube root: < 0.667 ulp (s_cbrt.c's bound); cbrt(-8) = -2, keeps -0.
pub fn cbrt(x: f64) -> f64 {
    let hx = high_word(x);
    let sign = hx & 0x8000_0000;
    let ix = hx & 0x7fff_ffff;
    if ix >= 0x7ff0_0000 {
        return x + x;
    }
    // t ~ cbrt(x) to 5 bits, from the exponent
    let t = if ix < 0x0010_0000 {
        if ix | low_word(x) == 0 {
            return x;
        }
        let t = x * 18014398509481984.0; // 2^54: subnormal x made normal
        from_words(sign | ((high_word(t) & 0x7fff_ffff) / 3 + B2), 0)
    } else {
        from_words(sign | (ix / 3 + B1), 0)
    };
    // to 23 bits: cbrt(x) = t * cbrt(x / t³) ~ t * P(t³ / x)
    let r = (t * t) * (t / x);
    let t = t * ((P0 + r * (P1 + r * P2)) + ((r * r) * r) * (P3 + r * P4));
    // round away from zero to 23 bits, so t*t below is exact and t a little too big
    let t = f64::from_bits((t.to_bits() + 0x8000_0000) & 0xffff_ffff_c000_0000);
    // one Newton step to 53 bits
    let s = t * t;
    let r = x / s;
    let w = t + t;
    let r = (r - t) / (w + r);
    t + t * r
}

/// sqrt(x² + y²) without undue overflow or underflow: correctly rounded except in rare
/// near-halfway cases (the js reference measured 902 of 904 equal to glibc, which is
/// itself 1 ulp off on the other 2); hypot(±Inf, NaN) = +Inf.
pub fn hypot(x: f64, y: f64) -> f64 {
    let (mut x, mut y) = (fabs(x), fabs(y));
    if x == f64::INFINITY || y == f64::INFINITY {
        return f64::INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x < y {
        core::mem::swap(&mut x, &mut y);
    }
    // y <= x * 2^-27 adds at most x * 2^-55, under half an ulp of x
    if y <= x * (1.0 / 134217728.0) {
        return x;
    }
    // an exact power of two keeps the squares and their errors normal and finite
    let scale = if x > pow2(300) {
        pow2(-700)
    } else if x < pow2(-300) {
        pow2(700)
    } else {
        1.0
    };
    let (x, y) = (x * scale, y * scale);
    let (x2, x2_err) = two_product(x, x);
    let (y2, y2_err) = two_product(y, y);
    let sum = x2 + y2;
    let sum_err = x2 - sum + y2; // exact (Fast2Sum, x2 >= y2)
    let h = sqrt(sum);
    let (h2, h2_err) = two_product(h, h);
    // sum - h2 is exact (Sterbenz: h2 is within a factor 2 of sum)
    let residual = sum - h2 - h2_err + (x2_err + y2_err + sum_err);
    (h + residual / (2.0 * h)) / scale
}

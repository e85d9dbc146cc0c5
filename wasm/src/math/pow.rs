//! pow by the method of fdlibm's e_pow.c: x^y = 2^(y log2 x), with log2 x computed in
//! extended precision as t1 + t2 (t1 holding 21 bits, so y1 * t1 is exact for y1 = y
//! with its low word cleared), y log2 x = z = p_h + p_l, and 2^z through exp's kernel.
//! The special cases are C99's (F.10.4.4), the ones NumPy inherits: pow(x, ±0) = 1 and
//! pow(1, y) = 1 even for NaN, pow(-1, ±Inf) = 1, signed zeros and infinities by the
//! parity of integral y, NaN for a negative base with a non-integral exponent.

use super::exp::{P1, P2, P3, P4, P5};
use super::{fabs, from_words, high_word, low_word, scalbn, sqrt, with_high_word, with_low_word_zero};

const BP: [f64; 2] = [1.0, 1.5];
/// log2(1.5) in a head and a tail.
const DP_H: [f64; 2] = [0.0, 5.84962487220764160156e-01];
const DP_L: [f64; 2] = [0.0, 1.35003920212974897128e-08];
const TWO53: f64 = 9007199254740992.0;
/// Remez coefficients, in s², of the tail of log((1 + s)/(1 - s)) past its s³ term
/// (e_pow.c's L1..L6).
const L1: f64 = 5.99999999999994648725e-01;
const L2: f64 = 4.28571428578550184252e-01;
const L3: f64 = 3.33333329818377432918e-01;
const L4: f64 = 2.72728123808534006489e-01;
const L5: f64 = 2.30660745775561754067e-01;
const L6: f64 = 2.06975017800338417784e-01;
const LG2: f64 = 6.93147180559945286227e-01;
const LG2_H: f64 = 6.93147182464599609375e-01;
const LG2_L: f64 = -1.90465429995776804525e-09;
/// -(1024 - log2(DBL_MAX + half an ulp)): the margin by which z may exceed 1024 - 2^-53.
const OVT: f64 = 8.0085662595372944372e-17;
/// 2/(3 ln2) in full, as a 24-bit head, and the head's tail.
const CP: f64 = 9.61796693925975554329e-01;
const CP_H: f64 = 9.61796700954437255859e-01;
const CP_L: f64 = -7.02846165095275826516e-09;
/// 1/ln2 in full, as a 24-bit head, and its tail.
const IVLN2: f64 = 1.44269504088896338700e+00;
const IVLN2_H: f64 = 1.44269502162933349609e+00;
const IVLN2_L: f64 = 1.92596299112661746887e-08;

/// Whether y is an integer, and its parity: 0 not an integer, 1 odd, 2 even.
fn integer_kind(y: f64) -> u32 {
    let (iy, ly) = (high_word(y) & 0x7fff_ffff, low_word(y));
    if iy >= 0x4340_0000 {
        return 2; // |y| >= 2^53: even
    }
    if iy < 0x3ff0_0000 {
        return 0;
    }
    let k = (iy >> 20) as i32 - 0x3ff;
    if k > 20 {
        let j = ly >> (52 - k);
        if j << (52 - k) == ly {
            return 2 - (j & 1);
        }
    } else if ly == 0 {
        let j = iy >> (20 - k);
        if j << (20 - k) == iy {
            return 2 - (j & 1);
        }
    }
    0
}

/// x^y: within 1 ulp (measured, subnormal results included), C99's special cases above.
pub fn pow(x: f64, y: f64) -> f64 {
    let (hx, lx) = (high_word(x) as i32, low_word(x));
    let (hy, ly) = (high_word(y) as i32, low_word(y));
    let (ix, iy) = (hx & 0x7fff_ffff, hy & 0x7fff_ffff);

    if iy as u32 | ly == 0 {
        return 1.0; // x^±0 = 1, even for NaN x
    }
    if hx == 0x3ff0_0000 && lx == 0 {
        return 1.0; // 1^y = 1, even for NaN y
    }
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    let yisint = if hx < 0 { integer_kind(y) } else { 0 };

    if ly == 0 {
        if iy == 0x7ff0_0000 {
            // y = ±Inf
            return if (ix - 0x3ff0_0000) as u32 | lx == 0 {
                1.0 // (-1)^±Inf
            } else if ix >= 0x3ff0_0000 {
                if hy >= 0 { y } else { 0.0 } // |x| > 1
            } else if hy < 0 {
                -y // |x| < 1, y = -Inf
            } else {
                0.0
            };
        }
        if iy == 0x3ff0_0000 {
            return if hy < 0 { 1.0 / x } else { x };
        }
        if hy == 0x4000_0000 {
            return x * x;
        }
        if hy == 0x3fe0_0000 && hx >= 0 {
            return sqrt(x); // x^0.5 for x >= +0 (-0^0.5 is +0, below)
        }
    }

    let mut ax = fabs(x);
    if lx == 0 && (ix == 0x7ff0_0000 || ix == 0 || ix == 0x3ff0_0000) {
        // x = ±0, ±Inf, ±1
        let mut z = if hy < 0 { 1.0 / ax } else { ax };
        if hx < 0 {
            if (ix - 0x3ff0_0000) as u32 | yisint == 0 {
                z = (z - z) / (z - z); // (-1)^non-integer
            } else if yisint == 1 {
                z = -z;
            }
        }
        return z;
    }

    if hx < 0 && yisint == 0 {
        return (x - x) / (x - x); // negative^non-integer
    }
    let s = if hx < 0 && yisint == 1 { -1.0 } else { 1.0 };

    let (t1, t2);
    if iy > 0x41e0_0000 {
        // |y| > 2^31
        if iy > 0x43f0_0000 {
            // |y| > 2^64: overflow or underflow unless x is 1, handled above
            if ix <= 0x3fef_ffff {
                return if hy < 0 { f64::INFINITY } else { 0.0 };
            }
            if ix >= 0x3ff0_0000 {
                return if hy > 0 { f64::INFINITY } else { 0.0 };
            }
        }
        if ix < 0x3fef_ffff {
            return s * if hy < 0 { f64::INFINITY } else { 0.0 };
        }
        if ix > 0x3ff0_0000 {
            return s * if hy > 0 { f64::INFINITY } else { 0.0 };
        }
        // |1 - x| <= 2^-20: log x = t - t²/2 + t³/3 - t⁴/4 suffices
        let t = ax - 1.0;
        let w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
        let u = IVLN2_H * t; // IVLN2_H has 21 significant bits
        let v = t * IVLN2_L - w * IVLN2;
        t1 = with_low_word_zero(u + v);
        t2 = v - (t1 - u);
    } else {
        let mut n = 0i32;
        let mut ix = ix;
        if ix < 0x0010_0000 {
            // subnormal x
            ax *= TWO53;
            n -= 53;
            ix = high_word(ax) as i32;
        }
        n += (ix >> 20) - 0x3ff;
        let j = ix & 0x000f_ffff;
        // mantissa m in [1, 2): centred on 1 (k = 0) below sqrt(3/2), on 1.5 (k = 1) below
        // sqrt(3), and above that halved (n + 1) and centred on 1 again
        let mut ix = j | 0x3ff0_0000;
        let k = if j <= 0x3988e {
            0 // |x| < sqrt(3/2)
        } else if j < 0xbb67a {
            1 // |x| < sqrt(3)
        } else {
            n += 1;
            ix -= 0x0010_0000;
            0
        };
        ax = with_high_word(ax, ix as u32);

        // ss = s_h + s_l = (x - 1)/(x + 1) or (x - 1.5)/(x + 1.5)
        let u = ax - BP[k];
        let v = 1.0 / (ax + BP[k]);
        let ss = u * v;
        let s_h = with_low_word_zero(ss);
        // t_h = ax + bp[k], high part
        let t_h = from_words((((ix >> 1) | 0x2000_0000) + 0x0008_0000 + ((k as i32) << 18)) as u32, 0);
        let t_l = ax - (t_h - BP[k]);
        let s_l = v * ((u - s_h * t_h) - s_h * t_l);
        // log(ax)
        let s2 = ss * ss;
        let mut r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
        r += s_l * (s_h + ss);
        let s2 = s_h * s_h;
        let t_h = with_low_word_zero(3.0 + s2 + r);
        let t_l = r - ((t_h - 3.0) - s2);
        // u + v = ss * (1 + ...)
        let u = s_h * t_h;
        let v = s_l * t_h + t_l * ss;
        // 2/(3 log2) * (ss + ...)
        let p_h = with_low_word_zero(u + v);
        let p_l = v - (p_h - u);
        let z_h = CP_H * p_h;
        let z_l = CP_L * p_h + p_l * CP + DP_L[k];
        // log2(ax) = (ss + ...) * 2/(3 log2) = n + dp_h + z_h + z_l
        let t = n as f64;
        t1 = with_low_word_zero(((z_h + z_l) + DP_H[k]) + t);
        t2 = z_l - (((t1 - t) - DP_H[k]) - z_h);
    }

    // (y1 + y2) * (t1 + t2) with y1 = y to 32 bits, so y1 * t1 is exact
    let y1 = with_low_word_zero(y);
    let p_l = (y - y1) * t1 + y * t2;
    let mut p_h = y1 * t1;
    let z = p_l + p_h;
    let (j, i) = (high_word(z) as i32, low_word(z));
    if j >= 0x4090_0000 {
        // z >= 1024
        if (j - 0x4090_0000) as u32 | i != 0 || p_l + OVT > z - p_h {
            return s * f64::INFINITY;
        }
    } else if j & 0x7fff_ffff >= 0x4090_cc00 {
        // z <= -1075
        if (j as u32).wrapping_sub(0xc090_cc00) | i != 0 || p_l <= z - p_h {
            return s * 0.0;
        }
    }

    // 2^(p_h + p_l): split off n = nearest integer to z when |z| > 1/2
    let i = j & 0x7fff_ffff;
    let mut k = (i >> 20) - 0x3ff;
    let mut n = 0i32;
    if i > 0x3fe0_0000 {
        n = j + (0x0010_0000 >> (k + 1));
        k = ((n & 0x7fff_ffff) >> 20) - 0x3ff; // the new k for n
        let t = from_words((n & !(0x000f_ffff >> k)) as u32, 0);
        n = ((n & 0x000f_ffff) | 0x0010_0000) >> (20 - k);
        if j < 0 {
            n = -n;
        }
        p_h -= t;
    }
    let t = with_low_word_zero(p_l + p_h);
    let u = t * LG2_H;
    let v = (p_l - (t - p_h)) * LG2 + t * LG2_L;
    let z = u + v;
    let w = v - (z - u);
    let t = z * z;
    let t1 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    let r = (z * t1) / (t1 - 2.0) - (w + z * w);
    let z = 1.0 - (r - z);
    let j = high_word(z) as i32 + (n << 20);
    let z = if (j >> 20) <= 0 { scalbn(z, n) } else { with_high_word(z, j as u32) };
    s * z
}

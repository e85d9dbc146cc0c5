//! Argument reduction for sin, cos and tan: x = n * pi/2 + (y0 + y1), |y0 + y1| <= ~pi/4,
//! with y0 + y1 good to far more than 53 bits even where x is within 2^-61 of a multiple
//! of pi/2 (the closest any double comes, Ng 1992: 6381956970095103 * 2^797).
//!
//! - |x| < 2^20: Cody and Waite's method as in fdlibm's e_rem_pio2.c: pi/2 in three
//!   33-bit pieces, n * piece exact for n < 2^20, a second and third piece subtracted only
//!   when the first subtraction cancelled more than 16 and 49 bits.
//! - larger |x|: Payne and Hanek's method, here with integer arithmetic: x = m * 2^e with
//!   a 53-bit integer m; only the 192 bits of 2/pi from bit e - 1 on can change
//!   x * 2/pi mod 4 (earlier bits give multiples of 4, later ones less than 2^-137), so
//!   one 53 x 192-bit product gives n and a 190-bit fraction, which becomes a
//!   double-double and is multiplied by pi/2.

use super::real::Real;
use super::{high_word, pow2, round_to_int, two_product};

const INV_PIO2: f64 = 6.36619772367581382433e-01;
/// pi/2 = PIO2_1 + PIO2_2 + PIO2_3 + ..., each piece 33 bits; PIO2_kT = pi/2 - (pieces 1..k).
const PIO2_1: f64 = 1.57079632673412561417e+00;
const PIO2_1T: f64 = 6.07710050650619224932e-11;
const PIO2_2: f64 = 6.07710050630396597660e-11;
const PIO2_2T: f64 = 2.02226624879595063154e-21;
const PIO2_3: f64 = 2.02226624871116645580e-21;
const PIO2_3T: f64 = 8.47842766036889956997e-32;
/// pi/2 as a double-double.
const PIO2_HI: f64 = 1.5707963267948966;
const PIO2_LO: f64 = 6.123233995736766e-17;

/// The first 1280 bits of 2/pi after the binary point, most significant first.
const TWO_OVER_PI: [u64; 20] = [
    0xa2f9_836e_4e44_1529,
    0xfc27_57d1_f534_ddc0,
    0xdb62_9599_3c43_9041,
    0xfe51_63ab_debb_c561,
    0xb724_6e3a_424d_d2e0,
    0x0649_2eea_09d1_921c,
    0xfe1d_eb1c_b129_a73e,
    0xe882_35f5_2ebb_4484,
    0xe99c_7026_b45f_7e41,
    0x3991_d639_8353_39f4,
    0x9c84_5f8b_bdf9_283b,
    0x1ff8_97ff_de05_980f,
    0xef2f_118b_5a0a_6d1f,
    0x6d36_7ecf_27cb_09b7,
    0x4f46_3f66_9e5f_ea2d,
    0x7527_bac7_ebe5_f17b,
    0x3d07_39f7_8a52_92ea,
    0x6bfb_5fb1_1f8d_5d08,
    0x5603_3046_fc7b_6bab,
    0xf0cf_bc20_9af4_361d,
];

/// (n mod 4 in the low bits, y0, y1) for finite x with |x| > pi/4.
pub(super) fn rem_pio2(x: f64) -> (i32, f64, f64) {
    if high_word(x) & 0x7fff_ffff < 0x4130_0000 {
        cody_waite(x)
    } else {
        payne_hanek(x)
    }
}

/// Cody and Waite's first step, on f64 or lanes alike (trig_lanes.rs): n = x 2/pi rounded,
/// and r = x - n PIO2_1, w = n PIO2_1T (good to 85 bits), y0 = r - w. Returns (n, r, w, y0).
#[inline(always)]
pub(super) fn cody_waite_first<F: Real>(x: F) -> (F, F, F, F) {
    let fn_ = round_to_int(x * F::of(INV_PIO2));
    let r = x - fn_ * F::of(PIO2_1);
    let w = fn_ * F::of(PIO2_1T);
    (fn_, r, w, r - w)
}

/// |x| < 2^20.
fn cody_waite(x: f64) -> (i32, f64, f64) {
    let (fn_, mut r, mut w, mut y0) = cody_waite_first(x);
    let exponent = (high_word(x) >> 20 & 0x7ff) as i32;
    let exponent_of = |v: f64| (high_word(v) >> 20 & 0x7ff) as i32;
    if exponent - exponent_of(y0) > 16 {
        // more than 16 bits cancelled: subtract the next piece (good to 118 bits)
        let t = r;
        w = fn_ * PIO2_2;
        r = t - w;
        w = fn_ * PIO2_2T - ((t - r) - w);
        y0 = r - w;
        if exponent - exponent_of(y0) > 49 {
            // and the third (151 bits, enough for every double below 2^20)
            let t = r;
            w = fn_ * PIO2_3;
            r = t - w;
            w = fn_ * PIO2_3T - ((t - r) - w);
            y0 = r - w;
        }
    }
    (fn_ as i32, y0, (r - y0) - w)
}

/// 64 bits of 2/pi starting at bit `p` after the binary point (bit 1 is the first);
/// bits at p <= 0 are 0, since 2/pi < 1.
fn two_over_pi_bits(p: i32) -> u64 {
    let q = p - 1;
    if q < 0 {
        return if q > -64 { TWO_OVER_PI[0] >> -q } else { 0 };
    }
    let (i, shift) = ((q / 64) as usize, q % 64);
    if shift == 0 {
        TWO_OVER_PI[i]
    } else {
        TWO_OVER_PI[i] << shift | TWO_OVER_PI[i + 1] >> (64 - shift)
    }
}

/// |x| >= 2^20, finite.
fn payne_hanek(x: f64) -> (i32, f64, f64) {
    let b = x.to_bits();
    let m = (b & ((1 << 52) - 1)) | (1 << 52);
    let e = ((b >> 52) & 0x7ff) as i32 - 1075; // x = ±m * 2^e, e >= -32
    // x * 2/pi mod 4 = (m * W mod 2^192) * 2^-190 with W the 192 bits of 2/pi from bit e - 1.
    let w = [two_over_pi_bits(e - 1), two_over_pi_bits(e + 63), two_over_pi_bits(e + 127)];
    let m = m as u128;
    let p2 = m * w[2] as u128;
    let p1 = m * w[1] as u128 + (p2 >> 64);
    let p0 = m * w[0] as u128 + (p1 >> 64);
    let (r2, r1, r0) = (p0 as u64, p1 as u64, p2 as u64);
    // The top 2 bits are n mod 4, the other 190 the fraction; round n to nearest.
    let mut n = (r2 >> 62) as i32;
    let mut f = [r2 << 2 | r1 >> 62, r1 << 2 | r0 >> 62, r0 << 2];
    let negative = f[0] >> 63 != 0;
    if negative {
        // fraction >= 1/2: n + 1 and the fraction minus 1, as a 192-bit negation
        n += 1;
        let (a, c0) = (!f[2]).overflowing_add(1);
        let (b, c1) = (!f[1]).overflowing_add(c0 as u64);
        f = [(!f[0]).wrapping_add(c1 as u64), b, a];
    }
    // Normalise so bit 191 is set; s counts the shift. (No double is a multiple of pi/2,
    // but a zero fraction must not loop.)
    if f == [0, 0, 0] {
        return (if x < 0.0 { -n } else { n }, 0.0, 0.0);
    }
    let mut s = 0;
    while f[0] == 0 {
        f = [f[1], f[2], 0];
        s += 64;
    }
    let lz = f[0].leading_zeros();
    if lz > 0 {
        f = [f[0] << lz | f[1] >> (64 - lz), f[1] << lz | f[2] >> (64 - lz), f[2] << lz];
    }
    s += lz as i32;
    // fraction = (f0 * 2^64 + f1) * 2^(-128 - s): a 53-bit head and the next 64 bits.
    let head = (f[0] >> 11) as f64 * pow2(-53 - s);
    let tail = ((f[0] & 0x7ff) << 53 | f[1] >> 11) as f64 * pow2(-117 - s);
    // times pi/2, in double-double
    let (p, err) = two_product(head, PIO2_HI);
    let t = err + (head * PIO2_LO + tail * PIO2_HI);
    let y0 = p + t;
    let y1 = t - (y0 - p);
    let (n, y0, y1) = if negative { (n, -y0, -y1) } else { (n, y0, y1) };
    if x < 0.0 {
        (-n, -y0, -y1)
    } else {
        (n, y0, y1)
    }
}

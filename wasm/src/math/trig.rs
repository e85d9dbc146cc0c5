//! sin, cos and tan by the method of fdlibm's s_sin.c, s_cos.c, s_tan.c and their kernels
//! k_sin.c, k_cos.c, k_tan.c (FreeBSD's revisions): reduce x to n * pi/2 + (y0 + y1)
//! (rem_pio2.rs), then evaluate a minimax polynomial on [-pi/4, pi/4] in which y1 enters
//! as a first-order correction. The kernels' polynomial errors are below 2^-58 (sin),
//! 2^-58 (cos, FreeBSD's k_cos.c bound) and 2^-59.2 (tan).

use super::real::Real;
use super::rem_pio2::rem_pio2;
use super::{high_word, with_low_word_zero};

const S1: f64 = -1.66666666666666324348e-01;
const S2: f64 = 8.33333333332248946124e-03;
const S3: f64 = -1.98412698298579493134e-04;
const S4: f64 = 2.75573137070700676789e-06;
const S5: f64 = -2.50507602534068634195e-08;
const S6: f64 = 1.58969099521155010221e-10;

/// sin(x + y) for |x + y| <= ~pi/4, y a correction below half an ulp of x (the shorter
/// form when there is none, as k_sin.c's iy = 0).
fn kernel_sin(x: f64, y: f64) -> f64 {
    let (short, corrected) = kernel_sin_forms(x, y);
    if y == 0.0 {
        short
    } else {
        corrected
    }
}

/// k_sin.c's two forms of sin(x + y), on f64 or lanes alike (trig_lanes.rs): for y = 0,
/// and with the correction y.
#[inline(always)]
pub(super) fn kernel_sin_forms<F: Real>(x: F, y: F) -> (F, F) {
    let z = x * x;
    let v = z * x;
    let r = F::of(S2) + z * (F::of(S3) + z * (F::of(S4) + z * (F::of(S5) + z * F::of(S6))));
    (x + v * (F::of(S1) + z * r), x - ((z * (F::of(0.5) * y - v * r) - y) - v * F::of(S1)))
}

const C1: f64 = 4.16666666666666019037e-02;
const C2: f64 = -1.38888888888741095749e-03;
const C3: f64 = 2.48015872894767294178e-05;
const C4: f64 = -2.75573143513906633035e-07;
const C5: f64 = 2.08757232129817482790e-09;
const C6: f64 = -1.13596475577881948265e-11;

/// cos(x + y) for |x + y| <= ~pi/4, on f64 or lanes alike. 1 - x²/2 is formed as
/// w + ((1 - w) - x²/2) so its rounding error is recovered (k_cos.c).
#[inline(always)]
pub(super) fn kernel_cos<F: Real>(x: F, y: F) -> F {
    let z = x * x;
    let w = z * z;
    let r = z * (F::of(C1) + z * (F::of(C2) + z * F::of(C3))) + w * w * (F::of(C4) + z * (F::of(C5) + z * F::of(C6)));
    let hz = F::of(0.5) * z;
    let w = F::of(1.0) - hz;
    w + (((F::of(1.0) - w) - hz) + (z * r - x * y))
}

const T: [f64; 13] = [
    3.33333333333334091986e-01,
    1.33333333333201242699e-01,
    5.39682539762260521377e-02,
    2.18694882948595424599e-02,
    8.86323982359930005737e-03,
    3.59207910759131235356e-03,
    1.45620945432529025516e-03,
    5.88041240820264096874e-04,
    2.46463134818469906812e-04,
    7.81794442939557092300e-05,
    7.14072491382608190305e-05,
    -1.85586374855275456654e-05,
    2.59073051863633712884e-05,
];
const PIO4: f64 = 7.85398163397448278999e-01;
const PIO4_LO: f64 = 3.06161699786838301793e-17;

/// tan(x + y) if `odd` is false, -1/tan(x + y) if true, for |x + y| <= ~pi/4. Above
/// 0.6744 the argument is reflected, tan(pi/4 - x) = (1 - tan x) / (1 + tan x), so the
/// polynomial only sees |x| < 0.6744 (k_tan.c).
fn kernel_tan(x: f64, y: f64, odd: bool) -> f64 {
    let hx = high_word(x);
    let big = hx & 0x7fff_ffff >= 0x3fe5_9428;
    let (x, y) = if big {
        let (x, y) = if hx >> 31 != 0 { (-x, -y) } else { (x, y) };
        ((PIO4 - x) + (PIO4_LO - y), 0.0)
    } else {
        (x, y)
    };
    let z = x * x;
    let w = z * z;
    // odd and even powers in two chains, so the two halves can run in parallel
    let r = T[1] + w * (T[3] + w * (T[5] + w * (T[7] + w * (T[9] + w * T[11]))));
    let v = z * (T[2] + w * (T[4] + w * (T[6] + w * (T[8] + w * (T[10] + w * T[12])))));
    let s = z * x;
    let r = y + z * (s * (r + v) + y) + T[0] * s;
    let w = x + r;
    if big {
        let v = if odd { -1.0 } else { 1.0 };
        let sign = if hx >> 31 != 0 { -1.0 } else { 1.0 };
        return sign * (v - 2.0 * (x - (w * w / (w + v) - r)));
    }
    if !odd {
        return w;
    }
    // -1/(x + r) with the rounding of w = x + r and of the division both corrected
    let z = with_low_word_zero(w);
    let v = r - (z - x);
    let a = -1.0 / w;
    let t = with_low_word_zero(a);
    let s = 1.0 + t * z;
    t + a * (s + t * v)
}

/// sin x: < 1 ulp (fdlibm's bound); sin(-0) = -0, NaN for ±Inf.
pub fn sin(x: f64) -> f64 {
    let ix = high_word(x) & 0x7fff_ffff;
    if ix <= 0x3fe9_21fb {
        // |x| <~ pi/4; below 2^-26, sin x = x to within x * 2^-53
        return if ix < 0x3e50_0000 { x } else { kernel_sin(x, 0.0) };
    }
    if ix >= 0x7ff0_0000 {
        return x - x;
    }
    let (n, y0, y1) = rem_pio2(x);
    match n & 3 {
        0 => kernel_sin(y0, y1),
        1 => kernel_cos(y0, y1),
        2 => -kernel_sin(y0, y1),
        _ => -kernel_cos(y0, y1),
    }
}

/// cos x: < 1 ulp (fdlibm's bound); NaN for ±Inf.
pub fn cos(x: f64) -> f64 {
    let ix = high_word(x) & 0x7fff_ffff;
    if ix <= 0x3fe9_21fb {
        // below 2^-27 * sqrt(2), cos x rounds to 1
        return if ix < 0x3e46_a09e { 1.0 } else { kernel_cos(x, 0.0) };
    }
    if ix >= 0x7ff0_0000 {
        return x - x;
    }
    let (n, y0, y1) = rem_pio2(x);
    match n & 3 {
        0 => kernel_cos(y0, y1),
        1 => -kernel_sin(y0, y1),
        2 => -kernel_cos(y0, y1),
        _ => kernel_sin(y0, y1),
    }
}

/// tan x: < 1 ulp (measured); tan(-0) = -0, NaN for ±Inf.
pub fn tan(x: f64) -> f64 {
    let ix = high_word(x) & 0x7fff_ffff;
    if ix <= 0x3fe9_21fb {
        // below 2^-27, tan x = x to within x * 2^-54
        return if ix < 0x3e40_0000 { x } else { kernel_tan(x, 0.0, false) };
    }
    if ix >= 0x7ff0_0000 {
        return x - x;
    }
    let (n, y0, y1) = rem_pio2(x);
    kernel_tan(y0, y1, n & 1 != 0)
}

//! asin, acos, atan and atan2 by the method of fdlibm's e_asin.c, e_acos.c, s_atan.c and
//! e_atan2.c. asin and acos use a rational R(x²) ~ (asin x - x)/x³ (error < 2^-58.75)
//! directly below 1/2, and above it the identity asin x = pi/2 - 2 asin(sqrt((1 - x)/2)),
//! with sqrt's rounding recovered through a short copy of it. atan maps |x| into
//! [0, 7/16) by atan x = atan c + atan((x - c)/(1 + x c)) for c in {0, 1/2, 1, 3/2, Inf}
//! (atan c stored in two parts) and evaluates an 11-term odd polynomial.

use super::{fabs, high_word, low_word, sqrt, with_low_word_zero};

const PIO2_HI: f64 = 1.57079632679489655800e+00;
const PIO2_LO: f64 = 6.12323399573676603587e-17;
const PIO4_HI: f64 = 7.85398163397448278999e-01;
const PI: f64 = 3.14159265358979311600e+00;

const PS0: f64 = 1.66666666666666657415e-01;
const PS1: f64 = -3.25565818622400915405e-01;
const PS2: f64 = 2.01212532134862925881e-01;
const PS3: f64 = -4.00555345006794114027e-02;
const PS4: f64 = 7.91534994289814532176e-04;
const PS5: f64 = 3.47933107596021167570e-05;
const QS1: f64 = -2.40339491173441421878e+00;
const QS2: f64 = 2.02094576023350569471e+00;
const QS3: f64 = -6.88283971605453293030e-01;
const QS4: f64 = 7.70381505559019352791e-02;

/// (asin sqrt(t) - sqrt(t)) / sqrt(t)³ as P(t)/Q(t), for t in [0, 1/4].
fn asin_ratio(t: f64) -> f64 {
    let p = t * (PS0 + t * (PS1 + t * (PS2 + t * (PS3 + t * (PS4 + t * PS5)))));
    let q = 1.0 + t * (QS1 + t * (QS2 + t * (QS3 + t * QS4)));
    p / q
}

/// asin x: < 1 ulp (fdlibm's bound); NaN outside [-1, 1].
pub fn asin(x: f64) -> f64 {
    let hx = high_word(x);
    let ix = hx & 0x7fff_ffff;
    if ix >= 0x3ff0_0000 {
        // |x| >= 1
        if (ix - 0x3ff0_0000) | low_word(x) == 0 {
            return x * PIO2_HI + x * PIO2_LO;
        }
        return (x - x) / (x - x);
    }
    if ix < 0x3fe0_0000 {
        // |x| < 1/2; below 2^-26, asin x = x to within x * 2^-53
        if ix < 0x3e50_0000 {
            return x;
        }
        return x + x * asin_ratio(x * x);
    }
    let t = (1.0 - fabs(x)) * 0.5;
    let s = sqrt(t);
    let r = asin_ratio(t);
    let y = if ix >= 0x3fef_3333 {
        // |x| > 0.975: pi/2 - 2 (s + s r)
        PIO2_HI - (2.0 * (s + s * r) - PIO2_LO)
    } else {
        // s = w + c exactly, with w a short copy of sqrt(t)
        let w = with_low_word_zero(s);
        let c = (t - w * w) / (s + w);
        let p = 2.0 * s * r - (PIO2_LO - 2.0 * c);
        let q = PIO4_HI - 2.0 * w;
        PIO4_HI - (p - q)
    };
    if hx >> 31 != 0 {
        -y
    } else {
        y
    }
}

/// acos x: < 1 ulp (fdlibm's bound); NaN outside [-1, 1].
pub fn acos(x: f64) -> f64 {
    let hx = high_word(x);
    let ix = hx & 0x7fff_ffff;
    if ix >= 0x3ff0_0000 {
        if (ix - 0x3ff0_0000) | low_word(x) == 0 {
            return if hx >> 31 == 0 { 0.0 } else { PI + 2.0 * PIO2_LO };
        }
        return (x - x) / (x - x);
    }
    if ix < 0x3fe0_0000 {
        // |x| < 1/2: pi/2 - asin x
        if ix <= 0x3c60_0000 {
            return PIO2_HI + PIO2_LO;
        }
        return PIO2_HI - (x - (PIO2_LO - x * asin_ratio(x * x)));
    }
    if hx >> 31 != 0 {
        // x < -1/2: pi - 2 asin sqrt((1 + x)/2)
        let z = (1.0 + x) * 0.5;
        let s = sqrt(z);
        let w = asin_ratio(z) * s - PIO2_LO;
        return PI - 2.0 * (s + w);
    }
    // x > 1/2: 2 asin sqrt((1 - x)/2), sqrt split as df + c
    let z = (1.0 - x) * 0.5;
    let s = sqrt(z);
    let df = with_low_word_zero(s);
    let c = (z - df * df) / (s + df);
    let w = asin_ratio(z) * s + c;
    2.0 * (df + w)
}

/// atan of 1/2, 1, 3/2 and Inf, each as head + tail.
const ATAN_HI: [f64; 4] = [
    4.63647609000806093515e-01,
    7.85398163397448278999e-01,
    9.82793723247329054082e-01,
    1.57079632679489655800e+00,
];
const ATAN_LO: [f64; 4] = [
    2.26987774529616870924e-17,
    3.06161699786838301793e-17,
    1.39033110312309984516e-17,
    6.12323399573676603587e-17,
];
const AT: [f64; 11] = [
    3.33333333333329318027e-01,
    -1.99999999998764832476e-01,
    1.42857142725034663711e-01,
    -1.11111104054623557880e-01,
    9.09088713343650656196e-02,
    -7.69187620504482999495e-02,
    6.66107313738753120669e-02,
    -5.83357013379057348645e-02,
    4.97687799461593236017e-02,
    -3.65315727442169155270e-02,
    1.62858201153657823623e-02,
];

/// atan x: < 1 ulp (fdlibm's bound).
pub fn atan(x: f64) -> f64 {
    let hx = high_word(x);
    let ix = hx & 0x7fff_ffff;
    let negative = hx >> 31 != 0;
    if ix >= 0x4410_0000 {
        // |x| >= 2^66: ±pi/2, NaN stays NaN
        if x.is_nan() {
            return x + x;
        }
        return if negative { -ATAN_HI[3] - ATAN_LO[3] } else { ATAN_HI[3] + ATAN_LO[3] };
    }
    let (id, x) = if ix < 0x3fdc_0000 {
        // |x| < 7/16; below 2^-27, atan x = x to within x * 2^-54
        if ix < 0x3e40_0000 {
            return x;
        }
        (None, x)
    } else {
        let x = fabs(x);
        if ix < 0x3ff3_0000 {
            if ix < 0x3fe6_0000 {
                (Some(0), (2.0 * x - 1.0) / (2.0 + x)) // 7/16 <= |x| < 11/16
            } else {
                (Some(1), (x - 1.0) / (x + 1.0)) // 11/16 <= |x| < 19/16
            }
        } else if ix < 0x4003_8000 {
            (Some(2), (x - 1.5) / (1.0 + 1.5 * x)) // 19/16 <= |x| < 39/16
        } else {
            (Some(3), -1.0 / x) // 39/16 <= |x| < 2^66
        }
    };
    let z = x * x;
    let w = z * z;
    // odd and even terms in two chains
    let s1 = z * (AT[0] + w * (AT[2] + w * (AT[4] + w * (AT[6] + w * (AT[8] + w * AT[10])))));
    let s2 = w * (AT[1] + w * (AT[3] + w * (AT[5] + w * (AT[7] + w * AT[9]))));
    match id {
        None => x - x * (s1 + s2),
        Some(id) => {
            let z = ATAN_HI[id] - ((x * (s1 + s2) - ATAN_LO[id]) - x);
            if negative {
                -z
            } else {
                z
            }
        }
    }
}

/// atan2(y, x), the angle of (x, y) in [-pi, pi], with C99's signed zeros and infinities:
/// < 2 ulp (the rounding of y/x adds up to half an ulp to atan's error).
pub fn atan2(y: f64, x: f64) -> f64 {
    const PI_LO: f64 = 1.2246467991473531772e-16;
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == 1.0 {
        return atan(y);
    }
    let (hx, hy) = (high_word(x), high_word(y));
    let (ix, iy) = (hx & 0x7fff_ffff, hy & 0x7fff_ffff);
    // quadrant: bit 0 the sign of y, bit 1 the sign of x
    let m = (hy >> 31) | ((hx >> 30) & 2);
    let pick = |values: [f64; 4]| values[m as usize];
    if y == 0.0 {
        return pick([y, y, PI, -PI]);
    }
    if x == 0.0 {
        return if hy >> 31 != 0 { -PIO2_HI } else { PIO2_HI };
    }
    if ix == 0x7ff0_0000 {
        return if iy == 0x7ff0_0000 {
            pick([PIO4_HI, -PIO4_HI, 3.0 * PIO4_HI, -3.0 * PIO4_HI])
        } else {
            pick([0.0, -0.0, PI, -PI])
        };
    }
    if iy == 0x7ff0_0000 {
        return if hy >> 31 != 0 { -PIO2_HI } else { PIO2_HI };
    }
    let k = (iy as i32 - ix as i32) >> 20;
    let (z, m) = if k > 60 {
        // |y/x| > 2^60: pi/2 plus half of its tail, whatever the sign of x
        (PIO2_HI + 0.5 * PI_LO, m & 1)
    } else if hx >> 31 != 0 && k < -60 {
        // |y/x| < 2^-60 and x < 0: the angle is ±pi
        (0.0, m)
    } else {
        (atan(fabs(y / x)), m)
    };
    match m {
        0 => z,
        1 => -z,
        2 => PI - (z - PI_LO),
        _ => (z - PI_LO) - PI,
    }
}

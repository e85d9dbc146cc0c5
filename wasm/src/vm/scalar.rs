//! Scalar meanings that are not one wasm instruction, each a transcription of the
//! reference it names (src/graph/dtype.ts ROUND_TO, src/kernel/scalar.ts,
//! src/kernel/special.ts) so that results are bit-identical. No `std` here, so
//! floor/sqrt/... come from the wasm instructions through the SIMD intrinsics
//! (one lane of a v128; the compiler emits the scalar instruction).

use super::kinds::DType;
use core::arch::wasm32::*;

const TWO_32: f64 = 4294967296.0;
const TWO_63: f64 = 9223372036854775808.0;

#[inline(always)]
fn floor(x: f64) -> f64 {
    f64x2_extract_lane::<0>(f64x2_floor(f64x2_splat(x)))
}

#[inline(always)]
pub fn trunc(x: f64) -> f64 {
    f64x2_extract_lane::<0>(f64x2_trunc(f64x2_splat(x)))
}

/// C rint: nearest, ties to even, -0 kept (special.ts roundHalfEven).
#[inline(always)]
fn nearest(x: f64) -> f64 {
    f64x2_extract_lane::<0>(f64x2_nearest(f64x2_splat(x)))
}

#[inline(always)]
fn is_neg_zero(x: f64) -> bool {
    x.to_bits() == 1 << 63
}

#[inline(always)]
fn narrow(x: f64) -> f64 {
    x as f32 as f64
}

/// ROUND_TO.int32: trunc and wrap mod 2^32; NaN, ±Inf and |x| >= 2^63 give INT32_MIN.
#[inline(always)]
fn round_i32(x: f64) -> f64 {
    if x > -TWO_63 && x < TWO_63 {
        (x as i64) as i32 as f64
    } else {
        i32::MIN as f64
    }
}

/// ROUND_TO.uint32: trunc and wrap mod 2^32; NaN, ±Inf and |x| >= 2^63 give 0.
#[inline(always)]
fn round_u32(x: f64) -> f64 {
    if x > -TWO_63 && x < TWO_63 {
        (x as i64) as u32 as f64
    } else {
        0.0
    }
}

/// ROUND_TO.bool: nonzero (NaN included) is 1.
#[inline(always)]
fn round_bool(x: f64) -> f64 {
    if x != 0.0 {
        1.0
    } else {
        0.0
    }
}

/// ROUND_TO[dtype] over a block.
pub fn round_to(values: &mut [f64], dtype: DType) {
    match dtype {
        DType::F64 => {}
        DType::F32 => values.iter_mut().for_each(|x| *x = narrow(*x)),
        DType::I32 => values.iter_mut().for_each(|x| *x = round_i32(*x)),
        DType::U32 => values.iter_mut().for_each(|x| *x = round_u32(*x)),
        DType::Bool => values.iter_mut().for_each(|x| *x = round_bool(*x)),
    }
}

/// ECMAScript ToInt32 (what `| 0`, Math.imul and an Int32Array store do): NaN and ±Inf
/// give 0, anything else is truncated and wrapped mod 2^32.
#[inline(always)]
pub fn to_int32(x: f64) -> i32 {
    if x > -2147483649.0 && x < 2147483648.0 {
        x as i32
    } else if x.is_finite() {
        // fmod is exact, and leaves a value whose truncation wraps like x's.
        (x % TWO_32) as i64 as i32
    } else {
        0
    }
}

/// npy_divmod for floats (special.ts divmod): floored quotient and the remainder with
/// the divisor's sign, snapped so that a ≈ q·b + r. `!= 0.0` is true for NaN, as C's
/// `if (mod)` is.
fn divmod(a: f64, b: f64) -> (f64, f64) {
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = if b < 0.0 || is_neg_zero(b) { -0.0 } else { 0.0 };
    }
    let q = if div != 0.0 {
        let f = floor(div);
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        let q = a / b;
        if q < 0.0 || is_neg_zero(q) {
            -0.0
        } else {
            0.0
        }
    };
    (q, m)
}

/// np.floor_divide for floats: a / b when b is ±0, else npy_divmod's quotient.
pub fn floor_div_f64(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        a / b
    } else {
        divmod(a, b).0
    }
}

/// np.remainder for floats: NaN when b is ±0.
pub fn mod_f64(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        f64::NAN
    } else {
        divmod(a, b).1
    }
}

/// Floor division for int32: 0 when b = 0, INT32_MIN // -1 wraps to INT32_MIN.
pub fn floor_div_i32(a: i32, b: i32) -> i32 {
    if b == 0 {
        return 0;
    }
    let q = a.wrapping_div(b);
    if a.wrapping_rem(b) != 0 && (a < 0) != (b < 0) {
        q - 1
    } else {
        q
    }
}

/// np.remainder for int32: the divisor's sign, 0 when b = 0.
pub fn mod_i32(a: i32, b: i32) -> i32 {
    if b == 0 {
        return 0;
    }
    let r = a.wrapping_rem(b);
    if r != 0 && (r < 0) != (b < 0) {
        r + b
    } else {
        r
    }
}

pub fn floor_div_u32(a: u32, b: u32) -> u32 {
    a.checked_div(b).unwrap_or(0)
}

pub fn mod_u32(a: u32, b: u32) -> u32 {
    a.checked_rem(b).unwrap_or(0)
}

/// a ** b mod 2^32 by squaring, 0 ** 0 = 1 (special.ts powInt32; callers reject b < 0).
pub fn pow_wrapping(a: u32, b: u32) -> u32 {
    let (mut result, mut base, mut e) = (1u32, a, b);
    while e != 0 {
        if e & 1 != 0 {
            result = result.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        e >>= 1;
    }
    result
}

/// C's pow where it differs from its usual special cases in JS: pow(1, y) = 1 for any
/// y (NaN too) and pow(-1, ±Inf) = 1 (scalar.ts powFloat).
pub fn pow_f64(a: f64, b: f64) -> f64 {
    if a == 1.0 || (a == -1.0 && (b == f64::INFINITY || b == f64::NEG_INFINITY)) {
        1.0
    } else {
        super::math::pow(a, b)
    }
}

/// NumPy's power_of_ten: exact up to 1e8, then repeated ×10 (special.ts powerOfTen).
fn power_of_ten(n: u32) -> f64 {
    const EXACT: [f64; 9] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
    if n < 9 {
        return EXACT[n as usize];
    }
    let mut p = 1e9;
    for _ in 9..n {
        p *= 10.0;
    }
    p
}

/// np.round(x, decimals) as PyArray_Round computes it (special.ts roundDecimals), the
/// factor computed once per instruction. With `narrow_f32` (a float32 input) the
/// factor, the product and the quotient each round to float32, as NumPy's float32
/// loop does.
pub struct RoundDecimals {
    decimals: i32,
    factor: f64,
    narrow_f32: bool,
}

impl RoundDecimals {
    pub fn new(decimals: i32, narrow_f32: bool) -> RoundDecimals {
        let p = power_of_ten(decimals.unsigned_abs());
        RoundDecimals {
            decimals,
            factor: if narrow_f32 { narrow(p) } else { p },
            narrow_f32,
        }
    }

    #[inline(always)]
    pub fn apply(&self, x: f64) -> f64 {
        let n = |v: f64| if self.narrow_f32 { narrow(v) } else { v };
        if self.decimals == 0 {
            nearest(x)
        } else if self.decimals > 0 {
            n(nearest(n(x * self.factor)) / self.factor)
        } else {
            n(nearest(n(x / self.factor)) * self.factor)
        }
    }
}

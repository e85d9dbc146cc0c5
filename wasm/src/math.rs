//! Scalar float64 transcendental functions with C99 / NumPy semantics (NaN, ±Inf, -0 and
//! subnormals as glibc treats them), for the block VM's per-element calls; exp, expm1,
//! log and log1p also on two f64 lanes, and sin, cos, erf, erfc, sinh, cosh and tanh on
//! eight (trig_lanes.rs, erf_lanes.rs, hyperbolic_lanes.rs, through the scalar code's own
//! steps made generic in real.rs), bit for bit the same, for the values most data holds.
//! Float32 instructions take shorter lane forms of eleven of them (lanes32.rs,
//! trig_lanes32.rs, pow_lanes32.rs), good to the ~28 bits a float32 result needs. `no_std`
//! has no libm and the crate takes no dependencies (docs/platform.md), so each function is
//! written here after a published method, cited in its module: fdlibm (SunPro, 1993; as
//! kept in FreeBSD's lib/msun) for most, with an integer Payne-Hanek reduction for huge
//! trig arguments, double-double evaluation where fdlibm's hyperbolic functions and erfc's tail
//! round three or four times, and the js reference's methods (src/kernel/special.ts) for
//! erf, erfc and hypot, so that the wasm and js backends agree closely.
//!
//! Measured against correctly rounded values (test/wasm/math.test.ts lists the max error
//! per function): every function is within 1 ulp except atan2 and erfc (1.32 and 1.02 ulp
//! at most, on 40,000 random inputs each), which promise 2.
//!
//! Bit access goes through `to_bits`/`from_bits` on the two 32-bit words fdlibm names
//! (`high_word` holds the sign, the exponent and the top 20 mantissa bits). Rust never
//! contracts `a * b + c` into a fused multiply-add, and wasm32 has none, so the error-free
//! transformations below (Dekker's product, Fast2Sum) hold as written.

use crate::vm::opcodes::{OP_ARCCOS, OP_ARCSIN, OP_ARCTAN, OP_ARCTAN2, OP_CBRT, OP_COS, OP_COSH};
use crate::vm::opcodes::{OP_ERF, OP_ERFC, OP_EXP, OP_EXP2, OP_EXPM1, OP_HYPOT, OP_LOG, OP_LOG10};
use crate::vm::opcodes::{OP_LOG1P, OP_LOG2, OP_POW, OP_SIN, OP_SINH, OP_TAN, OP_TANH};
use core::arch::wasm32::{f64x2_extract_lane, f64x2_splat, f64x2_sqrt};
use real::Real;

mod erf;
mod erf_coefficients;
mod erf_lanes;
mod exp;
mod hyperbolic;
mod hyperbolic_lanes;
mod inverse_trig;
mod lane_compare;
mod lanes32;
mod log;
mod log1p_lanes;
mod pow;
mod pow_lanes32;
mod real;
mod rem_pio2;
mod roots;
mod trig;
mod trig_lanes;
mod trig_lanes32;

pub use erf::{erf, erfc};
pub use erf_lanes::{erf_lanes, erf_range, erfc_lanes};
pub use real::{Wide, WIDTH};
pub use exp::{exp, exp2, exp_lanes, expm1, expm1_lanes, ROUNDING_MAGIC};
pub use hyperbolic::{cosh, sinh, tanh};
pub use hyperbolic_lanes::{cosh_lanes, sinh_lanes, tanh_lanes};
pub use inverse_trig::{acos, asin, atan, atan2};
pub use lanes32::{erf_f32_lanes, erfc_f32_lanes, exp_f32_lanes, expm1_f32_lanes, log1p_f32_lanes, log_f32_lanes, tanh_f32_lanes};
pub use log::{log, log10, log1p, log2, log_lanes};
pub use log1p_lanes::log1p_lanes;
pub use pow::pow;
pub use pow_lanes32::pow_f32_lanes;
pub use roots::{cbrt, hypot};
pub use trig::{cos, sin, tan};
pub use trig_lanes::{cos_lanes, sin_lanes};
pub use trig_lanes32::{cos_f32_lanes, sin_f32_lanes, tan_f32_lanes};

/// Sign, exponent and the top 20 mantissa bits.
#[inline(always)]
fn high_word(x: f64) -> u32 {
    (x.to_bits() >> 32) as u32
}

#[inline(always)]
fn low_word(x: f64) -> u32 {
    x.to_bits() as u32
}

#[inline(always)]
fn from_words(high: u32, low: u32) -> f64 {
    f64::from_bits((high as u64) << 32 | low as u64)
}

#[inline(always)]
fn with_high_word(x: f64, high: u32) -> f64 {
    from_words(high, low_word(x))
}

/// x with its low 32 bits cleared: a short copy whose products with short numbers are exact.
#[inline(always)]
fn with_low_word_zero(x: f64) -> f64 {
    f64::from_bits(x.to_bits() & 0xffff_ffff_0000_0000)
}

#[inline(always)]
fn fabs(x: f64) -> f64 {
    f64::from_bits(x.to_bits() & !(1u64 << 63))
}

/// IEEE square root. rustc 1.63's `core` has no scalar `sqrt` for wasm32, and the lane
/// form compiles to `f64x2.sqrt` (the same correctly rounded operation).
#[inline(always)]
pub fn sqrt(x: f64) -> f64 {
    f64x2_extract_lane::<0>(f64x2_sqrt(f64x2_splat(x)))
}

/// Nearest integer, ties to even, for |x| < 2^51: adding 1.5 * 2^52 pushes the fraction
/// out of the mantissa and the addition rounds it.
#[inline(always)]
fn round_to_int<F: Real>(x: F) -> F {
    const SHIFTER: f64 = 6755399441055744.0;
    (x + F::of(SHIFTER)) - F::of(SHIFTER)
}

/// 2^k exactly, for -1022 <= k <= 1023.
#[inline(always)]
fn pow2(k: i32) -> f64 {
    f64::from_bits(((0x3ff + k) as u64) << 52)
}

/// x * 2^n with a single rounding, also where the result is subnormal (musl's scalbn
/// method: the final step into the subnormal range is one multiplication).
fn scalbn(mut x: f64, mut n: i32) -> f64 {
    if n > 1023 {
        x *= pow2(1023);
        n -= 1023;
        if n > 1023 {
            x *= pow2(1023);
            n = (n - 1023).min(1023);
        }
    } else if n < -1022 {
        // 2^-1022 * 2^53: stays normal, so only the last multiplication rounds.
        x *= pow2(-1022 + 53);
        n += 1022 - 53;
        if n < -1022 {
            x *= pow2(-1022 + 53);
            n = (n + 1022 - 53).max(-1022);
        }
    }
    x * pow2(n)
}

/// a * b as p + e exactly (Dekker's product with Veltkamp's 27-bit split), for |a|, |b|
/// below 2^995 so that the split cannot overflow.
#[inline(always)]
fn two_product<F: Real>(a: F, b: F) -> (F, F) {
    let split = |v: F| {
        let c = F::of(134217729.0) * v;
        let high = c - (c - v);
        (high, v - high)
    };
    let p = a * b;
    let ((ah, al), (bh, bl)) = (split(a), split(b));
    (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

/// a + b as s + e exactly (Knuth's TwoSum: no condition on the magnitudes).
#[inline(always)]
fn two_sum<F: Real>(a: F, b: F) -> (F, F) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// a + b as s + e exactly, when |a| >= |b| or a is 0 (Dekker's Fast2Sum).
#[inline(always)]
fn fast_two_sum<F: Real>(a: F, b: F) -> (F, F) {
    let s = a + b;
    (s, b - (s - a))
}

/// (n + n_lo) / (d + d_lo) as q + q_lo, q = n/d and q_lo its correction from the residual
/// n + n_lo - q (d + d_lo), in which n - q d is exact (Sterbenz, with q d from Dekker's
/// product). For |n_lo| <= ulp(n), |d_lo| <= ulp(d), and no overflow or underflow in q d.
#[inline(always)]
fn divide<F: Real>(n: F, n_lo: F, d: F, d_lo: F) -> (F, F) {
    let q = n / d;
    let (p, p_err) = two_product(q, d);
    (q, (((n - p) - p_err + n_lo) - q * d_lo) / d)
}

/// The functions behind `math_apply`, numbered as the VM's opcodes (vm/opcodes.rs).
fn apply_unary(op: i32) -> Option<fn(f64) -> f64> {
    Some(match op {
        OP_CBRT => cbrt,
        OP_EXP => exp,
        OP_EXPM1 => expm1,
        OP_EXP2 => exp2,
        OP_LOG => log,
        OP_LOG1P => log1p,
        OP_LOG2 => log2,
        OP_LOG10 => log10,
        OP_SIN => sin,
        OP_COS => cos,
        OP_TAN => tan,
        OP_ARCSIN => asin,
        OP_ARCCOS => acos,
        OP_ARCTAN => atan,
        OP_SINH => sinh,
        OP_COSH => cosh,
        OP_TANH => tanh,
        OP_ERF => erf,
        OP_ERFC => erfc,
        _ => return None,
    })
}

fn apply_binary(op: i32) -> Option<fn(f64, f64) -> f64> {
    Some(match op {
        OP_POW => pow,
        OP_ARCTAN2 => atan2,
        OP_HYPOT => hypot,
        _ => return None,
    })
}

/// Test entry: `out[i] = f(x[i])`, or `f(x[i], y[i])` for the binary functions, where `op`
/// is the VM's opcode of the function (vm/opcodes.rs): cbrt, exp, expm1, exp2, log, log1p,
/// log2, log10, sin, cos, tan, arcsin, arccos, arctan, sinh, cosh, tanh, erf, erfc; pow(x, y),
/// arctan2(x = y-coordinate, y = x-coordinate, in C's argument order), hypot. Any other
/// `op` traps.
///
/// # Safety
/// All pointers 8-byte aligned; `x` valid for `n` f64 reads, `out` for `n` f64 writes, and
/// for the binary ops `y` for `n` reads (unary ops never read `y`, which may be null then).
/// `out` may equal `x` or `y` (each element is read before it is written) but must not
/// otherwise overlap them, and no other thread may write these ranges during the call.
#[no_mangle]
pub unsafe extern "C" fn math_apply(op: u32, x: *const f64, y: *const f64, out: *mut f64, n: u32) {
    let n = n as usize;
    let op = op as i32;
    if let Some(f) = apply_unary(op) {
        for i in 0..n {
            *out.add(i) = f(*x.add(i));
        }
    } else if let Some(f) = apply_binary(op) {
        for i in 0..n {
            *out.add(i) = f(*x.add(i), *y.add(i));
        }
    } else {
        core::arch::wasm32::unreachable()
    }
}

//! The elementwise instructions over a block: each opcode's meaning for its input dtype,
//! as src/kernel/scalar.ts `SCALAR[op](inputDType)` defines it. Ops the reference
//! computes exactly are bit-identical here: IEEE + - * / sqrt floor ceil trunc and
//! nearest are the same operations in wasm, so they run on f64x2 lanes; comparisons,
//! minimum/maximum and where are lane masks and selects. Integer ops convert the f64
//! registers (which hold exact int32/uint32 values, since every instruction is rounded
//! to its dtype) to i32 lanes and wrap as NumPy's int32/uint32 loops do. For float64,
//! exp, expm1, log, log1p, sin, cos, sinh, cosh, tanh, erf and erfc run on lanes that
//! give the scalar functions' results bit for bit (math.rs `exp_lanes`, `expm1_lanes`,
//! `log_lanes`, `log1p_lanes`, `sin_lanes`, `cos_lanes`, `sinh_lanes`, `cosh_lanes`,
//! `tanh_lanes`, `erf_lanes`, `erfc_lanes`); for float32, exp,
//! expm1, log, log1p, sin, cos, tan, tanh, erf, erfc and pow run on float32-grade lanes
//! (math/lanes32.rs, trig_lanes32.rs, pow_lanes32.rs: within 1 ulp of float32 of the reference); the
//! other transcendental ops call the scalar functions per element.

use super::kinds::{DType, Op};
use super::math;
use super::opcodes::KernelFault;
use super::scalar::{self, RoundDecimals};
use super::simd::*;
use super::Fault;
use core::arch::wasm32::*;

/// What an instruction's results already are, so block.rs knows whether rounding to the
/// instruction's dtype (ROUND_TO) can change them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// Already the instruction dtype's values: 0/1 results, or float ops rounded to
    /// float32 inside their loop.
    Rounded,
    Float,
    Int32,
    Uint32,
}

impl Values {
    pub fn need_rounding_to(self, dtype: DType) -> bool {
        match (self, dtype) {
            (Values::Rounded, _) | (_, DType::F64) => false,
            (Values::Int32, DType::I32) | (Values::Uint32, DType::U32) => false,
            _ => true,
        }
    }
}

/// One instruction's operands: the input dtype that selects its meaning, the dtype its
/// results are rounded to, the `extra` word (round's decimals) and argument registers
/// (empty where the op has fewer arguments).
pub struct Operands<'r> {
    pub input: DType,
    pub dtype: DType,
    pub extra: i32,
    pub a: &'r [f64],
    pub b: &'r [f64],
    pub c: &'r [f64],
}

/// Float ops: the loop with float32 narrowing when the instruction is float32.
macro_rules! float {
    ($x:expr, $helper:ident($($arg:expr),*)) => {
        if $x.dtype == DType::F32 {
            $helper::<true>($($arg),*);
            Values::Rounded
        } else {
            $helper::<false>($($arg),*);
            Values::Float
        }
    };
}

/// The values class of an op that returns one of its inputs: that input's dtype's.
fn values_of(x: &Operands) -> Values {
    match x.input {
        DType::F64 | DType::F32 => Values::Float,
        DType::I32 => Values::Int32,
        DType::U32 => Values::Uint32,
        DType::Bool => Values::Rounded,
    }
}

/// Runs `op` over `out.len()` elements.
pub fn apply(op: Op, x: &Operands, out: &mut [f64]) -> Result<Values, Fault> {
    let (a, b, c) = (x.a, x.b, x.c);
    let int = matches!(x.input, DType::I32 | DType::Bool);
    let uint = x.input == DType::U32;
    Ok(match op {
        Op::Neg if int => int32_1(out, a, |v| i32x4_neg(v)),
        Op::Neg if uint => uint32_1(out, a, |v| i32x4_neg(v)),
        Op::Neg => float!(x, lanes1(out, a, |v| f64x2_neg(v))),
        Op::Abs if int => int32_1(out, a, |v| i32x4_abs(v)),
        Op::Abs if uint => copy(x, out, a),
        Op::Abs => float!(x, lanes1(out, a, |v| f64x2_abs(v))),
        Op::Sign => float!(x, lanes1(out, a, sign)),
        Op::Sqrt => float!(x, lanes1(out, a, |v| f64x2_sqrt(v))),
        Op::Cbrt => float!(x, each1(out, a, math::cbrt)),
        Op::Exp if x.dtype == DType::F32 => float32(out, a, math::exp_f32_lanes, math::exp),
        Op::Exp => float!(x, lanes1_or_each(out, a, math::exp_lanes, math::exp)),
        Op::Expm1 if x.dtype == DType::F32 => float32(out, a, math::expm1_f32_lanes, math::expm1),
        Op::Expm1 => float!(x, lanes1_or_each(out, a, math::expm1_lanes, math::expm1)),
        Op::Exp2 => float!(x, each1(out, a, math::exp2)),
        Op::Log if x.dtype == DType::F32 => float32(out, a, math::log_f32_lanes, math::log),
        Op::Log => float!(x, lanes1_or_each(out, a, math::log_lanes, math::log)),
        Op::Log1p if x.dtype == DType::F32 => float32(out, a, math::log1p_f32_lanes, math::log1p),
        Op::Log1p => float!(x, lanes1_or_each(out, a, math::log1p_lanes, math::log1p)),
        Op::Log2 => float!(x, each1(out, a, math::log2)),
        Op::Log10 => float!(x, each1(out, a, math::log10)),
        Op::Sin if x.dtype == DType::F32 => float32(out, a, math::sin_f32_lanes, math::sin),
        Op::Sin => float!(x, wide_or_each(out, a, math::sin_lanes, math::sin)),
        Op::Cos if x.dtype == DType::F32 => float32(out, a, math::cos_f32_lanes, math::cos),
        Op::Cos => float!(x, wide_or_each(out, a, math::cos_lanes, math::cos)),
        Op::Tan if x.dtype == DType::F32 => float32(out, a, math::tan_f32_lanes, math::tan),
        Op::Tan => float!(x, each1(out, a, math::tan)),
        Op::Arcsin => float!(x, each1(out, a, math::asin)),
        Op::Arccos => float!(x, each1(out, a, math::acos)),
        Op::Arctan => float!(x, each1(out, a, math::atan)),
        Op::Sinh => float!(x, wide_or_each(out, a, math::sinh_lanes, math::sinh)),
        Op::Cosh => float!(x, wide_or_each(out, a, math::cosh_lanes, math::cosh)),
        Op::Tanh if x.dtype == DType::F32 => float32(out, a, math::tanh_f32_lanes, math::tanh),
        Op::Tanh => float!(x, wide_or_each(out, a, math::tanh_lanes, math::tanh)),
        Op::Erf if x.dtype == DType::F32 => float32(out, a, math::erf_f32_lanes, math::erf),
        Op::Erf => float!(x, wide_by_range(out, a, math::erf_range, math::erf_lanes, math::erf)),
        Op::Erfc if x.dtype == DType::F32 => float32(out, a, math::erfc_f32_lanes, math::erfc),
        Op::Erfc => float!(x, wide_by_range(out, a, math::erf_range, math::erfc_lanes, math::erfc)),
        Op::Floor => float!(x, lanes1(out, a, |v| f64x2_floor(v))),
        Op::Ceil => float!(x, lanes1(out, a, |v| f64x2_ceil(v))),
        Op::Trunc => float!(x, lanes1(out, a, |v| f64x2_trunc(v))),
        // Integers keep their value unless decimals < 0 (scalar.ts round).
        Op::Round if !x.input.is_float() && x.extra >= 0 => copy(x, out, a),
        Op::Round if x.extra == 0 => float!(x, lanes1(out, a, |v| f64x2_nearest(v))),
        Op::Round => {
            let r = RoundDecimals::new(x.extra, x.input == DType::F32);
            float!(x, each1(out, a, |v| r.apply(v)))
        }
        // scalar.ts intReciprocal: trunc(1 / a) (so -0 for a <= -2, kept by a float
        // output), and INT32_MIN (int32) or 0 (uint32) for 0.
        Op::Reciprocal if int => float!(
            x,
            each1(out, a, |v| if v == 0.0 {
                i32::MIN as f64
            } else {
                scalar::trunc(1.0 / v)
            })
        ),
        Op::Reciprocal if uint => float!(
            x,
            each1(out, a, |v| if v == 0.0 { 0.0 } else { scalar::trunc(1.0 / v) })
        ),
        Op::Reciprocal => float!(x, lanes1(out, a, |v| f64x2_div(f64x2_splat(1.0), v))),
        Op::Isnan => bits(out, a, |v| f64x2_ne(v, v)),
        Op::Isinf => bits(out, a, |v| f64x2_eq(f64x2_abs(v), f64x2_splat(f64::INFINITY))),
        Op::Isfinite => bits(out, a, |v| f64x2_lt(f64x2_abs(v), f64x2_splat(f64::INFINITY))),
        Op::Cast => copy(x, out, a),
        Op::Add if x.input == DType::Bool => int32(out, a, b, |p, q| v128_or(p, q)),
        Op::Add if int => int32(out, a, b, |p, q| i32x4_add(p, q)),
        Op::Add if uint => uint32(out, a, b, |p, q| i32x4_add(p, q)),
        Op::Add => float!(x, lanes2(out, a, b, |p, q| f64x2_add(p, q))),
        Op::Sub if int => int32(out, a, b, |p, q| i32x4_sub(p, q)),
        Op::Sub if uint => uint32(out, a, b, |p, q| i32x4_sub(p, q)),
        Op::Sub => float!(x, lanes2(out, a, b, |p, q| f64x2_sub(p, q))),
        Op::Mul if x.input == DType::Bool => int32(out, a, b, |p, q| v128_and(p, q)),
        Op::Mul if int => int32(out, a, b, |p, q| i32x4_mul(p, q)),
        Op::Mul if uint => uint32(out, a, b, |p, q| i32x4_mul(p, q)),
        Op::Mul => float!(x, lanes2(out, a, b, |p, q| f64x2_mul(p, q))),
        Op::Div => float!(x, lanes2(out, a, b, |p, q| f64x2_div(p, q))),
        Op::FloorDiv if int => int_scalar(out, a, b, |p, q| scalar::floor_div_i32(p as i32, q as i32) as u32),
        Op::FloorDiv if uint => uint_scalar(out, a, b, scalar::floor_div_u32),
        Op::FloorDiv => float!(x, each2(out, a, b, scalar::floor_div_f64)),
        Op::Mod if int => int_scalar(out, a, b, |p, q| scalar::mod_i32(p as i32, q as i32) as u32),
        Op::Mod if uint => uint_scalar(out, a, b, scalar::mod_u32),
        Op::Mod => float!(x, each2(out, a, b, scalar::mod_f64)),
        Op::Pow if int || uint => {
            // scalar.ts checkedPow: the reference throws for any negative exponent.
            if b.iter().any(|&e| e < 0.0) {
                return Err(Fault::Kernel(KernelFault::NegativePower));
            }
            if int {
                int_scalar(out, a, b, scalar::pow_wrapping)
            } else {
                uint_scalar(out, a, b, scalar::pow_wrapping)
            }
        }
        Op::Pow if x.dtype == DType::F32 => {
            lanes2_or_each::<true>(out, a, b, math::pow_f32_lanes, scalar::pow_f64);
            Values::Rounded
        }
        Op::Pow => float!(x, each2(out, a, b, scalar::pow_f64)),
        Op::Arctan2 => float!(x, each2(out, a, b, math::atan2)),
        Op::Hypot => float!(x, each2(out, a, b, math::hypot)),
        // NumPy's scalar rule `a < b || isnan(a) ? a : b`: equal operands give b.
        Op::Minimum => select(x, out, a, b, |p, q| v128_or(f64x2_lt(p, q), f64x2_ne(p, p))),
        Op::Maximum => select(x, out, a, b, |p, q| v128_or(f64x2_gt(p, q), f64x2_ne(p, p))),
        Op::Equal => bits2(out, a, b, |p, q| f64x2_eq(p, q)),
        Op::NotEqual => bits2(out, a, b, |p, q| f64x2_ne(p, q)),
        Op::Less => bits2(out, a, b, |p, q| f64x2_lt(p, q)),
        Op::LessEqual => bits2(out, a, b, |p, q| f64x2_le(p, q)),
        Op::Greater => bits2(out, a, b, |p, q| f64x2_gt(p, q)),
        Op::GreaterEqual => bits2(out, a, b, |p, q| f64x2_ge(p, q)),
        // where(cond, x, y): cond != 0 (NaN included) picks x.
        Op::Where => {
            let pick = |p: v128, q: v128, r: v128| v128_bitselect(q, r, f64x2_ne(p, f64x2_splat(0.0)));
            if x.input.is_float() && x.dtype == DType::F32 {
                lanes3::<true>(out, a, b, c, pick);
                Values::Rounded
            } else {
                lanes3::<false>(out, a, b, c, pick);
                values_of(x)
            }
        }
    })
}

/// np.sign on lanes: 1 where > 0, -1 where < 0, NaN kept, +0 for ±0.
fn sign(v: v128) -> v128 {
    let one = v128_and(f64x2_gt(v, f64x2_splat(0.0)), f64x2_splat(1.0));
    let minus = v128_and(f64x2_lt(v, f64x2_splat(0.0)), f64x2_splat(-1.0));
    let nan = v128_and(f64x2_ne(v, v), v);
    v128_or(v128_or(one, minus), nan)
}

/// A float32 instruction's function on float32-grade lanes (math/lanes32.rs), with the
/// scalar float64 function for the lanes they leave out; both rounded to float32. Its
/// inputs are float32 values: the op table's float rule keeps float32 (and makes bool
/// float32), so a float32 result never has a float64 argument.
fn float32(out: &mut [f64], a: &[f64], main: impl Fn(v128) -> (v128, v128), scalar: fn(f64) -> f64) -> Values {
    lanes1_or_each::<true>(out, a, main, scalar);
    Values::Rounded
}

fn copy(x: &Operands, out: &mut [f64], a: &[f64]) -> Values {
    if x.input.is_float() && x.dtype == DType::F32 {
        each1::<true>(out, a, |v| v);
        Values::Rounded
    } else {
        out.copy_from_slice(&a[..out.len()]);
        values_of(x)
    }
}

fn select(x: &Operands, out: &mut [f64], a: &[f64], b: &[f64], pick_a: impl Fn(v128, v128) -> v128) -> Values {
    let f = |p, q| v128_bitselect(p, q, pick_a(p, q));
    if x.input.is_float() && x.dtype == DType::F32 {
        lanes2::<true>(out, a, b, f);
        Values::Rounded
    } else {
        lanes2::<false>(out, a, b, f);
        values_of(x)
    }
}

fn bits(out: &mut [f64], a: &[f64], mask: impl Fn(v128) -> v128) -> Values {
    lanes1::<false>(out, a, |v| ones(mask(v)));
    Values::Rounded
}

fn bits2(out: &mut [f64], a: &[f64], b: &[f64], mask: impl Fn(v128, v128) -> v128) -> Values {
    lanes2::<false>(out, a, b, |p, q| ones(mask(p, q)));
    Values::Rounded
}

fn int32(out: &mut [f64], a: &[f64], b: &[f64], f: impl Fn(v128, v128) -> v128) -> Values {
    int32_lanes2(out, a, b, f);
    Values::Int32
}

fn uint32(out: &mut [f64], a: &[f64], b: &[f64], f: impl Fn(v128, v128) -> v128) -> Values {
    uint32_lanes2(out, a, b, f);
    Values::Uint32
}

fn int32_1(out: &mut [f64], a: &[f64], f: impl Fn(v128) -> v128) -> Values {
    int32_lanes1(out, a, f);
    Values::Int32
}

fn uint32_1(out: &mut [f64], a: &[f64], f: impl Fn(v128) -> v128) -> Values {
    uint32_lanes1(out, a, f);
    Values::Uint32
}

/// A scalar int32 op over bit patterns (u32 in, u32 out, read back as int32).
fn int_scalar(out: &mut [f64], a: &[f64], b: &[f64], f: impl Fn(u32, u32) -> u32) -> Values {
    out.iter_mut()
        .zip(a)
        .zip(b)
        .for_each(|((o, &p), &q)| *o = f(p as i32 as u32, q as i32 as u32) as i32 as f64);
    Values::Int32
}

fn uint_scalar(out: &mut [f64], a: &[f64], b: &[f64], f: impl Fn(u32, u32) -> u32) -> Values {
    out.iter_mut()
        .zip(a)
        .zip(b)
        .for_each(|((o, &p), &q)| *o = f(p as u32, q as u32) as f64);
    Values::Uint32
}

//! One arithmetic, two widths: the error-free transformations and polynomial kernels that
//! erf's and erfc's lane forms share with the scalar code are written once, generic over
//! `Real`, so that `f64` and `Wide` (eight f64 in four v128) run the very same IEEE
//! operations in the same order, and the lanes' results are the scalar function's bit
//! for bit.

use core::arch::wasm32::*;
use core::ops::{Add, Div, Mul, Neg, Sub};

/// A float64 value or a vector of them, with IEEE + - * / and negation.
pub trait Real: Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self> + Neg<Output = Self> {
    /// The constant `c` (in every lane).
    fn of(c: f64) -> Self;
}

impl Real for f64 {
    #[inline(always)]
    fn of(c: f64) -> f64 {
        c
    }
}

/// Horner evaluation of c[0] + c[1] t + c[2] t² + ...
#[inline(always)]
pub fn poly<F: Real>(c: &[f64], t: F) -> F {
    let mut acc = F::of(c[c.len() - 1]);
    for &ci in c[..c.len() - 1].iter().rev() {
        acc = acc * t + F::of(ci);
    }
    acc
}

/// Vectors a wide step holds: 8 f64. The kernels erf and erfc share with the scalar code
/// are Horner chains and double-double steps, each operation waiting on the one before
/// (4 cycles apiece on x86): one vector at a time runs at that latency, and the scalar
/// code's speed (45 ns per element, 1M values over [-3, 3], one thread of the 2-core
/// bench machine, either way). Four independent vectors per operation fill the pipeline.
pub const WIDTH: usize = 4;

/// `WIDTH` vectors of two f64 lanes, operated on together.
#[derive(Clone, Copy)]
pub struct Wide(pub [v128; WIDTH]);

impl Wide {
    #[inline(always)]
    pub fn map(self, f: impl Fn(v128) -> v128) -> Wide {
        Wide(core::array::from_fn(|i| f(self.0[i])))
    }

    #[inline(always)]
    pub fn zip(self, other: Wide, f: impl Fn(v128, v128) -> v128) -> Wide {
        Wide(core::array::from_fn(|i| f(self.0[i], other.0[i])))
    }

    /// |x| in every lane.
    #[inline(always)]
    pub fn abs(self) -> Wide {
        self.map(|v| f64x2_abs(v))
    }

    /// `if_true` in the lanes of mask `self`, else `if_false`.
    #[inline(always)]
    pub fn pick(self, if_true: Wide, if_false: Wide) -> Wide {
        Wide(core::array::from_fn(|i| v128_bitselect(if_true.0[i], if_false.0[i], self.0[i])))
    }

    /// Whether any lane of mask `self` is set.
    #[inline(always)]
    pub fn any(self) -> bool {
        v128_any_true(v128_or(v128_or(self.0[0], self.0[1]), v128_or(self.0[2], self.0[3])))
    }

    /// Mask `self` as bits, lane j (element j of the eight) at bit j.
    #[inline(always)]
    pub fn bits(self) -> u32 {
        let m = self.0;
        i64x2_bitmask(m[0]) as u32 | (i64x2_bitmask(m[1]) as u32) << 2 | (i64x2_bitmask(m[2]) as u32) << 4 | (i64x2_bitmask(m[3]) as u32) << 6
    }

    /// Whether every lane of mask `self` is set.
    #[inline(always)]
    pub fn all(self) -> bool {
        i64x2_all_true(v128_and(v128_and(self.0[0], self.0[1]), v128_and(self.0[2], self.0[3])))
    }
}

impl Real for Wide {
    #[inline(always)]
    fn of(c: f64) -> Wide {
        Wide([f64x2_splat(c); WIDTH])
    }
}

macro_rules! wide_op {
    ($trait:ident, $method:ident, $simd:ident) => {
        impl $trait for Wide {
            type Output = Wide;
            #[inline(always)]
            fn $method(self, other: Wide) -> Wide {
                self.zip(other, |a, b| $simd(a, b))
            }
        }
    };
}

wide_op!(Add, add, f64x2_add);
wide_op!(Sub, sub, f64x2_sub);
wide_op!(Mul, mul, f64x2_mul);
wide_op!(Div, div, f64x2_div);

impl Neg for Wide {
    type Output = Wide;
    #[inline(always)]
    fn neg(self) -> Wide {
        self.map(|a| f64x2_neg(a))
    }
}

/// The lanes of `x` below `c`, as a mask.
#[inline(always)]
pub fn below(x: Wide, c: f64) -> Wide {
    x.map(|v| f64x2_lt(v, f64x2_splat(c)))
}

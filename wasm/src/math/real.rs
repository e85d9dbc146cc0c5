//! One arithmetic, two widths: the error-free transformations and polynomial kernels that
//! erfc's lane form shares with the scalar code are written once, generic over `Real`,
//! so that `f64` and `Lanes` (two f64 in a v128) run the very same IEEE operations in
//! the same order, and the lanes' results are the scalar function's bit for bit.

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

/// Two f64 lanes.
#[derive(Clone, Copy)]
pub struct Lanes(pub v128);

impl Real for Lanes {
    #[inline(always)]
    fn of(c: f64) -> Lanes {
        Lanes(f64x2_splat(c))
    }
}

macro_rules! lane_op {
    ($trait:ident, $method:ident, $simd:ident) => {
        impl $trait for Lanes {
            type Output = Lanes;
            #[inline(always)]
            fn $method(self, other: Lanes) -> Lanes {
                Lanes($simd(self.0, other.0))
            }
        }
    };
}

lane_op!(Add, add, f64x2_add);
lane_op!(Sub, sub, f64x2_sub);
lane_op!(Mul, mul, f64x2_mul);
lane_op!(Div, div, f64x2_div);

impl Neg for Lanes {
    type Output = Lanes;
    #[inline(always)]
    fn neg(self) -> Lanes {
        Lanes(f64x2_neg(self.0))
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

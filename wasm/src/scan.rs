//! Running sums and products along contiguous lanes, step by step as the js reference does
//! (src/backend/js/kernels.ts, compileScan): `acc = round(acc op x[j])` from `-0` for
//! cumsum (so a lane of `-0` stays `-0`) and from `1` for cumprod.
//!
//! Each dtype's native wasm operation is that rounded step: float64 directly; float32
//! because rounding the float64 sum or product of two float32 values to float32 equals the
//! float32 operation (double rounding is innocuous when 53 >= 2 * 24 + 2; Figueroa, "When
//! is double rounding innocuous?", SIGNUM 1995); int32 and uint32 because the reference
//! wraps mod 2^32 after every step, which is what wrapping add and multiply compute, with
//! the same bits for both dtypes.

/// A dtype's scan step and starting values.
trait Scan: Copy {
    const SUM_FROM: Self;
    const PROD_FROM: Self;
    fn add(self, x: Self) -> Self;
    fn mul(self, x: Self) -> Self;
}

impl Scan for f64 {
    const SUM_FROM: f64 = -0.0;
    const PROD_FROM: f64 = 1.0;
    fn add(self, x: f64) -> f64 {
        self + x
    }
    fn mul(self, x: f64) -> f64 {
        self * x
    }
}

impl Scan for f32 {
    const SUM_FROM: f32 = -0.0;
    const PROD_FROM: f32 = 1.0;
    fn add(self, x: f32) -> f32 {
        self + x
    }
    fn mul(self, x: f32) -> f32 {
        self * x
    }
}

impl Scan for i32 {
    const SUM_FROM: i32 = 0;
    const PROD_FROM: i32 = 1;
    fn add(self, x: i32) -> i32 {
        self.wrapping_add(x)
    }
    fn mul(self, x: i32) -> i32 {
        self.wrapping_mul(x)
    }
}

/// Lanes scanned together. One lane is a chain of dependent adds or multiplies; four
/// independent chains keep the float pipes busy, so many short lanes scan faster four at
/// a time than one at a time, cumprod most of all (bench/wasm-routines.bench.ts scans
/// 4096 lanes of 256 and one lane of 2^20).
const GROUP: usize = 4;

/// Scans every `len`-long lane of `x` into `out` (same length, not overlapping).
#[inline(always)]
fn scan<T: Scan>(x: &[T], out: &mut [T], len: usize, from: T, step: fn(T, T) -> T) {
    let mut xs = x.chunks_exact(GROUP * len);
    let mut outs = out.chunks_exact_mut(GROUP * len);
    for (x4, o4) in (&mut xs).zip(&mut outs) {
        let (x01, x23) = x4.split_at(2 * len);
        let (x0, x1) = x01.split_at(len);
        let (x2, x3) = x23.split_at(len);
        let (o01, o23) = o4.split_at_mut(2 * len);
        let (o0, o1) = o01.split_at_mut(len);
        let (o2, o3) = o23.split_at_mut(len);
        let mut acc = [from; GROUP];
        for j in 0..len {
            acc = [step(acc[0], x0[j]), step(acc[1], x1[j]), step(acc[2], x2[j]), step(acc[3], x3[j])];
            o0[j] = acc[0];
            o1[j] = acc[1];
            o2[j] = acc[2];
            o3[j] = acc[3];
        }
    }
    for (xl, ol) in xs.remainder().chunks_exact(len).zip(outs.into_remainder().chunks_exact_mut(len)) {
        let mut acc = from;
        for (o, &v) in ol.iter_mut().zip(xl) {
            acc = step(acc, v);
            *o = acc;
        }
    }
}

/// As `scan`, reading and writing the same buffer.
#[inline(always)]
fn scan_in_place<T: Scan>(out: &mut [T], len: usize, from: T, step: fn(T, T) -> T) {
    let mut outs = out.chunks_exact_mut(GROUP * len);
    for o4 in &mut outs {
        let (o01, o23) = o4.split_at_mut(2 * len);
        let (o0, o1) = o01.split_at_mut(len);
        let (o2, o3) = o23.split_at_mut(len);
        let mut acc = [from; GROUP];
        for j in 0..len {
            acc = [step(acc[0], o0[j]), step(acc[1], o1[j]), step(acc[2], o2[j]), step(acc[3], o3[j])];
            o0[j] = acc[0];
            o1[j] = acc[1];
            o2[j] = acc[2];
            o3[j] = acc[3];
        }
    }
    for ol in outs.into_remainder().chunks_exact_mut(len) {
        let mut acc = from;
        for o in ol.iter_mut() {
            acc = step(acc, *o);
            *o = acc;
        }
    }
}

macro_rules! scan_entry {
    ($name:ident, $t:ty, $from:ident, $step:ident, $what:literal) => {
        #[doc = concat!($what, " along each of `lanes` contiguous lanes of `len` elements.")]
        ///
        /// # Safety
        /// `x` and `out` must be non-null, aligned to their element type and valid for
        /// `lanes*len` elements (reads of `x`, writes of `out`); they are either the same
        /// pointer (scan in place) or ranges that do not overlap, and no other thread
        /// writes `x` or touches `out` during the call.
        #[no_mangle]
        pub unsafe extern "C" fn $name(x: *const $t, out: *mut $t, lanes: u32, len: u32) {
            let (lanes, len) = (lanes as usize, len as usize);
            if lanes == 0 || len == 0 {
                return;
            }
            let out_lanes = core::slice::from_raw_parts_mut(out, lanes * len);
            if x == out as *const $t {
                scan_in_place::<$t>(out_lanes, len, <$t as Scan>::$from, <$t as Scan>::$step);
            } else {
                scan::<$t>(core::slice::from_raw_parts(x, lanes * len), out_lanes, len, <$t as Scan>::$from, <$t as Scan>::$step);
            }
        }
    };
}

scan_entry!(cumsum_f64, f64, SUM_FROM, add, "Running float64 sum");
scan_entry!(cumprod_f64, f64, PROD_FROM, mul, "Running float64 product");
scan_entry!(cumsum_f32, f32, SUM_FROM, add, "Running float32 sum (rounded to float32 at every step)");
scan_entry!(cumprod_f32, f32, PROD_FROM, mul, "Running float32 product (rounded to float32 at every step)");
scan_entry!(cumsum_i32, i32, SUM_FROM, add, "Running int32 or uint32 sum (wrapping at every step)");
scan_entry!(cumprod_i32, i32, PROD_FROM, mul, "Running int32 or uint32 product (wrapping at every step)");

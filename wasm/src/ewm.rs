//! Exponentially weighted mean, variance and standard deviation with pandas' semantics,
//! pandas' ewma / ewmcov loops step for step as the js reference runs them
//! (src/backend/js/ewm.ts): the first non-NaN entry starts a series; each later step
//! decays the weight of the past by 1-α (a NaN position too, unless ignore_na) and each
//! observation is a weighted Welford update of the mean and the second moment, with the
//! running Σw and Σw² the unbiased variance needs. The same IEEE operations in the same
//! order as the reference, no fused multiply-add: float64 results are the reference's bits.
//!
//! The data is `len` rows (time) of `cols` contiguous columns, as in rolling.rs: each call
//! walks columns [c0, c1) CHUNK at a time, row after row, every column's state in f64x2
//! lanes, the reference's branches as masks and selects. A pair of leftover columns is one
//! vector, a last single column one vector with its value in both lanes. Float32 data is
//! computed in float64 and rounded once.

use crate::rolling::Elem;
use crate::vm::opcodes::{EWM_ADJUST as ADJUST, EWM_BIAS as BIAS, EWM_IGNORE_NA as IGNORE_NA};
use core::arch::wasm32::*;

/// Columns walked together: a row's read is one 64-byte line of float64, as rolling.rs's CHUNK.
const CHUNK: usize = 8;
const VECS: usize = CHUNK / 2;


/// Which statistic a call computes.
#[derive(Clone, Copy, PartialEq)]
enum Stat {
    Mean,
    Var,
    Std,
}

/// A call's constants, splatted once.
struct Params {
    stat: Stat,
    adjust: bool,
    bias: bool,
    /// All ones where a NaN position decays the past (ignore_na false).
    gaps_decay: v128,
    decay: v128,
    decay2: v128,
    new_weight: v128,
    new_weight2: v128,
    min_periods: v128,
}

impl Params {
    fn new(stat: Stat, alpha: f64, min_periods: u32, flags: u32) -> Params {
        let adjust = flags & ADJUST != 0;
        let decay = 1.0 - alpha;
        let new_weight = if adjust { 1.0 } else { alpha };
        Params {
            stat,
            adjust,
            bias: flags & BIAS != 0,
            gaps_decay: if flags & IGNORE_NA != 0 { u64x2_splat(0) } else { u64x2_splat(!0) },
            decay: f64x2_splat(decay),
            decay2: f64x2_splat(decay * decay),
            new_weight: f64x2_splat(new_weight),
            new_weight2: f64x2_splat(new_weight * new_weight),
            min_periods: f64x2_splat(min_periods as f64),
        }
    }
}

/// Two columns' recursions.
#[derive(Clone, Copy)]
struct State {
    mean: v128,
    nobs: v128,
    moment: v128,
    sum_w: v128,
    sum_w2: v128,
    old_weight: v128,
}

impl State {
    /// Nothing observed yet: the mean is NaN until the first non-NaN entry.
    fn new() -> State {
        let (zero, one) = (f64x2_splat(0.0), f64x2_splat(1.0));
        State { mean: f64x2_splat(f64::NAN), nobs: zero, moment: zero, sum_w: one, sum_w2: one, old_weight: one }
    }

    /// One step with the row's values `v`; returns the statistic at this row.
    #[inline(always)]
    fn step(&mut self, v: v128, p: &Params) -> v128 {
        let one = f64x2_splat(1.0);
        let moments = p.stat != Stat::Mean;
        let observed = f64x2_eq(v, v);
        self.nobs = f64x2_add(self.nobs, v128_and(observed, one));
        let started = f64x2_eq(self.mean, self.mean);
        let decays = v128_and(started, v128_or(observed, p.gaps_decay));
        let ow = v128_bitselect(f64x2_mul(self.old_weight, p.decay), self.old_weight, decays);
        let sum_w = v128_bitselect(f64x2_mul(self.sum_w, p.decay), self.sum_w, decays);
        let sum_w2 = v128_bitselect(f64x2_mul(self.sum_w2, p.decay2), self.sum_w2, decays);
        let update = v128_and(started, observed);
        let total = f64x2_add(ow, p.new_weight);
        let blended = f64x2_div(f64x2_add(f64x2_mul(ow, self.mean), f64x2_mul(p.new_weight, v)), total);
        // An equal value keeps the mean as it is: a constant series stays exactly constant.
        let mean = v128_bitselect(blended, self.mean, f64x2_ne(self.mean, v));
        if moments {
            let d = f64x2_sub(self.mean, mean);
            let dv = f64x2_sub(v, mean);
            let moment = f64x2_div(f64x2_add(f64x2_mul(ow, f64x2_add(self.moment, f64x2_mul(d, d))), f64x2_mul(f64x2_mul(p.new_weight, dv), dv)), total);
            let (mut sw, mut sw2) = (f64x2_add(sum_w, p.new_weight), f64x2_add(sum_w2, p.new_weight2));
            if !p.adjust {
                sw = f64x2_div(sw, total);
                sw2 = f64x2_div(sw2, f64x2_mul(total, total));
            }
            self.moment = v128_bitselect(moment, self.moment, update);
            self.sum_w = v128_bitselect(sw, sum_w, update);
            self.sum_w2 = v128_bitselect(sw2, sum_w2, update);
        }
        self.old_weight = v128_bitselect(if p.adjust { total } else { one }, ow, update);
        // Not started: the first observation starts the mean.
        self.mean = v128_bitselect(mean, v128_bitselect(v, self.mean, observed), update);
        self.statistic(p)
    }

    /// The statistic now, or NaN before min_periods observations.
    #[inline(always)]
    fn statistic(&self, p: &Params) -> v128 {
        let nan = f64x2_splat(f64::NAN);
        let zero = f64x2_splat(0.0);
        let value = match p.stat {
            Stat::Mean => self.mean,
            Stat::Var | Stat::Std => {
                let variance = if p.bias {
                    self.moment
                } else {
                    let num = f64x2_mul(self.sum_w, self.sum_w);
                    let den = f64x2_sub(num, self.sum_w2);
                    v128_bitselect(f64x2_mul(f64x2_div(num, den), self.moment), nan, f64x2_gt(den, zero))
                };
                // f64x2.max is Math.max: NaN stays NaN, -0 becomes 0.
                if p.stat == Stat::Std {
                    f64x2_sqrt(f64x2_max(variance, zero))
                } else {
                    variance
                }
            }
        };
        v128_bitselect(value, nan, f64x2_ge(self.nobs, p.min_periods))
    }
}

/// Columns [c, c + 2V) of `x` (`len` rows of `cols`) into `out`, two per vector.
#[inline(always)]
unsafe fn sweep<T: Elem, const V: usize>(x: *const T, out: *mut T, len: usize, cols: usize, c: usize, p: &Params) {
    let mut s = [State::new(); V];
    for t in 0..len {
        let row = t * cols + c;
        for j in 0..V {
            T::store2(out, row + 2 * j, s[j].step(T::load2(x, row + 2 * j), p));
        }
    }
}

/// Column c alone, its value in both lanes.
#[inline(always)]
unsafe fn sweep_one<T: Elem>(x: *const T, out: *mut T, len: usize, cols: usize, c: usize, p: &Params) {
    let mut s = State::new();
    for t in 0..len {
        T::store1(out, t * cols + c, s.step(T::load1(x, t * cols + c), p));
    }
}

macro_rules! ewm_entry {
    ($name:ident, $t:ty, $stat:expr, $what:literal) => {
        #[doc = concat!("Exponentially weighted ", $what, " of columns [c0, c1) of `len` rows of `cols` contiguous ", stringify!($t), " columns.")]
        ///
        /// # Safety
        /// `x` and `out` must be non-null, aligned to their element type, valid for
        /// `len*cols` elements (reads of `x`, writes of `out`) and not overlapping; no other
        /// thread writes `x` or touches columns [c0, c1) of `out` during the call, and
        /// c0 <= c1 <= cols. α is a float64 passed as its two 32-bit halves (the worker
        /// pool passes u32 arguments only); `flags` holds ADJUST, IGNORE_NA and BIAS.
        #[no_mangle]
        pub unsafe extern "C" fn $name(x: *const $t, out: *mut $t, len: u32, cols: u32, c0: u32, c1: u32, min_periods: u32, alpha_lo: u32, alpha_hi: u32, flags: u32) {
            let (len, cols, c0, c1) = (len as usize, cols as usize, c0 as usize, c1 as usize);
            if len == 0 || c0 >= c1 {
                return;
            }
            let p = Params::new($stat, f64::from_bits(((alpha_hi as u64) << 32) | alpha_lo as u64), min_periods, flags);
            let full = c0 + (c1 - c0) / CHUNK * CHUNK;
            for c in (c0..full).step_by(CHUNK) {
                sweep::<$t, VECS>(x, out, len, cols, c, &p);
            }
            let mut c = full;
            while c + 2 <= c1 {
                sweep::<$t, 1>(x, out, len, cols, c, &p);
                c += 2;
            }
            if c < c1 {
                sweep_one::<$t>(x, out, len, cols, c, &p);
            }
        }
    };
}

ewm_entry!(ewm_mean_f64, f64, Stat::Mean, "mean");
ewm_entry!(ewm_var_f64, f64, Stat::Var, "variance");
ewm_entry!(ewm_std_f64, f64, Stat::Std, "standard deviation");
ewm_entry!(ewm_mean_f32, f32, Stat::Mean, "mean");
ewm_entry!(ewm_var_f32, f32, Stat::Var, "variance");
ewm_entry!(ewm_std_f32, f32, Stat::Std, "standard deviation");

//! Rolling-window statistics (sum, mean, variance, standard deviation) with pandas'
//! semantics, as the js reference computes them (src/backend/js/rolling.ts): NaNs are
//! skipped, a window with fewer than `min_periods` non-NaN entries gives NaN, an infinity
//! makes a sum infinite (NaN with both signs) and a variance NaN while inside the window.
//!
//! The data is `len` rows (time) of `cols` contiguous columns, so a row of a
//! [periods x assets] matrix is one read. Each call walks the columns [c0, c1): CHUNK
//! columns at a time, row after row, keeping each column's window state in registers:
//! counts, and the sums of the (shifted) finite values and of their squares, each with
//! its TwoSum error companion, added as a value enters the window and subtracted as it
//! leaves. Full chunks run in f64x2 lanes (`simd_chunk`: masks and selects, no branches),
//! the last columns (fewer than CHUNK) in scalar code that computes the same thing.
//! Everything is computed in float64, float32 data included, and rounded once.

use core::arch::wasm32::*;

/// Columns walked together: 4 f64x2 vectors per quantity, so a row's read is one 64-byte
/// line of float64. 2 columns (one vector) read each line four times over a matrix larger
/// than the cache and measured slower on the 2-core bench machine (npm start, rolling 63d vol).
const CHUNK: usize = 8;
const VECS: usize = CHUNK / 2;

/// Which statistic a call computes.
#[derive(Clone, Copy, PartialEq)]
enum Stat {
    Sum,
    Mean,
    Var,
    Std,
}

/// A stored element read and written as float64 (ewm.rs walks its columns the same way).
pub(crate) trait Elem: Copy {
    fn get(self) -> f64;
    fn put(v: f64) -> Self;
    /// Elements `at` and `at + 1` as float64 lanes.
    unsafe fn load2(p: *const Self, at: usize) -> v128;
    /// Both lanes, rounded to the element type, into `at` and `at + 1`.
    unsafe fn store2(p: *mut Self, at: usize, v: v128);
    /// Element `at` in both lanes.
    unsafe fn load1(p: *const Self, at: usize) -> v128 {
        f64x2_splat((*p.add(at)).get())
    }
    /// Lane 0, rounded to the element type, into `at`.
    unsafe fn store1(p: *mut Self, at: usize, v: v128) {
        *p.add(at) = Self::put(f64x2_extract_lane::<0>(v))
    }
}

impl Elem for f64 {
    fn get(self) -> f64 {
        self
    }
    fn put(v: f64) -> f64 {
        v
    }
    #[inline(always)]
    unsafe fn load2(p: *const f64, at: usize) -> v128 {
        v128_load(p.add(at) as *const v128)
    }
    #[inline(always)]
    unsafe fn store2(p: *mut f64, at: usize, v: v128) {
        v128_store(p.add(at) as *mut v128, v)
    }
}

impl Elem for f32 {
    fn get(self) -> f64 {
        self as f64
    }
    fn put(v: f64) -> f32 {
        v as f32
    }
    #[inline(always)]
    unsafe fn load2(p: *const f32, at: usize) -> v128 {
        f64x2_promote_low_f32x4(v128_load64_zero(p.add(at) as *const u64))
    }
    #[inline(always)]
    unsafe fn store2(p: *mut f32, at: usize, v: v128) {
        v128_store64_lane::<0>(f32x4_demote_f64x2_zero(v), p.add(at) as *mut u64)
    }
}

/// A full chunk's windows, two columns per vector (the `Windows` of the scalar path).
struct Lanes {
    present: [v128; VECS],
    pos_inf: [v128; VECS],
    neg_inf: [v128; VECS],
    sum: [v128; VECS],
    sum_err: [v128; VECS],
    sq: [v128; VECS],
    sq_err: [v128; VECS],
    shift: [v128; VECS],
}

/// (s + v, err + its exact rounding error) per lane: TwoSum.
#[inline(always)]
fn two_sum2(s: v128, err: v128, v: v128) -> (v128, v128) {
    let t = f64x2_add(s, v);
    let vv = f64x2_sub(t, s);
    (t, f64x2_add(err, f64x2_add(f64x2_sub(s, f64x2_sub(t, vv)), f64x2_sub(v, vv))))
}

impl Lanes {
    /// Adds the chunk's row at `at` (sign 1) or takes it out (sign -1).
    #[inline(always)]
    unsafe fn update<T: Elem>(&mut self, x: *const T, at: usize, sign: f64, squares: bool) {
        let inf = f64x2_splat(f64::INFINITY);
        let signs = f64x2_splat(sign);
        for j in 0..VECS {
            let v = T::load2(x, at + 2 * j);
            self.present[j] = f64x2_add(self.present[j], v128_and(f64x2_eq(v, v), signs));
            self.pos_inf[j] = f64x2_add(self.pos_inf[j], v128_and(f64x2_eq(v, inf), signs));
            self.neg_inf[j] = f64x2_add(self.neg_inf[j], v128_and(f64x2_eq(v, f64x2_neg(inf)), signs));
            // Zero where v is not finite: and-ing with the all-ones or all-zeros mask.
            let y = v128_and(f64x2_mul(f64x2_sub(v, self.shift[j]), signs), f64x2_lt(f64x2_abs(v), inf));
            let (s, e) = two_sum2(self.sum[j], self.sum_err[j], y);
            self.sum[j] = s;
            self.sum_err[j] = e;
            if squares {
                let (q, e) = two_sum2(self.sq[j], self.sq_err[j], f64x2_mul(f64x2_mul(y, y), signs));
                self.sq[j] = q;
                self.sq_err[j] = e;
            }
        }
    }

    /// The statistic of vector j's two columns, as `Windows::statistic` computes it.
    #[inline(always)]
    fn statistic(&self, j: usize, stat: Stat, min_periods: f64, ddof: f64) -> v128 {
        let zero = f64x2_splat(0.0);
        let nan = f64x2_splat(f64::NAN);
        let inf = f64x2_splat(f64::INFINITY);
        let present = self.present[j];
        let (pos, neg) = (self.pos_inf[j], self.neg_inf[j]);
        let finite = f64x2_sub(f64x2_sub(present, pos), neg);
        let sum = v128_andnot(f64x2_add(self.sum[j], self.sum_err[j]), f64x2_eq(finite, zero));
        let (has_pos, has_neg) = (f64x2_gt(pos, zero), f64x2_gt(neg, zero));
        let value = match stat {
            Stat::Sum | Stat::Mean => {
                let mut total = v128_bitselect(inf, sum, has_pos);
                total = v128_bitselect(f64x2_neg(inf), total, has_neg);
                total = v128_bitselect(nan, total, v128_and(has_pos, has_neg));
                if stat == Stat::Sum {
                    total
                } else {
                    f64x2_div(total, present)
                }
            }
            Stat::Var | Stat::Std => {
                let d = f64x2_sub(f64x2_add(self.sq[j], self.sq_err[j]), f64x2_div(f64x2_mul(sum, sum), finite));
                // pmax: 0 where d is negative (or NaN, which the mask below replaces anyway).
                let variance = f64x2_div(f64x2_pmax(d, zero), f64x2_sub(finite, f64x2_splat(ddof)));
                let undefined = v128_or(f64x2_le(finite, f64x2_splat(ddof)), v128_or(has_pos, has_neg));
                let v = if stat == Stat::Var { variance } else { f64x2_sqrt(variance) };
                v128_bitselect(nan, v, undefined)
            }
        };
        v128_bitselect(nan, value, f64x2_lt(present, f64x2_splat(min_periods)))
    }
}

/// Columns [c, c + CHUNK) of `x` (`len` rows of `cols`) into `out`, in f64x2 lanes.
#[inline(always)]
unsafe fn simd_chunk<T: Elem>(x: *const T, out: *mut T, len: usize, cols: usize, c: usize, window: usize, min_periods: f64, ddof: f64, stat: Stat) {
    let squares = stat == Stat::Var || stat == Stat::Std;
    let zero = f64x2_splat(0.0);
    let mut w = Lanes { present: [zero; VECS], pos_inf: [zero; VECS], neg_inf: [zero; VECS], sum: [zero; VECS], sum_err: [zero; VECS], sq: [zero; VECS], sq_err: [zero; VECS], shift: [zero; VECS] };
    if squares {
        let inf = f64x2_splat(f64::INFINITY);
        let mut count = [zero; VECS];
        for t in 0..len {
            for j in 0..VECS {
                let v = T::load2(x, t * cols + c + 2 * j);
                let finite = f64x2_lt(f64x2_abs(v), inf);
                w.shift[j] = f64x2_add(w.shift[j], v128_and(v, finite));
                count[j] = f64x2_add(count[j], v128_and(f64x2_splat(1.0), finite));
            }
        }
        for j in 0..VECS {
            w.shift[j] = f64x2_div(w.shift[j], f64x2_pmax(count[j], f64x2_splat(1.0)));
        }
    }
    for t in 0..len {
        w.update(x, t * cols + c, 1.0, squares);
        if t >= window {
            w.update(x, (t - window) * cols + c, -1.0, squares);
        }
        for j in 0..VECS {
            T::store2(out, t * cols + c + 2 * j, w.statistic(j, stat, min_periods, ddof));
        }
    }
}

/// One chunk of columns' windows.
#[derive(Clone, Copy)]
struct Windows {
    present: [f64; CHUNK],
    pos_inf: [f64; CHUNK],
    neg_inf: [f64; CHUNK],
    sum: [f64; CHUNK],
    sum_err: [f64; CHUNK],
    sq: [f64; CHUNK],
    sq_err: [f64; CHUNK],
    shift: [f64; CHUNK],
}

/// s + v in place, TwoSum's exact rounding error added to `err`.
#[inline(always)]
fn two_sum_into(s: &mut f64, err: &mut f64, v: f64) {
    let t = *s + v;
    let vv = t - *s;
    *err += (*s - (t - vv)) + (v - vv);
    *s = t;
}

impl Windows {
    /// Adds `row[i]` (sign 1) or takes it out (sign -1) of column i's window, for i < k.
    #[inline(always)]
    fn update<T: Elem>(&mut self, row: &[T], sign: f64, squares: bool) {
        for i in 0..row.len().min(CHUNK) {
            let v = row[i].get();
            let present = v == v;
            let pos = v == f64::INFINITY;
            let neg = v == f64::NEG_INFINITY;
            let finite = present && !pos && !neg;
            self.present[i] += if present { sign } else { 0.0 };
            self.pos_inf[i] += if pos { sign } else { 0.0 };
            self.neg_inf[i] += if neg { sign } else { 0.0 };
            let y = if finite { v - self.shift[i] } else { 0.0 };
            two_sum_into(&mut self.sum[i], &mut self.sum_err[i], sign * y);
            if squares {
                two_sum_into(&mut self.sq[i], &mut self.sq_err[i], sign * (y * y));
            }
        }
    }

    /// Column i's statistic, or NaN.
    #[inline(always)]
    fn statistic(&self, i: usize, stat: Stat, min_periods: f64, ddof: f64) -> f64 {
        let present = self.present[i];
        if present < min_periods {
            return f64::NAN;
        }
        let (pos, neg) = (self.pos_inf[i], self.neg_inf[i]);
        let finite = present - pos - neg;
        // An empty window sums to exactly 0, whatever the compensated sums carry.
        let sum = if finite == 0.0 { 0.0 } else { self.sum[i] + self.sum_err[i] };
        match stat {
            Stat::Sum | Stat::Mean => {
                let total = if pos > 0.0 {
                    if neg > 0.0 {
                        f64::NAN
                    } else {
                        f64::INFINITY
                    }
                } else if neg > 0.0 {
                    f64::NEG_INFINITY
                } else {
                    sum
                };
                if stat == Stat::Sum {
                    total
                } else {
                    total / present
                }
            }
            Stat::Var | Stat::Std => {
                if finite <= ddof || pos + neg > 0.0 {
                    return f64::NAN;
                }
                let d = self.sq[i] + self.sq_err[i] - sum * sum / finite;
                let variance = if d > 0.0 { d } else { 0.0 } / (finite - ddof);
                if stat == Stat::Var {
                    variance
                } else {
                    crate::math::sqrt(variance)
                }
            }
        }
    }
}

/// The statistic over columns [c0, c1) of `x` (`len` rows of `cols`), written by `put(index, value)`: the scalar path.
#[inline(always)]
fn rolling<T: Elem>(x: &[T], cols: usize, c0: usize, c1: usize, window: usize, min_periods: f64, ddof: f64, stat: Stat, mut put: impl FnMut(usize, T)) {
    let len = x.len() / cols;
    let squares = stat == Stat::Var || stat == Stat::Std;
    let mut c = c0;
    while c < c1 {
        let k = (c1 - c).min(CHUNK);
        let zero = [0.0; CHUNK];
        let mut w = Windows { present: zero, pos_inf: zero, neg_inf: zero, sum: zero, sum_err: zero, sq: zero, sq_err: zero, shift: zero };
        if squares {
            // Each column shifted by the mean of its finite values: no cancellation from a large level.
            let mut count = zero;
            for t in 0..len {
                let row = &x[t * cols + c..t * cols + c + k];
                for i in 0..k {
                    let v = row[i].get();
                    let finite = v - v == 0.0;
                    w.shift[i] += if finite { v } else { 0.0 };
                    count[i] += if finite { 1.0 } else { 0.0 };
                }
            }
            for i in 0..k {
                w.shift[i] /= if count[i] > 1.0 { count[i] } else { 1.0 };
            }
        }
        for t in 0..len {
            w.update(&x[t * cols + c..t * cols + c + k], 1.0, squares);
            if t >= window {
                let old = (t - window) * cols + c;
                w.update(&x[old..old + k], -1.0, squares);
            }
            for i in 0..k {
                put(t * cols + c + i, T::put(w.statistic(i, stat, min_periods, ddof)));
            }
        }
        c += k;
    }
}

macro_rules! rolling_entry {
    ($name:ident, $t:ty, $stat:expr, $what:literal) => {
        #[doc = concat!("Rolling ", $what, " of columns [c0, c1) of `len` rows of `cols` contiguous ", stringify!($t), " columns.")]
        ///
        /// # Safety
        /// `x` and `out` must be non-null, aligned to their element type, valid for
        /// `len*cols` elements (reads of `x`, writes of `out`) and not overlapping; no other
        /// thread writes `x` or touches columns [c0, c1) of `out` during the call, and
        /// c0 <= c1 <= cols. `ddof` is a float64 passed as its two 32-bit halves (the
        /// worker pool passes u32 arguments only).
        #[no_mangle]
        pub unsafe extern "C" fn $name(x: *const $t, out: *mut $t, len: u32, cols: u32, c0: u32, c1: u32, window: u32, min_periods: u32, ddof_lo: u32, ddof_hi: u32) {
            let (len, cols) = (len as usize, cols as usize);
            let ddof = f64::from_bits(((ddof_hi as u64) << 32) | ddof_lo as u64);
            if len == 0 || c0 >= c1 {
                return;
            }
            let (c0, c1) = (c0 as usize, c1 as usize);
            let full = c0 + (c1 - c0) / CHUNK * CHUNK;
            for c in (c0..full).step_by(CHUNK) {
                simd_chunk::<$t>(x, out, len, cols, c, window as usize, min_periods as f64, ddof, $stat);
            }
            let xs = core::slice::from_raw_parts(x, len * cols);
            rolling::<$t>(xs, cols, full, c1, window as usize, min_periods as f64, ddof, $stat, |i, v| *out.add(i) = v);
        }
    };
}

rolling_entry!(rolling_sum_f64, f64, Stat::Sum, "sum");
rolling_entry!(rolling_mean_f64, f64, Stat::Mean, "mean");
rolling_entry!(rolling_var_f64, f64, Stat::Var, "variance");
rolling_entry!(rolling_std_f64, f64, Stat::Std, "standard deviation");
rolling_entry!(rolling_sum_f32, f32, Stat::Sum, "sum");
rolling_entry!(rolling_mean_f32, f32, Stat::Mean, "mean");
rolling_entry!(rolling_var_f32, f32, Stat::Var, "variance");
rolling_entry!(rolling_std_f32, f32, Stat::Std, "standard deviation");

/// Rolling max (or min) of columns [c, c + k) by a monotonic deque per column: the window's
/// non-NaN row indices whose values decrease (for max) from the front, so the front is the
/// window's extreme; amortised O(1) per step. The k columns advance row by row together
/// (one read per row, as the sums); column i's deque is a ring of `cap` indices at
/// `deques[i * cap..]`, cap = the window's length + 1 (the window and the entering row).
#[inline(always)]
fn extreme_chunk<T: Elem>(x: &[T], cols: usize, c: usize, k: usize, window: usize, min_periods: usize, deques: &mut [u32], put: &mut impl FnMut(usize, T), max: bool) {
    let len = x.len() / cols;
    let cap = deques.len() / CHUNK;
    let mut head = [0usize; CHUNK];
    let mut tail = [0usize; CHUNK];
    let mut valid = [0usize; CHUNK];
    let at = |t: usize, i: usize| x[t * cols + c + i].get();
    for t in 0..len {
        for i in 0..k {
            let dq = &mut deques[i * cap..(i + 1) * cap];
            let v = at(t, i);
            if v == v {
                valid[i] += 1;
                // Entries no better than v can never be the window's extreme again.
                while tail[i] > head[i] {
                    let back = at(dq[(tail[i] - 1) % cap] as usize, i);
                    if (max && back > v) || (!max && back < v) {
                        break;
                    }
                    tail[i] -= 1;
                }
                dq[tail[i] % cap] = t as u32;
                tail[i] += 1;
            }
            if t >= window {
                let leaving = t - window;
                let old = at(leaving, i);
                if old == old {
                    valid[i] -= 1;
                }
                if tail[i] > head[i] && dq[head[i] % cap] as usize == leaving {
                    head[i] += 1;
                }
            }
            let value = if valid[i] > 0 && valid[i] >= min_periods { at(dq[head[i] % cap] as usize, i) } else { f64::NAN };
            put(t * cols + c + i, T::put(value));
        }
    }
}

macro_rules! extreme_entry {
    ($name:ident, $t:ty, $max:expr, $what:literal) => {
        #[doc = concat!("Rolling ", $what, " of columns [c0, c1) of `len` rows of `cols` contiguous ", stringify!($t), " columns.")]
        ///
        /// # Safety
        /// As the rolling sums', and `deques` must be aligned to 4 and valid for writes of
        /// `CHUNK * (window + 1)` u32 that no other thread touches during the call
        /// (`window` already at most `len`).
        #[no_mangle]
        pub unsafe extern "C" fn $name(x: *const $t, out: *mut $t, len: u32, cols: u32, c0: u32, c1: u32, window: u32, min_periods: u32, deques: *mut u32) {
            let (len, cols, window) = (len as usize, cols as usize, window as usize);
            if len == 0 || c0 >= c1 {
                return;
            }
            let xs = core::slice::from_raw_parts(x, len * cols);
            let dq = core::slice::from_raw_parts_mut(deques, CHUNK * (window + 1));
            let mut put = |i: usize, v: $t| *out.add(i) = v;
            let mut c = c0 as usize;
            while c < c1 as usize {
                let k = (c1 as usize - c).min(CHUNK);
                extreme_chunk::<$t>(xs, cols, c, k, window, min_periods as usize, dq, &mut put, $max);
                c += k;
            }
        }
    };
}

/// Bytes of deque scratch one call of the extreme entries needs for `window` (at most `len`).
#[no_mangle]
pub extern "C" fn rolling_extreme_scratch_bytes(window: u32) -> u32 {
    (CHUNK as u32) * (window + 1) * 4
}

extreme_entry!(rolling_min_f64, f64, false, "minimum");
extreme_entry!(rolling_max_f64, f64, true, "maximum");
extreme_entry!(rolling_min_f32, f32, false, "minimum");
extreme_entry!(rolling_max_f32, f32, true, "maximum");

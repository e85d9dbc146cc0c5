//! Black-Scholes-Merton implied volatility, one option at a time, as the js reference
//! computes it (src/backend/js/implied-vol.ts, whose comment and src/lib/implied-vol.ts's
//! give the method): the out-of-the-money twin by put-call parity, Corrado & Miller's
//! start (else Manaster & Koehler's), then Newton on ln(price) in w = 1/σ² inside a
//! bracket, bisecting (or doubling σ while the bracket has no top) when a step leaves it.
//! The same operations in the same order, so the two agree to the last few ulps of exp,
//! log and erfc. Each element stops on its own; the loop is bounded by `max_iter`.
//! Float32 data is solved in float64 and rounded once, as the reference does.
//!
//! Scalar per element: an element's work (some 7 pricings, each two erfc, two exp and a
//! log) dwarfs its 7 loads and 4 stores, and elements stop after different counts, which
//! f64x2 lanes would have to wait out.

use crate::math::{erfc, exp, log, sqrt};
use core::f64::consts::{FRAC_1_SQRT_2, PI};

/// A bracket narrower than 4 ulps of its volatility cannot be narrowed further.
const COLLAPSED: f64 = 4.0 * f64::EPSILON;

#[inline(always)]
fn fabs(x: f64) -> f64 {
    f64::from_bits(x.to_bits() & !(1u64 << 63))
}

/// JavaScript's Math.max: NaN if either is NaN (f64::max would drop it).
#[inline(always)]
fn max_nan(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a > b {
        a
    } else {
        b
    }
}

/// One option's fixed quantities, computed once rather than at every pricing (the same values).
struct Contract {
    sign: f64,
    log_moneyness: f64,
    sqrt_t: f64,
    t: f64,
    carry: f64,
    spot_disc: f64,
    strike_disc: f64,
    inv_sqrt_2pi: f64,
}

impl Contract {
    /// The out-of-the-money price and vega at `vol`, as risk.blackScholes computes them: NaN where σ or T is not positive.
    #[inline(always)]
    fn price_vega(&self, vol: f64) -> (f64, f64) {
        let sqrt_t = self.sqrt_t;
        let vol_sqrt_t = if vol > 0.0 && self.t > 0.0 { vol * sqrt_t } else { f64::NAN };
        let d1 = (self.log_moneyness + (self.carry + vol * vol * 0.5) * self.t) / vol_sqrt_t;
        let d2 = d1 - vol_sqrt_t;
        let n1 = erfc(self.sign * d1 * -FRAC_1_SQRT_2) * 0.5;
        let n2 = erfc(self.sign * d2 * -FRAC_1_SQRT_2) * 0.5;
        let price = self.sign * (self.spot_disc * n1 - self.strike_disc * n2);
        (price, self.spot_disc * (exp(d1 * d1 * -0.5) * self.inv_sqrt_2pi) * sqrt_t)
    }
}

/// (vol, converged 0/1, iterations, relative error) of one option; (NaN, 0, 0, 0) where no volatility fits.
fn solve(price: f64, s: f64, k: f64, t: f64, r: f64, q: f64, call: bool, tolerance: f64, max_iter: u32) -> [f64; 4] {
    let spot_disc = s * exp(-(q * t));
    let strike_disc = k * exp(-(r * t));
    let gap = spot_disc - strike_disc;
    let in_the_money = if call { gap > 0.0 } else { gap < 0.0 };
    let otm_call = call != in_the_money;
    let target = if in_the_money { price - fabs(gap) } else { price };
    let upper = if otm_call { spot_disc } else { strike_disc };
    if !(target > 0.0 && target < upper && t.is_finite()) {
        return [f64::NAN, 0.0, 0.0, 0.0];
    }
    let c = if otm_call { target } else { target + gap };
    let h = c - gap * 0.5;
    let disc = h * h - (gap * gap) / PI;
    let corrado_miller = (h + sqrt(max_nan(disc, 0.0))) * sqrt(2.0 * PI) / (spot_disc + strike_disc) / sqrt(t);
    let mut vol = if disc >= 0.0 && corrado_miller > 0.0 {
        corrado_miller
    } else {
        max_nan(sqrt(fabs(log(spot_disc / strike_disc)) * 2.0 / t), 0.2)
    };
    let o = Contract {
        sign: if otm_call { 1.0 } else { -1.0 },
        log_moneyness: log(s / k),
        sqrt_t: sqrt(t),
        t,
        carry: r - q,
        spot_disc,
        strike_disc,
        inv_sqrt_2pi: 1.0 / sqrt(2.0 * PI),
    };
    let log_target = log(target);
    let (mut lo, mut hi) = (0.0, f64::INFINITY);
    let mut iterations = 0u32;
    let mut diff = f64::NAN;
    let mut stopped = false;
    while iterations < max_iter {
        let (model, vega) = o.price_vega(vol);
        diff = model - target;
        iterations += 1;
        if diff > 0.0 {
            hi = vol;
        } else if diff < 0.0 {
            lo = vol;
        }
        if fabs(diff) <= target * tolerance || hi - lo <= vol * COLLAPSED {
            stopped = true;
            break;
        }
        let w = 1.0 / (vol * vol) + (log(model) - log_target) * model * 2.0 / (vega * (vol * vol * vol));
        let newton = if w > 0.0 { 1.0 / sqrt(w) } else { f64::NAN };
        vol = if newton > lo && newton < hi {
            newton
        } else if hi == f64::INFINITY {
            vol * 2.0
        } else {
            (lo + hi) * 0.5
        };
    }
    if !stopped {
        diff = o.price_vega(vol).0 - target;
    }
    let relative_error = fabs(diff) / target;
    [vol, if relative_error <= tolerance { 1.0 } else { 0.0 }, iterations as f64, relative_error]
}

/// A stored element read and written as float64.
trait Elem: Copy {
    fn get(self) -> f64;
    fn put(v: f64) -> Self;
}

impl Elem for f64 {
    fn get(self) -> f64 {
        self
    }
    fn put(v: f64) -> f64 {
        v
    }
}

impl Elem for f32 {
    fn get(self) -> f64 {
        self as f64
    }
    fn put(v: f64) -> f32 {
        v as f32
    }
}

/// Elements [start, end) of the seven inputs at the addresses in `inputs` into the four rows of `out`.
unsafe fn solve_range<T: Elem>(inputs: *const u32, out: *mut T, n: usize, start: usize, end: usize, tolerance: f64, max_iter: u32) {
    let column = |j: usize| *inputs.add(j) as usize as *const T;
    let [price, s, k, t, r, q, call] = [column(0), column(1), column(2), column(3), column(4), column(5), column(6)];
    for i in start..end {
        let at = |p: *const T| (*p.add(i)).get();
        let row = solve(at(price), at(s), at(k), at(t), at(r), at(q), at(call) != 0.0, tolerance, max_iter);
        for (j, v) in row.iter().enumerate() {
            *out.add(j * n + i) = T::put(*v);
        }
    }
}

macro_rules! implied_vol_entry {
    ($name:ident, $t:ty) => {
        #[doc = concat!("Implied volatility of elements [start, end) of `n` ", stringify!($t), " options.")]
        ///
        /// # Safety
        /// `inputs` must point at 7 u32 byte addresses (price, spot, strike, time, rate,
        /// dividend, call as 0 or 1), each of `n` elements aligned to their type and valid for
        /// reads; `out` must be aligned and valid for writes of `4 * n` elements (rows vol,
        /// converged, iterations, relative error) that no other thread touches in
        /// [start, end) of each row during the call, and not overlap the inputs;
        /// start <= end <= n. `tolerance` is a float64 passed as its two 32-bit halves (the
        /// worker pool passes u32 arguments only).
        #[no_mangle]
        pub unsafe extern "C" fn $name(inputs: *const u32, out: *mut $t, n: u32, start: u32, end: u32, tol_lo: u32, tol_hi: u32, max_iter: u32) {
            let tolerance = f64::from_bits(((tol_hi as u64) << 32) | tol_lo as u64);
            solve_range::<$t>(inputs, out, n as usize, start as usize, end as usize, tolerance, max_iter);
        }
    };
}

implied_vol_entry!(implied_vol_f64, f64);
implied_vol_entry!(implied_vol_f32, f32);

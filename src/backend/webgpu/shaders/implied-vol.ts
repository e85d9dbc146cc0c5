// Generated from shaders/implied-vol.wgsl by scripts/gen-shaders.ts (npm run build): edit the .wgsl, not this file.
export const impliedVol = `// Implied-volatility template (Black-Scholes-Merton; the js reference is
// src/backend/js/implied-vol.ts, whose comment and src/lib/implied-vol.ts's give the
// method). src/backend/webgpu/wgsl/implied-vol.ts replaces the body of each region between
// \`// @name\` and \`// @end\`; as written here (1024 options read from one array of 7 rows,
// with plain stand-ins for the library's exp, log, erfc and sqrt) the file is valid WGSL.
//
// One invocation per option runs the whole iteration in f32: the out-of-the-money twin by
// put-call parity, Corrado & Miller's start (else Manaster & Koehler's), then Newton on
// ln(price) in w = 1/σ² inside a bracket, bisecting (or doubling σ while the bracket has
// no top) when a step leaves it, until the price is within tolerance, the bracket is
// narrower than 4 ulps of f32, or IV_MAX_ITERATIONS. It writes the rows vol, converged
// (0/1), iterations and relative error. NaN is told by its bits and the open top of the
// bracket by a flag: WGSL's float comparisons and infinities need not honour IEEE.

// @sizes
const WG: u32 = 64u;
const IV_N: u32 = 1024u;
const IV_TOLERANCE: f32 = 1e-6f;
const IV_MAX_ITERATIONS: u32 = 50u;
// @end

// @bindings
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
// @end

// @math
// A user function is never const-evaluated: q_f32(IV_NAN) is a NaN where bitcast<f32>(IV_NAN) would fail shader creation.
fn q_f32(bits: u32) -> f32 { return bitcast<f32>(bits); }
fn q_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn q_exp(x: f32) -> f32 { return exp(x); }
fn q_log(x: f32) -> f32 { return log(x); }
fn q_sqrt(x: f32) -> f32 { return sqrt(x); }
// Abramowitz & Stegun 7.1.26, a stand-in only: the kernel uses the library's erfc.
fn q_erfc(x: f32) -> f32 {
  let t = 1.0f / (1.0f + 0.3275911f * abs(x));
  let e = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f)))) * exp(-x * x);
  return select(2.0f - e, e, x >= 0.0f);
}
// @end

struct Quote { price: f32, spot: f32, strike: f32, time: f32, rate: f32, dividend: f32, call: bool }

// @fused-prologue
fn iv_quote(pos: u32) -> Quote {
  return Quote(src[pos], src[IV_N + pos], src[2u * IV_N + pos], src[3u * IV_N + pos], src[4u * IV_N + pos], src[5u * IV_N + pos], src[6u * IV_N + pos] != 0.0f);
}
// @end

// @op
fn iv_store(pos: u32, row: u32, v: f32) { dst[row * IV_N + pos] = v; }
// @end

const IV_NAN: u32 = 0x7fc00000u;
const IV_PI: f32 = 3.14159265358979f;
const IV_SQRT_2PI: f32 = 2.50662827463100f;
const IV_SQRT1_2: f32 = 0.707106781186548f;
/** 4 ulps of f32 at 1: a bracket this much narrower than σ cannot be narrowed further. */
const IV_COLLAPSED: f32 = 4.76837158203125e-7f;

struct Model { price: f32, vega: f32 }

/** The out-of-the-money price and vega at vol, as risk.blackScholes computes them; NaN where σ or T is not positive. */
fn iv_model(q: Quote, side: f32, spot_disc: f32, strike_disc: f32, vol: f32) -> Model {
  let sqrt_t = q_sqrt(q.time);
  let vol_sqrt_t = select(q_f32(IV_NAN), vol * sqrt_t, vol > 0.0f && q.time > 0.0f);
  let d1 = (q_log(q.spot / q.strike) + (q.rate - q.dividend + vol * vol * 0.5f) * q.time) / vol_sqrt_t;
  let d2 = d1 - vol_sqrt_t;
  let n1 = q_erfc(side * d1 * -IV_SQRT1_2) * 0.5f;
  let n2 = q_erfc(side * d2 * -IV_SQRT1_2) * 0.5f;
  return Model(side * (spot_disc * n1 - strike_disc * n2), spot_disc * (q_exp(d1 * d1 * -0.5f) / IV_SQRT_2PI) * sqrt_t);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let pos = gid.x + gid.y * (nwg.x * WG);
  if (pos >= IV_N) { return; }
  let q = iv_quote(pos);
  let spot_disc = q.spot * q_exp(-(q.dividend * q.time));
  let strike_disc = q.strike * q_exp(-(q.rate * q.time));
  let gap = spot_disc - strike_disc;
  let in_the_money = select((gap < 0.0f), (gap > 0.0f), q.call) && !q_isnan(gap);
  let otm_call = q.call != in_the_money;
  let goal = select(q.price, q.price - abs(gap), in_the_money);
  let upper = select(strike_disc, spot_disc, otm_call);
  let finite_time = (bitcast<u32>(q.time) & 0x7fffffffu) < 0x7f800000u;
  if (q_isnan(goal) || q_isnan(upper) || !(goal > 0.0f && goal < upper && finite_time)) {
    iv_store(pos, 0u, q_f32(IV_NAN));
    iv_store(pos, 1u, 0.0f);
    iv_store(pos, 2u, 0.0f);
    iv_store(pos, 3u, 0.0f);
    return;
  }
  let c = select(goal + gap, goal, otm_call);
  let h = c - gap * 0.5f;
  let disc = h * h - (gap * gap) / IV_PI;
  let corrado_miller = (h + q_sqrt(max(disc, 0.0f))) * IV_SQRT_2PI / (spot_disc + strike_disc) / q_sqrt(q.time);
  let manaster_koehler = max(q_sqrt(abs(q_log(spot_disc / strike_disc)) * 2.0f / q.time), 0.2f);
  var vol = select(manaster_koehler, corrado_miller, disc >= 0.0f && corrado_miller > 0.0f);
  let side = select(-1.0f, 1.0f, otm_call);
  let log_target = q_log(goal);
  var lo = 0.0f;
  var hi = 0.0f;
  var bounded = false;
  var iterations = 0u;
  var diff = q_f32(IV_NAN);
  var stopped = false;
  while (iterations < IV_MAX_ITERATIONS) {
    let m = iv_model(q, side, spot_disc, strike_disc, vol);
    diff = m.price - goal;
    iterations++;
    if (diff > 0.0f) {
      hi = vol;
      bounded = true;
    } else if (diff < 0.0f) {
      lo = vol;
    }
    if (abs(diff) <= goal * IV_TOLERANCE || (bounded && hi - lo <= vol * IV_COLLAPSED)) {
      stopped = true;
      break;
    }
    let w = 1.0f / (vol * vol) + (q_log(m.price) - log_target) * m.price * 2.0f / (m.vega * (vol * vol * vol));
    let newton = select(q_f32(IV_NAN), 1.0f / q_sqrt(w), w > 0.0f);
    if (!q_isnan(newton) && newton > lo && (!bounded || newton < hi)) {
      vol = newton;
    } else if (!bounded) {
      vol = vol * 2.0f;
    } else {
      vol = (lo + hi) * 0.5f;
    }
  }
  if (!stopped) {
    diff = iv_model(q, side, spot_disc, strike_disc, vol).price - goal;
  }
  let relative_error = abs(diff) / goal;
  iv_store(pos, 0u, vol);
  iv_store(pos, 1u, select(0.0f, 1.0f, relative_error <= IV_TOLERANCE));
  iv_store(pos, 2u, f32(iterations));
  iv_store(pos, 3u, relative_error);
}
`;

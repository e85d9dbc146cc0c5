import type { Helper } from './helpers.js';
import { f32, f32bits } from './literals.js';

/**
 * exp, exp2, expm1, log, log2, log10 and log1p in f32, ported from musl's single-precision
 * functions (which descend from FreeBSD's e_expf.c, s_expm1f.c, e_logf.c, e_log2f.c,
 * e_log10f.c and s_log1pf.c; SunPro notice: "Developed at SunPro, a Sun Microsystems, Inc.
 * business. Permission to use, copy, modify, and distribute this software is freely
 * granted, provided that this notice is preserved."). WGSL's builtins are not usable for
 * NumPy semantics on every adapter: on SwiftShader `log` near 1 is 3,400 ulp off, `exp`
 * maps NaN to Inf and sinh/tanh near 0 lose every digit. These ports are within 1-2 ulp
 * of the correctly rounded f32 result and handle NaN, +-Inf and +-0 by their bits.
 */
const LN2_HI = f32bits(0x3f317180);
const LN2_LO = f32bits(0x3717f7d1);
const INV_LN2 = f32bits(0x3fb8aa3b);
// Lg1..Lg4: |(log(1+s)-log(1-s))/s - Lg(s)| < 2**-34.24 on the reduced range.
const LG1 = f32(0xaaaaaa * 2 ** -24);
const LG2 = f32(0xccce13 * 2 ** -25);
const LG3 = f32(0x91e9ee * 2 ** -25);
const LG4 = f32(0xf89e26 * 2 ** -26);

export const EXP_LOG: Record<string, Helper> = {
  q_exp: {
    deps: ['q_f32', 'q_scalbn'],
    code: `
fn q_exp(x_in: f32) -> f32 {
  var x = x_in;
  let bits = bitcast<u32>(x);
  let sign = bits >> 31u;
  let hx = bits & 0x7fffffffu;
  if (hx >= 0x42aeac50u) {
    if (hx > 0x7f800000u) { return x; }
    if (hx >= 0x42b17218u && sign == 0u) { return q_f32(0x7f800000u); }
    if (sign != 0u && hx >= 0x42cff1b5u) { return 0.0f; }
  }
  var k = 0i;
  var hi = 0.0f;
  var lo = 0.0f;
  if (hx > 0x3eb17218u) {
    if (hx > 0x3f851592u) {
      k = i32(${INV_LN2} * x + select(0.5f, -0.5f, sign != 0u));
    } else {
      k = 1 - 2 * i32(sign);
    }
    let kf = f32(k);
    hi = x - kf * ${f32bits(0x3f317200)};
    lo = kf * ${f32bits(0x35bfbe8e)};
    x = hi - lo;
  } else if (hx > 0x39000000u) {
    hi = x;
  } else {
    return 1.0f + x;
  }
  let xx = x * x;
  let c = x - xx * (${f32(1.666662544e-1)} + xx * ${f32(-2.7667332906e-3)});
  let y = 1.0f + (x * c / (2.0f - c) - lo + hi);
  if (k == 0) { return y; }
  return q_scalbn(y, k);
}`,
  },
  /** 2^x = 2^k * e^(f ln 2) with x = k + f exactly, so integer x gives exact powers of two. */
  q_exp2: {
    deps: ['q_exp', 'q_isnan', 'q_f32', 'q_scalbn'],
    code: `
fn q_exp2(x: f32) -> f32 {
  if (q_isnan(x)) { return x; }
  if (x >= 128.0f) { return q_f32(0x7f800000u); }
  if (x < -150.0f) { return 0.0f; }
  let k = round(x);
  return q_scalbn(q_exp((x - k) * ${f32(Math.LN2)}), i32(k));
}`,
  },
  q_expm1: {
    deps: ['q_f32'],
    code: `
fn q_expm1(x_in: f32) -> f32 {
  var x = x_in;
  let bits = bitcast<u32>(x);
  let hx = bits & 0x7fffffffu;
  let neg = (bits >> 31u) != 0u;
  if (hx >= 0x4195b844u) {
    if (hx > 0x7f800000u) { return x; }
    if (neg) { return -1.0f; }
    if (hx > 0x42b17180u) { return q_f32(0x7f800000u); }
  }
  var k = 0i;
  var c = 0.0f;
  if (hx > 0x3eb17218u) {
    var hi: f32;
    var lo: f32;
    if (hx < 0x3f851592u) {
      if (!neg) { hi = x - ${LN2_HI}; lo = ${LN2_LO}; k = 1; }
      else { hi = x + ${LN2_HI}; lo = -${LN2_LO}; k = -1; }
    } else {
      k = i32(${INV_LN2} * x + select(0.5f, -0.5f, neg));
      let t = f32(k);
      hi = x - t * ${LN2_HI};
      lo = t * ${LN2_LO};
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x33000000u) {
    return x;
  }
  let hfx = 0.5f * x;
  let hxs = x * hfx;
  let r1 = 1.0f + hxs * (${f32(-0x888868 * 2 ** -28)} + hxs * ${f32(0xcf3010 * 2 ** -33)});
  let t = 3.0f - r1 * hfx;
  var e = hxs * ((r1 - t) / (6.0f - x * t));
  if (k == 0) { return x - (x * e - hxs); }
  e = x * (e - c) - c;
  e = e - hxs;
  if (k == -1) { return 0.5f * (x - e) - 0.5f; }
  if (k == 1) {
    if (x < -0.25f) { return -2.0f * (e - (x + 0.5f)); }
    return 1.0f + 2.0f * (x - e);
  }
  let twopk = bitcast<f32>(u32(0x7f + k) << 23u);
  if (k < 0 || k > 56) {
    var y = x - e + 1.0f;
    if (k == 128) { y = y * 2.0f * 0x1p127f; } else { y = y * twopk; }
    return y - 1.0f;
  }
  let tk = bitcast<f32>(u32(0x7f - k) << 23u);
  if (k < 23) { return (x - e + (1.0f - tk)) * twopk; }
  return (x - (e + tk) + 1.0f) * twopk;
}`,
  },
  /**
   * log's argument reduction, shared by log, log2 and log10: x = 2^k * (1 + f) with
   * 1 + f in [sqrt(2)/2, sqrt(2)). Where the answer is the same for all three (0, 1,
   * negatives, +Inf, NaN) it is returned in \`value\` with \`special\` set.
   */
  q_log_arg: {
    deps: ['q_f32'],
    code: `
struct q_LogArg { f: f32, k: f32, special: bool, value: f32 }
fn q_log_arg(x_in: f32) -> q_LogArg {
  var x = x_in;
  var ix = bitcast<u32>(x);
  var k = 0i;
  if (ix < 0x00800000u || (ix >> 31u) != 0u) {
    if ((ix << 1u) == 0u) { return q_LogArg(0.0f, 0.0f, true, q_f32(0xff800000u)); }
    if ((ix >> 31u) != 0u) { return q_LogArg(0.0f, 0.0f, true, q_f32(0x7fc00000u)); }
    k = -25;
    x = x * 0x1p25f;
    ix = bitcast<u32>(x);
  } else if (ix >= 0x7f800000u) {
    return q_LogArg(0.0f, 0.0f, true, x);
  } else if (ix == 0x3f800000u) {
    return q_LogArg(0.0f, 0.0f, true, 0.0f);
  }
  ix = ix + (0x3f800000u - 0x3f3504f3u);
  k = k + i32(ix >> 23u) - 0x7f;
  ix = (ix & 0x007fffffu) + 0x3f3504f3u;
  return q_LogArg(bitcast<f32>(ix) - 1.0f, f32(k), false, 0.0f);
}`,
  },
  /** s = f / (2 + f) and R(s) ~ log(1 + f) - 2s - s*f... terms, as the fdlibm functions share them. */
  q_log_poly: {
    code: `
struct q_LogPoly { s: f32, hfsq: f32, r: f32 }
fn q_log_poly(f: f32) -> q_LogPoly {
  let s = f / (2.0f + f);
  let z = s * s;
  let w = z * z;
  let t1 = w * (${LG2} + w * ${LG4});
  let t2 = z * (${LG1} + w * ${LG3});
  return q_LogPoly(s, 0.5f * f * f, t2 + t1);
}`,
  },
  q_log: {
    deps: ['q_log_arg', 'q_log_poly'],
    code: `
fn q_log(x: f32) -> f32 {
  let a = q_log_arg(x);
  if (a.special) { return a.value; }
  let p = q_log_poly(a.f);
  return p.s * (p.hfsq + p.r) + a.k * ${LN2_LO} - p.hfsq + a.f + a.k * ${LN2_HI};
}`,
  },
  /** f - f²/2 split so its high part has 12 bits: multiplying it by a 12-bit constant is exact. */
  q_log_split: {
    deps: ['q_log_poly'],
    code: `
fn q_log_split(f: f32) -> vec2<f32> {
  let p = q_log_poly(f);
  let hi = bitcast<f32>(bitcast<u32>(f - p.hfsq) & 0xfffff000u);
  let lo = f - hi - p.hfsq + p.s * (p.hfsq + p.r);
  return vec2<f32>(hi, lo);
}`,
  },
  q_log2: {
    deps: ['q_log_arg', 'q_log_split'],
    code: `
fn q_log2(x: f32) -> f32 {
  let a = q_log_arg(x);
  if (a.special) { return a.value; }
  let h = q_log_split(a.f);
  return (h.y + h.x) * ${f32bits(0xb9389ad4)} + h.y * ${f32bits(0x3fb8b000)} + h.x * ${f32bits(0x3fb8b000)} + a.k;
}`,
  },
  q_log10: {
    deps: ['q_log_arg', 'q_log_split'],
    code: `
fn q_log10(x: f32) -> f32 {
  let a = q_log_arg(x);
  if (a.special) { return a.value; }
  let h = q_log_split(a.f);
  return a.k * ${f32bits(0x355427db)} + (h.y + h.x) * ${f32bits(0xb804ead9)} + h.y * ${f32bits(0x3ede6000)} + h.x * ${f32bits(0x3ede6000)} + a.k * ${f32bits(0x3e9a2080)};
}`,
  },
  q_log1p: {
    deps: ['q_f32', 'q_log_poly'],
    code: `
fn q_log1p(x: f32) -> f32 {
  let ix = bitcast<u32>(x);
  var k = 1i;
  var c = 0.0f;
  var f = 0.0f;
  if (ix < 0x3ed413d0u || (ix >> 31u) != 0u) {
    if (ix >= 0xbf800000u) {
      if (x == -1.0f) { return q_f32(0xff800000u); }
      return q_f32(0x7fc00000u);
    }
    if ((ix << 1u) < (0x33800000u << 1u)) { return x; }
    if (ix <= 0xbe95f619u) { k = 0; f = x; }
  } else if (ix >= 0x7f800000u) {
    return x;
  }
  if (k != 0) {
    let u = 1.0f + x;
    var iu = bitcast<u32>(u) + (0x3f800000u - 0x3f3504f3u);
    k = i32(iu >> 23u) - 0x7f;
    if (k < 25) {
      c = select(x - (u - 1.0f), 1.0f - (u - x), k >= 2);
      c = c / u;
    }
    iu = (iu & 0x007fffffu) + 0x3f3504f3u;
    f = bitcast<f32>(iu) - 1.0f;
  }
  let p = q_log_poly(f);
  let dk = f32(k);
  return p.s * (p.hfsq + p.r) + (dk * ${LN2_LO} + c) - p.hfsq + f + dk * ${LN2_HI};
}`,
  },
};

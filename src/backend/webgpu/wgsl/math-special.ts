import { EFX, ERX, PA, PP, QA, QQ, RA, RB, SA, SB } from '../../../kernel/erf-coefficients.js';
import type { Helper } from './helpers.js';
import { f32, f32bits } from './literals.js';

/**
 * The rest of the float library in f32: sqrt with its edge cases, cbrt, the hyperbolic
 * functions (musl's sinhf/coshf/tanhf over expm1), erf/erfc (the reference's fdlibm
 * s_erf.c method, kernel/special.ts, with the coefficients of kernel/erf-coefficients.ts
 * rounded to f32) and hypot (the reference's FMA-free Borges method). Division is in
 * math-div.ts, pow in math-pow.ts.
 * SunPro notice for the fdlibm-derived code: "Developed at SunPro, a Sun Microsystems,
 * Inc. business. Permission to use, copy, modify, and distribute this software is freely
 * granted, provided that this notice is preserved."
 */

/** c[0] + t*(c[1] + t*(...)) with exact f32 constants. */
const horner = (c: readonly number[], t: string): string =>
  c.reduceRight((acc, k, i) => (i === c.length - 1 ? f32(k) : `(${f32(k)} + ${t} * ${acc})`), '');

export const SPECIAL: Record<string, Helper> = {
  q_sqrt: {
    deps: ['q_isnan', 'q_isinf', 'q_f32'],
    code: `
fn q_sqrt(x: f32) -> f32 {
  if (q_isnan(x) || x == 0.0f || (q_isinf(x) && x > 0.0f)) { return x; }
  if (x < 0.0f) { return q_f32(0x7fc00000u); }
  return sqrt(x);
}`,
  },
  /** |x| = m * 2^(3k) with m in [1, 8); two of musl's cubically convergent steps from a 5-bit guess. */
  q_cbrt: {
    deps: ['q_abs', 'q_pow2', 'q_two_prod'],
    code: `
fn q_cbrt(x: f32) -> f32 {
  let hx = bitcast<u32>(x) & 0x7fffffffu;
  if (hx >= 0x7f800000u || hx == 0u) { return x; }
  var ax = q_abs(x);
  var adjust = 0i;
  if (hx < 0x00800000u) { ax = ax * 0x1p24f; adjust = -8; }
  let b = bitcast<u32>(ax);
  let ex = i32((b >> 23u) & 0xffu) - 127;
  let k = select(ex / 3, (ex - 2) / 3, ex < 0);
  let m = bitcast<f32>((b & 0x007fffffu) | (u32(ex - 3 * k + 127) << 23u));
  var t = bitcast<f32>(bitcast<u32>(m) / 3u + 709958130u);
  var r = t * t * t;
  t = t * (m + m + r) / (m + r + r);
  r = t * t * t;
  t = t * (m + m + r) / (m + r + r);
  // One Newton step with the exact residual t^3 - m: the last bit comes out right.
  let t2 = q_two_prod(t, t);
  let t3 = q_two_prod(t2.x, t);
  t = t - ((t3.x - m) + (t3.y + t2.y * t)) / (3.0f * t2.x);
  let v = t * q_pow2(k + adjust);
  return select(v, -v, x < 0.0f);
}`,
  },
  /**
   * e^x / 2 for x from 88.7 (where e^x overflows) to 89.4 (where e^x / 2 does), as
   * e^(x - ln2_hi) * e^-ln2_lo: x - ln2_hi is exact there (both multiples of 2^-17), and
   * there is no product of large constants for a compiler to fold into an overflow
   * (Mesa reassociates (y * 2^117) * 2^117 into y * 2^234 = Inf).
   */
  q_exp_half: {
    deps: ['q_exp'],
    code: `
fn q_exp_half(x: f32) -> f32 {
  return q_exp(x - ${f32bits(0x3f317180)}) * ${f32(Math.exp(-(Math.LN2 - Math.fround(0.693138122558594))))};
}`,
  },
  q_sinh: {
    deps: ['q_expm1', 'q_exp_half', 'q_abs'],
    code: `
fn q_sinh(x: f32) -> f32 {
  let h = select(0.5f, -0.5f, (bitcast<u32>(x) >> 31u) != 0u);
  let ax = q_abs(x);
  let w = bitcast<u32>(ax);
  if (w < 0x42b17217u) {
    let t = q_expm1(ax);
    if (w < 0x3f800000u) {
      if (w < 0x3f800000u - (12u << 23u)) { return x; }
      return h * (2.0f * t - t * t / (t + 1.0f));
    }
    return h * (t + t / (t + 1.0f));
  }
  let v = q_exp_half(ax);
  return select(v, -v, h < 0.0f);
}`,
  },
  q_cosh: {
    deps: ['q_expm1', 'q_exp', 'q_exp_half', 'q_abs'],
    code: `
fn q_cosh(x_in: f32) -> f32 {
  let x = q_abs(x_in);
  let w = bitcast<u32>(x);
  if (w < 0x3f317217u) {
    if (w < 0x3f800000u - (12u << 23u)) { return 1.0f; }
    let t = q_expm1(x);
    return 1.0f + t * t / (2.0f * (1.0f + t));
  }
  if (w < 0x42b17217u) {
    let t = q_exp(x);
    return 0.5f * (t + 1.0f / t);
  }
  return q_exp_half(x);
}`,
  },
  q_tanh: {
    deps: ['q_expm1', 'q_isnan', 'q_abs'],
    code: `
fn q_tanh(x_in: f32) -> f32 {
  if (q_isnan(x_in)) { return x_in; }
  let neg = (bitcast<u32>(x_in) >> 31u) != 0u;
  let x = q_abs(x_in);
  let w = bitcast<u32>(x);
  var t: f32;
  if (w > 0x3f0c9f54u) {
    if (w > 0x41200000u) { t = 1.0f; }
    else { t = q_expm1(2.0f * x); t = 1.0f - 2.0f / (t + 2.0f); }
  } else if (w > 0x3e82c578u) {
    t = q_expm1(2.0f * x);
    t = t / (t + 2.0f);
  } else if (w >= 0x00800000u) {
    t = q_expm1(-2.0f * x);
    t = -t / (t + 2.0f);
  } else {
    t = x;
  }
  return select(t, -t, neg);
}`,
  },
  q_erf_parts: {
    deps: ['q_exp'],
    code: `
fn q_erf_small(x: f32) -> f32 {
  let z = x * x;
  return x * (${horner(PP, 'z')} / ${horner(QQ, 'z')});
}
fn q_erf_near_one(ax: f32) -> f32 {
  let s = ax - 1.0f;
  return ${horner(PA, 's')} / ${horner(QA, 's')};
}
// erfc(x) for 1.25 <= x < 10.1 (past that an f32 erfc is 0). z keeps 7 fractional bits of x,
// so z*z and -z*z - 0.5625 are exact in f32 and the rounding of x*x never reaches the result.
fn q_erfc_tail(x: f32) -> f32 {
  let s = 1.0f / (x * x);
  var rs: f32;
  if (x < ${f32(1 / 0.35)}) { rs = ${horner(RA, 's')} / ${horner(SA, 's')}; }
  else { rs = ${horner(RB, 's')} / ${horner(SB, 's')}; }
  let z = floor(x * 128.0f) / 128.0f;
  return q_exp(-z * z - 0.5625f) * q_exp((z - x) * (z + x) + rs) / x;
}`,
  },
  q_erf: {
    deps: ['q_isnan', 'q_abs', 'q_erf_parts'],
    code: `
fn q_erf(x: f32) -> f32 {
  if (q_isnan(x)) { return x; }
  let ax = q_abs(x);
  if (ax < 0.84375f) {
    if (ax < 0x1p-14f) { return x + ${f32(EFX)} * x; }
    return x + q_erf_small(x);
  }
  if (ax < 1.25f) {
    let v = ${f32(ERX)} + q_erf_near_one(ax);
    return select(v, -v, x < 0.0f);
  }
  if (ax >= 6.0f) { return select(1.0f, -1.0f, x < 0.0f); }
  let t = q_erfc_tail(ax);
  return select(1.0f - t, t - 1.0f, x < 0.0f);
}`,
  },
  q_erfc: {
    deps: ['q_isnan', 'q_abs', 'q_erf_parts'],
    code: `
fn q_erfc(x: f32) -> f32 {
  if (q_isnan(x)) { return x; }
  let ax = q_abs(x);
  if (ax < 0.84375f) {
    if (ax < 0x1p-26f) { return 1.0f - x; }
    let r = q_erf_small(x);
    if (x < 0.25f) { return 1.0f - (x + r); }
    return 0.5f - (r + (x - 0.5f));
  }
  if (ax < 1.25f) {
    let e = q_erf_near_one(ax);
    if (x > 0.0f) { return 1.0f - ${f32(ERX)} - e; }
    return 1.0f + (${f32(ERX)} + e);
  }
  if (x > 0.0f) {
    if (x < 10.1f) { return q_erfc_tail(x); }
    return 0.0f;
  }
  if (ax < 6.0f) { return 2.0f - q_erfc_tail(ax); }
  return 2.0f;
}`,
  },
  /** sqrt of the double-f32 sum of squares plus one Newton step with the exact residual; Inf wins over NaN. */
  q_hypot: {
    deps: ['q_abs', 'q_isinf', 'q_isnan', 'q_f32', 'q_two_prod', 'q_scalbn'],
    code: `
fn q_hypot(a: f32, b: f32) -> f32 {
  var x = q_abs(a);
  var y = q_abs(b);
  if (q_isinf(x) || q_isinf(y)) { return q_f32(0x7f800000u); }
  if (q_isnan(x) || q_isnan(y)) { return q_f32(0x7fc00000u); }
  if (x < y) { let t = x; x = y; y = t; }
  if (y <= x * 0x1p-13f) { return x; }
  // Scale exactly so that x is in [1, 2): squares and their error terms stay normal.
  var k = 0i;
  if ((bitcast<u32>(x) >> 23u) == 0u) { x = q_scalbn(x, 64); y = q_scalbn(y, 64); k = -64; }
  let ex = i32(bitcast<u32>(x) >> 23u) - 127;
  x = q_scalbn(x, -ex);
  y = q_scalbn(y, -ex);
  let x2 = q_two_prod(x, x);
  let y2 = q_two_prod(y, y);
  let sum = x2.x + y2.x;
  let sum_err = x2.x - sum + y2.x;
  let h = sqrt(sum);
  let h2 = q_two_prod(h, h);
  let residual = sum - h2.x - h2.y + (x2.y + y2.y + sum_err);
  return q_scalbn(h + residual / (2.0f * h), k + ex);
}`,
  },
};

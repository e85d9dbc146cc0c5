import type { Helper } from './helpers.js';
import { f32, f32bits } from './literals.js';

/**
 * sin, cos, tan and their inverses in f32. The kernels and inverse functions are
 * fdlibm's single-precision ones (k_sinf.c, k_cosf.c, as kept in musl's asinf.c, acosf.c,
 * atanf.c, atan2f.c; SunPro notice: "Developed at SunPro, a Sun Microsystems, Inc.
 * business. Permission to use, copy, modify, and distribute this software is freely
 * granted, provided that this notice is preserved."). Argument reduction is Payne and
 * Hanek's with 32-bit integer arithmetic (fdlibm reduces f32 in double, which WGSL lacks):
 * any finite x maps to r in [-pi/4, pi/4] as an f32 pair with ~40 correct bits, so
 * sin(1e6) is as accurate as sin(1). SwiftShader's builtin sin is 4e7 ulp off at 1e4.
 */

/** 2/pi's fraction in 32-bit words (computed from pi by Machin's formula; test/webgpu/math checks them). */
export const TWO_OVER_PI_WORDS = [
  0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041, 0xfe5163ab, 0xdebbc561, 0xb7246e3a, 0x424dd2e0,
];
const hex = (w: number) => `0x${w.toString(16)}u`;

const PIO2_HI = f32bits(0x3fc90fda);
const PIO2_LO = f32bits(0x33a22168);
const PI = f32bits(0x40490fdb);
const PI_LO = f32bits(0xb3bbbd2e);

export const TRIG: Record<string, Helper> = {
  /** Dekker's exact product a*b = p + e without FMA (WGSL's fma may round twice). */
  q_two_prod: {
    code: `
fn q_split(a: f32) -> vec2<f32> {
  let c = 4097.0f * a;
  let hi = c - (c - a);
  return vec2<f32>(hi, a - hi);
}
fn q_two_prod(a: f32, b: f32) -> vec2<f32> {
  let p = a * b;
  let sa = q_split(a);
  let sb = q_split(b);
  return vec2<f32>(p, ((sa.x * sb.x - p) + sa.x * sb.y + sa.y * sb.x) + sa.y * sb.y);
}`,
  },
  /** |x| = q * pi/2 + (hi + lo) with |hi + lo| <= pi/4, for finite |x|. */
  q_rem_pio2: {
    deps: ['q_mulhilo', 'q_pow2', 'q_two_prod'],
    code: `
var<private> q_2opi: array<u32, ${TWO_OVER_PI_WORDS.length}> = array<u32, ${TWO_OVER_PI_WORDS.length}>(${TWO_OVER_PI_WORDS.map(hex).join(', ')});
struct q_Reduced { hi: f32, lo: f32, q: u32 }
fn q_2opi_bits(w: u32, sh: u32) -> u32 {
  return (q_2opi[w] << sh) | select(0u, q_2opi[w + 1u] >> ((32u - sh) & 31u), sh != 0u);
}
fn q_shr(lo: u32, hi: u32, bs: u32) -> u32 {
  return (lo >> bs) | select(0u, hi << ((32u - bs) & 31u), bs != 0u);
}
fn q_rem_pio2(ax: f32) -> q_Reduced {
  if (ax < ${f32(0.785398)}) { return q_Reduced(ax, 0.0f, 0u); }
  // ax = m * 2^s; y = ax * 2/pi needs the bits of 2/pi from p0 on: earlier ones add multiples of 4.
  let b = bitcast<u32>(ax);
  let m = (b & 0x7fffffu) | 0x800000u;
  let s = i32((b >> 23u) & 0xffu) - 150;
  let p0 = max(1, s - 1);
  let o = u32(p0 - 1);
  let f2 = q_2opi_bits(o / 32u, o % 32u);
  let f1 = q_2opi_bits(o / 32u + 1u, o % 32u);
  let f0 = q_2opi_bits(o / 32u + 2u, o % 32u);
  // P = m * (f2:f1:f0), 120 bits in four words; y's binary point sits at bit L of P.
  let a0 = q_mulhilo(m, f0);
  let a1 = q_mulhilo(m, f1);
  let a2 = q_mulhilo(m, f2);
  var p: array<u32, 5>;
  p[0] = a0.y;
  p[1] = a0.x + a1.y;
  let c1 = select(0u, 1u, p[1] < a0.x);
  let t2 = a1.x + a2.y;
  let c2 = select(0u, 1u, t2 < a1.x);
  p[2] = t2 + c1;
  let c3 = select(0u, 1u, p[2] < t2);
  p[3] = a2.x + c2 + c3;
  p[4] = 0u;
  let n = u32(p0 + 95 - s) - 64u;
  let wi = n / 32u;
  let bs = n % 32u;
  var lo32 = q_shr(p[wi], p[wi + 1u], bs);
  var hi32 = q_shr(p[wi + 1u], p[wi + 2u], bs);
  var q = q_shr(p[wi + 2u], p[wi + 3u], bs) & 3u;
  // A fraction of 1/2 or more rounds up to the next quadrant and leaves a negative remainder.
  let neg = (hi32 >> 31u) != 0u;
  if (neg) {
    q = (q + 1u) & 3u;
    hi32 = ~hi32;
    lo32 = ~lo32 + 1u;
    if (lo32 == 0u) { hi32 = hi32 + 1u; }
  }
  if (hi32 == 0u && lo32 == 0u) { return q_Reduced(0.0f, 0.0f, q); }
  let lz = select(countLeadingZeros(hi32), 32u + countLeadingZeros(lo32), hi32 == 0u);
  var nh: u32;
  var nl: u32;
  if (lz >= 32u) { nh = lo32 << (lz - 32u); nl = 0u; }
  else if (lz == 0u) { nh = hi32; nl = lo32; }
  else { nh = (hi32 << lz) | (lo32 >> (32u - lz)); nl = lo32 << lz; }
  let fh = f32(nh >> 8u) * q_pow2(-24 - i32(lz));
  let fl = f32(((nh & 0xffu) << 16u) | (nl >> 16u)) * q_pow2(-48 - i32(lz));
  // r = (fh + fl) * pi/2 in double-f32.
  let t = q_two_prod(fh, ${PIO2_HI});
  let rl = t.y + (fh * ${PIO2_LO} + fl * ${PIO2_HI});
  let rh = t.x + rl;
  let rlo = rl - (rh - t.x);
  return q_Reduced(select(rh, -rh, neg), select(rlo, -rlo, neg), q);
}`,
  },
  q_sin_k: {
    code: `
fn q_sin_k(x: f32, y: f32) -> f32 {
  let z = x * x;
  let v = z * x;
  let r = ${f32(8.333333768e-3)} + z * (${f32(-1.9841270114e-4)} + z * (${f32(2.7557314297e-6)} + z * (${f32(-2.5050759689e-8)} + z * ${f32(1.5896910177e-10)})));
  return x - ((z * (0.5f * y - v * r) - y) - v * ${f32(-1.6666667163e-1)});
}`,
  },
  q_cos_k: {
    code: `
fn q_cos_k(x: f32, y: f32) -> f32 {
  let ix = bitcast<u32>(x) & 0x7fffffffu;
  let z = x * x;
  let r = z * (${f32(4.1666667908e-2)} + z * (${f32(-1.3888889225e-3)} + z * (${f32(2.4801587642e-5)} + z * (${f32(-2.7557314297e-7)} + z * (${f32(2.0875723372e-9)} + z * ${f32(-1.1359647598e-11)})))));
  if (ix < 0x3e99999au) { return 1.0f - (0.5f * z - (z * r - x * y)); }
  let qx = select(bitcast<f32>(ix - 0x01000000u), 0.28125f, ix > 0x3f480000u);
  return (1.0f - qx) - ((0.5f * z - qx) - (z * r - x * y));
}`,
  },
  q_sin: {
    deps: ['q_isfinite', 'q_f32', 'q_abs', 'q_rem_pio2', 'q_sin_k', 'q_cos_k'],
    code: `
fn q_sin(x: f32) -> f32 {
  if (!q_isfinite(x)) { return q_f32(0x7fc00000u); }
  let ax = q_abs(x);
  if (ax < 0x1p-12f) { return x; }
  let r = q_rem_pio2(ax);
  var v: f32;
  switch (r.q) {
    case 0u: { v = q_sin_k(r.hi, r.lo); }
    case 1u: { v = q_cos_k(r.hi, r.lo); }
    case 2u: { v = -q_sin_k(r.hi, r.lo); }
    default: { v = -q_cos_k(r.hi, r.lo); }
  }
  return select(v, -v, x < 0.0f);
}`,
  },
  q_cos: {
    deps: ['q_isfinite', 'q_f32', 'q_abs', 'q_rem_pio2', 'q_sin_k', 'q_cos_k'],
    code: `
fn q_cos(x: f32) -> f32 {
  if (!q_isfinite(x)) { return q_f32(0x7fc00000u); }
  let ax = q_abs(x);
  if (ax < 0x1p-12f) { return 1.0f; }
  let r = q_rem_pio2(ax);
  switch (r.q) {
    case 0u: { return q_cos_k(r.hi, r.lo); }
    case 1u: { return -q_sin_k(r.hi, r.lo); }
    case 2u: { return -q_cos_k(r.hi, r.lo); }
    default: { return q_sin_k(r.hi, r.lo); }
  }
}`,
  },
  /** sin/cos of the reduced argument: within 2-3 ulp (fdlibm's k_tanf polynomial would give 1). */
  q_tan: {
    deps: ['q_isfinite', 'q_f32', 'q_abs', 'q_rem_pio2', 'q_sin_k', 'q_cos_k'],
    code: `
fn q_tan(x: f32) -> f32 {
  if (!q_isfinite(x)) { return q_f32(0x7fc00000u); }
  let ax = q_abs(x);
  if (ax < 0x1p-12f) { return x; }
  let r = q_rem_pio2(ax);
  let s = q_sin_k(r.hi, r.lo);
  let c = q_cos_k(r.hi, r.lo);
  let v = select(s / c, -c / s, (r.q & 1u) == 1u);
  return select(v, -v, x < 0.0f);
}`,
  },
  /** R(z) ~ (asin(sqrt z) - sqrt z) / sqrt z... the rational function asin and acos share. */
  q_asin_r: {
    code: `
fn q_asin_r(z: f32) -> f32 {
  let p = z * (${f32(1.6666586697e-1)} + z * (${f32(-4.2743422091e-2)} + z * ${f32(-8.6563630030e-3)}));
  let q = 1.0f + z * ${f32(-7.0662963390e-1)};
  return p / q;
}`,
  },
  q_asin: {
    deps: ['q_asin_r', 'q_f32', 'q_abs'],
    code: `
fn q_asin(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let ix = hx & 0x7fffffffu;
  if (ix >= 0x3f800000u) {
    if (ix == 0x3f800000u) { return select(${PIO2_HI} + ${PIO2_LO}, -(${PIO2_HI} + ${PIO2_LO}), (hx >> 31u) != 0u); }
    return q_f32(0x7fc00000u);
  }
  if (ix < 0x3f000000u) {
    if (ix < 0x39800000u) { return x; }
    return x + x * q_asin_r(x * x);
  }
  let z = (1.0f - q_abs(x)) * 0.5f;
  let s = sqrt(z);
  var r: f32;
  if (ix >= 0x3f79999au) {
    r = ${PIO2_HI} - (2.0f * (s + s * q_asin_r(z)) - ${PIO2_LO});
  } else {
    // fdlibm's split of s: w has 12 bits, so w*w is exact and c = s - w to full precision.
    let w = bitcast<f32>(bitcast<u32>(s) & 0xfffff000u);
    let c = (z - w * w) / (s + w);
    let p = 2.0f * s * q_asin_r(z) - (${f32(Math.PI / 2 - Math.fround(Math.PI / 4) * 2)} - 2.0f * c);
    let q = ${f32(Math.PI / 4)} - 2.0f * w;
    r = ${f32(Math.PI / 4)} - (p - q);
  }
  return select(r, -r, (hx >> 31u) != 0u);
}`,
  },
  q_acos: {
    deps: ['q_asin_r', 'q_f32'],
    code: `
fn q_acos(x: f32) -> f32 {
  let hx = bitcast<u32>(x);
  let ix = hx & 0x7fffffffu;
  if (ix >= 0x3f800000u) {
    if (ix == 0x3f800000u) { return select(0.0f, 2.0f * ${PIO2_HI} + 2.0f * ${PIO2_LO}, (hx >> 31u) != 0u); }
    return q_f32(0x7fc00000u);
  }
  if (ix < 0x3f000000u) {
    if (ix <= 0x32800000u) { return ${PIO2_HI} + ${PIO2_LO}; }
    return ${PIO2_HI} - (x - (${PIO2_LO} - x * q_asin_r(x * x)));
  }
  if ((hx >> 31u) != 0u) {
    let z = (1.0f + x) * 0.5f;
    let s = sqrt(z);
    let w = q_asin_r(z) * s - ${PIO2_LO};
    return 2.0f * (${PIO2_HI} - (s + w));
  }
  let z = (1.0f - x) * 0.5f;
  let s = sqrt(z);
  let df = bitcast<f32>(bitcast<u32>(s) & 0xfffff000u);
  let c = (z - df * df) / (s + df);
  let w = q_asin_r(z) * s + c;
  return 2.0f * (df + w);
}`,
  },
  q_atan: {
    deps: ['q_isnan', 'q_abs'],
    code: `
var<private> q_atanhi: array<f32, 4> = array<f32, 4>(${[0x3eed6338, 0x3f490fda, 0x3f7b985e, 0x3fc90fda].map(f32bits).join(', ')});
var<private> q_atanlo: array<f32, 4> = array<f32, 4>(${[0x31ac3769, 0x33222168, 0x33140fb4, 0x33a22168].map(f32bits).join(', ')});
fn q_atan(x_in: f32) -> f32 {
  var x = x_in;
  let hx = bitcast<u32>(x);
  let neg = (hx >> 31u) != 0u;
  let ix = hx & 0x7fffffffu;
  if (ix >= 0x4c800000u) {
    if (q_isnan(x)) { return x; }
    let z = q_atanhi[3] + q_atanlo[3];
    return select(z, -z, neg);
  }
  var id = -1i;
  if (ix < 0x3ee00000u) {
    if (ix < 0x39800000u) { return x; }
  } else {
    x = q_abs(x);
    if (ix < 0x3f980000u) {
      if (ix < 0x3f300000u) { id = 0; x = (2.0f * x - 1.0f) / (2.0f + x); }
      else { id = 1; x = (x - 1.0f) / (x + 1.0f); }
    } else {
      if (ix < 0x401c0000u) { id = 2; x = (x - 1.5f) / (1.0f + 1.5f * x); }
      else { id = 3; x = -1.0f / x; }
    }
  }
  let z = x * x;
  let w = z * z;
  let s1 = z * (${f32(3.3333328366e-1)} + w * (${f32(1.4253635705e-1)} + w * ${f32(6.1687607318e-2)}));
  let s2 = w * (${f32(-1.9999158382e-1)} + w * ${f32(-1.0648017377e-1)});
  if (id < 0) { return x - x * (s1 + s2); }
  let r = q_atanhi[id] - ((x * (s1 + s2) - q_atanlo[id]) - x);
  return select(r, -r, neg);
}`,
  },
  /** atan2(y, x) with every signed-zero and infinity case of C99 Annex F. */
  q_atan2: {
    deps: ['q_isnan', 'q_atan', 'q_abs', 'q_f32'],
    code: `
fn q_atan2(y: f32, x: f32) -> f32 {
  if (q_isnan(x) || q_isnan(y)) { return x + y; }
  var ix = bitcast<u32>(x);
  var iy = bitcast<u32>(y);
  if (ix == 0x3f800000u) { return q_atan(y); }
  let m = ((iy >> 31u) & 1u) | ((ix >> 30u) & 2u);
  ix = ix & 0x7fffffffu;
  iy = iy & 0x7fffffffu;
  let pi = ${PI};
  if (iy == 0u) {
    switch (m) {
      case 0u, 1u: { return y; }
      case 2u: { return pi; }
      default: { return -pi; }
    }
  }
  if (ix == 0u) { return select(${PIO2_HI}, -${PIO2_HI}, (m & 1u) != 0u); }
  if (ix == 0x7f800000u) {
    if (iy == 0x7f800000u) {
      switch (m) {
        case 0u: { return pi / 4.0f; }
        case 1u: { return -pi / 4.0f; }
        case 2u: { return 3.0f * pi / 4.0f; }
        default: { return -3.0f * pi / 4.0f; }
      }
    }
    switch (m) {
      case 0u: { return 0.0f; }
      case 1u: { return q_f32(0x80000000u); }
      case 2u: { return pi; }
      default: { return -pi; }
    }
  }
  if (ix + (26u << 23u) < iy || iy == 0x7f800000u) { return select(${PIO2_HI}, -${PIO2_HI}, (m & 1u) != 0u); }
  var z: f32;
  if ((m & 2u) != 0u && iy + (26u << 23u) < ix) { z = 0.0f; } else { z = q_atan(q_abs(y / x)); }
  switch (m) {
    case 0u: { return z; }
    case 1u: { return -z; }
    case 2u: { return pi - (z - ${PI_LO}); }
    default: { return (z - ${PI_LO}) - pi; }
  }
}`,
  },
};

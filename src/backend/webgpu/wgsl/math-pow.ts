import type { Helper } from './helpers.js';
import { f32, f32bits } from './literals.js';

/** Clears the low 12 mantissa bits: fdlibm's SET_FLOAT_WORD(x, ix & 0xfffff000). */
const hi12 = (x: string) => `bitcast<f32>(bitcast<u32>(${x}) & 0xfffff000u)`;

/**
 * C's pow in f32: fdlibm's e_powf.c (SunPro notice: "Developed at SunPro, a Sun
 * Microsystems, Inc. business. Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice is preserved."), which carries
 * log2(x) in two f32 words so that y * log2(x) keeps its precision for large results,
 * with every special case of C99 Annex F (pow(1, NaN) = 1, pow(-1, +-Inf) = 1).
 */
export const POW: Record<string, Helper> = {
  q_pow_f: {
    deps: ['q_f32', 'q_abs', 'q_sqrt', 'q_scalbn'],
    code: `
fn q_mask12(x: f32) -> f32 { return ${hi12('x')}; }
fn q_pow_f(x: f32, y: f32) -> f32 {
  let hx = bitcast<i32>(x);
  let hy = bitcast<i32>(y);
  var ix = hx & 0x7fffffff;
  let iy = hy & 0x7fffffff;
  let inf = q_f32(0x7f800000u);
  if (iy == 0) { return 1.0f; }
  if (hx == 0x3f800000) { return 1.0f; }
  if (ix > 0x7f800000 || iy > 0x7f800000) { return q_f32(0x7fc00000u); }
  // yisint: 0 = not an integer, 1 = odd, 2 = even (only needed when x < 0).
  var yisint = 0;
  if (hx < 0) {
    if (iy >= 0x4b800000) { yisint = 2; }
    else if (iy >= 0x3f800000) {
      let k = (iy >> 23u) - 0x7f;
      let j = iy >> u32(23 - k);
      if ((j << u32(23 - k)) == iy) { yisint = 2 - (j & 1); }
    }
  }
  if (iy == 0x7f800000) {
    if (ix == 0x3f800000) { return 1.0f; }
    if (ix > 0x3f800000) { return select(0.0f, y, hy >= 0); }
    return select(0.0f, -y, hy < 0);
  }
  if (iy == 0x3f800000) { return select(x, 1.0f / x, hy < 0); }
  if (hy == 0x40000000) { return x * x; }
  if (hy == 0x3f000000 && hx >= 0) { return q_sqrt(x); }
  var ax = q_abs(x);
  if (ix == 0x7f800000 || ix == 0 || ix == 0x3f800000) {
    var z = ax;
    if (hy < 0) { z = select(1.0f / z, inf, ix == 0); }
    if (hx < 0) {
      if (((ix - 0x3f800000) | yisint) == 0) { z = q_f32(0x7fc00000u); }
      else if (yisint == 1) { z = -z; }
    }
    return z;
  }
  if (hx < 0 && yisint == 0) { return q_f32(0x7fc00000u); }
  let sn = select(1.0f, -1.0f, hx < 0 && yisint == 1);
  var t1: f32;
  var t2: f32;
  if (iy > 0x4d000000) {
    // |y| > 2^27: over- or underflows unless x is within 2^-20 of 1.
    if (ix < 0x3f7ffff6) { return select(sn * 0.0f, sn * inf, hy < 0); }
    if (ix > 0x3f800007) { return select(sn * 0.0f, sn * inf, hy > 0); }
    let t = ax - 1.0f;
    let w = (t * t) * (0.5f - t * (${f32bits(0x3eaaaaab)} - t * 0.25f));
    let u = ${f32bits(0x3fb8aa00)} * t;
    let v = t * ${f32bits(0x36eca570)} - w * ${f32bits(0x3fb8aa3b)};
    t1 = q_mask12(u + v);
    t2 = v - (t1 - u);
  } else {
    var n = 0;
    if (ix < 0x00800000) { ax = ax * 16777216.0f; n = n - 24; ix = bitcast<i32>(ax); }
    n = n + ((ix >> 23u) - 0x7f);
    let j = ix & 0x007fffff;
    ix = j | 0x3f800000;
    var k = 0;
    if (j <= 0x1cc471) { k = 0; }
    else if (j < 0x5db3d7) { k = 1; }
    else { k = 0; n = n + 1; ix = ix - 0x00800000; }
    ax = bitcast<f32>(ix);
    let bp = select(1.0f, 1.5f, k == 1);
    let dp_h = select(0.0f, ${f32bits(0x3f15c000)}, k == 1);
    let dp_l = select(0.0f, ${f32bits(0x35d1cfdc)}, k == 1);
    // s = s_h + s_l = (x - bp) / (x + bp)
    let u = ax - bp;
    let v = 1.0f / (ax + bp);
    let s = u * v;
    let s_h = q_mask12(s);
    let t_h = bitcast<f32>(((((ix >> 1u) & bitcast<i32>(0xfffff000u)) | 0x20000000) + 0x00400000) + (k << 21u));
    let t_l = ax - (t_h - bp);
    let s_l = v * ((u - s_h * t_h) - s_h * t_l);
    var s2 = s * s;
    var r = s2 * s2 * (${f32bits(0x3f19999a)} + s2 * (${f32bits(0x3edb6db7)} + s2 * (${f32bits(0x3eaaaaab)} + s2 * (${f32bits(0x3e8ba305)} + s2 * (${f32bits(0x3e6c3255)} + s2 * ${f32bits(0x3e53f142)})))));
    r = r + s_l * (s_h + s);
    s2 = s_h * s_h;
    let th = q_mask12(3.0f + s2 + r);
    let tl = r - ((th - 3.0f) - s2);
    let uu = s_h * th;
    let vv = s_l * th + tl * s;
    let p_h = q_mask12(uu + vv);
    let p_l = vv - (p_h - uu);
    let z_h = ${f32bits(0x3f764000)} * p_h;
    let z_l = ${f32bits(0xb8f623c6)} * p_h + p_l * ${f32bits(0x3f76384f)} + dp_l;
    let t = f32(n);
    t1 = q_mask12(((z_h + z_l) + dp_h) + t);
    t2 = z_l - (((t1 - t) - dp_h) - z_h);
  }
  // (y1 + y2) * (t1 + t2), then 2^(p_h + p_l)
  let y1 = q_mask12(y);
  let p_l = (y - y1) * t1 + y * t2;
  var p_h = y1 * t1;
  var z = p_l + p_h;
  var j = bitcast<i32>(z);
  if (j > 0x43000000) { return sn * inf; }
  else if (j == 0x43000000) { if (p_l + ${f32(4.2995665694e-8)} > z - p_h) { return sn * inf; } }
  else if ((j & 0x7fffffff) > 0x43160000) { return sn * 0.0f; }
  else if (j == bitcast<i32>(0xc3160000u)) { if (p_l <= z - p_h) { return sn * 0.0f; } }
  let i = j & 0x7fffffff;
  var k = (i >> 23u) - 0x7f;
  var n = 0;
  if (i > 0x3f000000) {
    n = j + (0x00800000 >> u32(k + 1));
    k = ((n & 0x7fffffff) >> 23u) - 0x7f;
    let t = bitcast<f32>(n & ~(0x007fffff >> u32(k)));
    n = ((n & 0x007fffff) | 0x00800000) >> u32(23 - k);
    if (j < 0) { n = -n; }
    p_h = p_h - t;
  }
  let t = bitcast<f32>(bitcast<u32>(p_l + p_h) & 0xffff8000u);
  let u = t * ${f32bits(0x3f317200)};
  let v = (p_l - (t - p_h)) * ${f32bits(0x3f317218)} + t * ${f32bits(0x35bfbe8c)};
  z = u + v;
  let w = v - (z - u);
  let tt = z * z;
  let t1b = z - tt * (${f32bits(0x3e2aaaab)} + tt * (${f32bits(0xbb360b61)} + tt * (${f32bits(0x388ab355)} + tt * (${f32bits(0xb5ddea0e)} + tt * ${f32bits(0x3331bb4c)}))));
  let r = (z * t1b) / (t1b - 2.0f) - (w + z * w);
  z = 1.0f - (r - z);
  j = bitcast<i32>(z) + (n << 23u);
  if ((j >> 23u) <= 0) { z = q_scalbn(z, n); } else { z = bitcast<f32>(j); }
  return sn * z;
}`,
  },
};

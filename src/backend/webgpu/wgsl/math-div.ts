import type { Helper } from './helpers.js';

/**
 * Division as NumPy computes it, in f32: a correctly rounded quotient even where a
 * compiler turns division by a constant into a reciprocal multiply, IEEE's a / +-0, C's
 * fmod exactly by integer long division (musl fmodf), and np.floor_divide / np.remainder
 * for floats over it (npy_divmod, kernel/special.ts).
 */
export const DIVISION: Record<string, Helper> = {
  /**
   * (hi + lo) / b as q + c: the quotient and its correction by the exact residual, so
   * q + c rounds correctly. Needed because compilers may turn division by a constant
   * into multiplication by its reciprocal (SwiftShader does: 31 / 10 came out 1 ulp
   * high), and floor division needs the quotient to more than f32 precision. Both
   * operands are scaled to [1, 2) first (exactly), so Dekker's split can neither
   * overflow nor lose its error terms to underflow; subnormal operands keep c = 0.
   */
  q_div_parts: {
    deps: ['q_two_prod', 'q_isfinite', 'q_scalbn'],
    code: `
fn q_div_parts(hi: f32, lo: f32, b: f32) -> vec2<f32> {
  let q = hi / b;
  let hb = bitcast<u32>(hi);
  let bb = bitcast<u32>(b);
  let eh = i32((hb >> 23u) & 0xffu);
  let eb = i32((bb >> 23u) & 0xffu);
  if (!q_isfinite(q) || q == 0.0f || eh == 0 || eb == 0 || eh == 255 || eb == 255) { return vec2<f32>(q, 0.0f); }
  let hn = bitcast<f32>((hb & 0x807fffffu) | 0x3f800000u);
  let bn = bitcast<f32>((bb & 0x807fffffu) | 0x3f800000u);
  let qn = hn / bn;
  let p = q_two_prod(qn, bn);
  let cn = (((hn - p.x) - p.y) + q_scalbn(lo, 127 - eh)) / bn;
  return vec2<f32>(q_scalbn(qn, eh - eb), q_scalbn(cn, eh - eb));
}`,
  },
  /** a / b correctly rounded (see q_div_parts), the correction added before scaling back so it never underflows. */
  q_div: {
    deps: ['q_two_prod', 'q_isfinite', 'q_scalbn'],
    code: `
fn q_div(a: f32, b: f32) -> f32 {
  let q = a / b;
  let ab = bitcast<u32>(a);
  let bb = bitcast<u32>(b);
  let ea = i32((ab >> 23u) & 0xffu);
  let eb = i32((bb >> 23u) & 0xffu);
  // A subnormal quotient would be rounded twice (once here, once scaling): the hardware's is then the better answer.
  if (!q_isfinite(q) || q == 0.0f || ea == 0 || eb == 0 || ea == 255 || eb == 255 || ea - eb <= -126) { return q; }
  let an = bitcast<f32>((ab & 0x807fffffu) | 0x3f800000u);
  let bn = bitcast<f32>((bb & 0x807fffffu) | 0x3f800000u);
  let qn = an / bn;
  let p = q_two_prod(qn, bn);
  return q_scalbn(qn + ((an - p.x) - p.y) / bn, ea - eb);
}`,
  },
  /** C fmod exactly (musl fmodf): integer long division of the significands, any exponent gap. */
  q_fmod: {
    deps: ['q_f32'],
    code: `
fn q_fmod(x: f32, y: f32) -> f32 {
  let uxb = bitcast<u32>(x);
  var uy = bitcast<u32>(y);
  var ex = i32((uxb >> 23u) & 0xffu);
  var ey = i32((uy >> 23u) & 0xffu);
  let sx = uxb & 0x80000000u;
  var uxi = uxb;
  if ((uy << 1u) == 0u || (uy << 1u) > 0xff000000u || ex == 0xff) { return q_f32(0x7fc00000u); }
  if ((uxi << 1u) <= (uy << 1u)) {
    if ((uxi << 1u) == (uy << 1u)) { return bitcast<f32>(sx); }
    return x;
  }
  if (ex == 0) {
    var i = uxi << 9u;
    loop { if ((i >> 31u) != 0u) { break; } ex = ex - 1; i = i << 1u; }
    uxi = uxi << u32(1 - ex);
  } else {
    uxi = (uxi & 0x007fffffu) | 0x00800000u;
  }
  if (ey == 0) {
    var i = uy << 9u;
    loop { if ((i >> 31u) != 0u) { break; } ey = ey - 1; i = i << 1u; }
    uy = uy << u32(1 - ey);
  } else {
    uy = (uy & 0x007fffffu) | 0x00800000u;
  }
  loop {
    if (ex <= ey) { break; }
    let i = uxi - uy;
    if ((i >> 31u) == 0u) {
      if (i == 0u) { return bitcast<f32>(sx); }
      uxi = i;
    }
    uxi = uxi << 1u;
    ex = ex - 1;
  }
  let i = uxi - uy;
  if ((i >> 31u) == 0u) {
    if (i == 0u) { return bitcast<f32>(sx); }
    uxi = i;
  }
  loop { if ((uxi >> 23u) != 0u) { break; } uxi = uxi << 1u; ex = ex - 1; }
  if (ex > 0) {
    uxi = (uxi - 0x00800000u) | (u32(ex) << 23u);
  } else {
    uxi = uxi >> u32(1 - ex);
  }
  return bitcast<f32>(uxi | sx);
}`,
  },
  /**
   * npy_divmod (kernel/special.ts) for b != 0: the floored quotient and the remainder
   * with the divisor's sign, snapped so that a ~ q*b + r. A NaN remainder makes both NaN.
   */
  q_divmod: {
    deps: ['q_fmod', 'q_isnan', 'q_nz', 'q_copysign', 'q_signbit', 'q_two_sum', 'q_div_parts', 'q_f32'],
    code: `
fn q_divmod(a: f32, b: f32) -> vec2<f32> {
  var m = q_fmod(a, b);
  if (q_isnan(m)) { return vec2<f32>(m, m); }
  // (a - m) / b is an integer; kept as q0 + c so that subtracting 1 rounds only once.
  let diff = q_two_sum(a, -m);
  let parts = q_div_parts(diff.x, diff.y, b);
  var c = parts.y;
  if (q_nz(m)) {
    if ((b < 0.0f) != (m < 0.0f)) { m = m + b; c = c - 1.0f; }
  } else {
    m = q_copysign(0.0f, b);
  }
  let d = parts.x + c;
  var q: f32;
  if (q_nz(d)) {
    q = floor(d);
    if (d - q > 0.5f) { q = q + 1.0f; }
  } else {
    // -0 from its bits: compilers may fold a -0.0 literal to +0 (no signed zeros).
    q = select(0.0f, q_f32(0x80000000u), q_signbit(a) != q_signbit(b));
  }
  return vec2<f32>(q, m);
}`,
  },
  /** a / +-0 with IEEE's signs (an implementation may flush or trap otherwise). */
  q_div_zero: {
    deps: ['q_isnan', 'q_nz', 'q_f32', 'q_signbit'],
    code: `
fn q_div_zero(a: f32, b: f32) -> f32 {
  if (q_isnan(a) || !q_nz(a)) { return q_f32(0x7fc00000u); }
  return select(q_f32(0x7f800000u), q_f32(0xff800000u), q_signbit(a) != q_signbit(b));
}`,
  },
  q_floordiv_f: {
    deps: ['q_divmod', 'q_div_zero', 'q_nz'],
    code: 'fn q_floordiv_f(a: f32, b: f32) -> f32 { if (!q_nz(b)) { return q_div_zero(a, b); } return q_divmod(a, b).x; }',
  },
  q_mod_f: {
    deps: ['q_divmod', 'q_nz', 'q_f32'],
    code: 'fn q_mod_f(a: f32, b: f32) -> f32 { if (!q_nz(b)) { return q_f32(0x7fc00000u); } return q_divmod(a, b).y; }',
  },
};

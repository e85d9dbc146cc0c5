import { KERNEL_FAULTS } from '../../../kernel/faults.js';
import type { Helper } from './helpers.js';

/**
 * Bit-level f32 predicates, exact conversions, NaN-aware comparisons and integer
 * division as NumPy defines them. WGSL lets an implementation assume NaN and Inf never
 * occur (measured on SwiftShader: `min(NaN, 0)` is 0, `exp(NaN)` is Inf), so every
 * place the API promises NumPy's NaN semantics tests bits instead of comparing floats.
 */
export const CORE: Record<string, Helper> = {
  // A user function is never const-evaluated, so q_f32(0x7fc00000u) yields a NaN where a
  // NaN literal or bitcast const-expression would be a shader-creation error.
  q_f32: { code: 'fn q_f32(bits: u32) -> f32 { return bitcast<f32>(bits); }' },
  q_isnan: { code: 'fn q_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }' },
  q_isinf: { code: 'fn q_isinf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }' },
  q_isfinite: { code: 'fn q_isfinite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }' },
  /** x != 0 as JS reads it (NaN is nonzero, -0 is zero). */
  q_nz: { code: 'fn q_nz(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) != 0u; }' },
  q_abs: { code: 'fn q_abs(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) & 0x7fffffffu); }' },
  q_signbit: { code: 'fn q_signbit(x: f32) -> bool { return (bitcast<u32>(x) >> 31u) != 0u; }' },
  q_copysign: { code: 'fn q_copysign(x: f32, s: f32) -> f32 { return bitcast<f32>((bitcast<u32>(x) & 0x7fffffffu) | (bitcast<u32>(s) & 0x80000000u)); }' },
  q_bool: { code: 'fn q_bool(c: bool) -> u32 { return select(0u, 1u, c); }' },
  /** 2^k for -126 <= k <= 127, built from its exponent bits. */
  q_pow2: { code: 'fn q_pow2(k: i32) -> f32 { return bitcast<f32>(u32(k + 127) << 23u); }' },
  /** x * 2^n for any n, in at most three exact steps (musl scalbnf), so subnormal results round once. */
  q_scalbn: {
    deps: ['q_pow2'],
    code: `
fn q_scalbn(x: f32, n: i32) -> f32 {
  var y = x;
  var k = n;
  if (k > 127) {
    y = y * 0x1p127f;
    k = k - 127;
    if (k > 127) { y = y * 0x1p127f; k = min(k - 127, 127); }
  } else if (k < -126) {
    y = y * 0x1p-102f;
    k = k + 102;
    if (k < -126) { y = y * 0x1p-102f; k = max(k + 102, -126); }
  }
  return y * q_pow2(k);
}`,
  },

  // ---- conversions with ROUND_TO's semantics (graph/dtype.ts) ---------------------------
  /**
   * float -> int32: truncate, wrap modulo 2^32; NaN, +-Inf and |x| >= 2^63 give INT_MIN.
   * From 2^31 on an f32 is an integer m * 2^s (s >= 8), whose low 32 bits are m << s.
   */
  q_ftoi: {
    code: `
fn q_ftoi(x: f32) -> i32 {
  let b = bitcast<u32>(x);
  let e = (b >> 23u) & 0xffu;
  if (e >= 190u) { return bitcast<i32>(0x80000000u); }
  if (e < 158u) { return i32(x); }
  let m = (b & 0x7fffffu) | 0x800000u;
  let s = e - 150u;
  let r = select(0u, m << (s & 31u), s < 32u);
  return bitcast<i32>(select(r, 0u - r, (b >> 31u) != 0u));
}`,
  },
  /** float -> uint32: as int32 (so -1.5 -> 2^32 - 1), but NaN, +-Inf and |x| >= 2^63 give 0. */
  q_ftou: {
    deps: ['q_ftoi'],
    code: `
fn q_ftou(x: f32) -> u32 {
  if (((bitcast<u32>(x) >> 23u) & 0xffu) >= 190u) { return 0u; }
  return bitcast<u32>(q_ftoi(x));
}`,
  },
  /** uint32 -> f32 rounded to nearest even (WGSL leaves the rounding of f32(u32) to the implementation). */
  q_utof: {
    code: `
fn q_utof(x: u32) -> f32 {
  if (x < 0x1000000u) { return f32(x); }
  let sh = 8u - countLeadingZeros(x);
  var m = x >> sh;
  let rem = x & ((1u << sh) - 1u);
  let half = 1u << (sh - 1u);
  if (rem > half || (rem == half && (m & 1u) == 1u)) { m = m + 1u; }
  return f32(m) * f32(1u << sh);
}`,
  },
  q_itof: {
    deps: ['q_utof'],
    code: `
fn q_itof(x: i32) -> f32 {
  if (x >= 0) { return q_utof(u32(x)); }
  return -q_utof(0u - bitcast<u32>(x));
}`,
  },

  // ---- comparisons and extrema with NaN made explicit -----------------------------------
  /**
   * An f32's order as an i32 (both zeros at 0): comparing these is IEEE comparison for
   * non-NaN values, and stays exact where the device flushes subnormals to zero
   * (SwiftShader compares 1e-45 == 0 as true).
   */
  q_ord: {
    code: `
fn q_ord(x: f32) -> i32 {
  let b = bitcast<i32>(x);
  return select(b, -(b & 0x7fffffff), b < 0i);
}`,
  },
  q_lt: { deps: ['q_isnan', 'q_ord'], code: 'fn q_lt(a: f32, b: f32) -> bool { return !(q_isnan(a) || q_isnan(b)) && q_ord(a) < q_ord(b); }' },
  q_le: { deps: ['q_isnan', 'q_ord'], code: 'fn q_le(a: f32, b: f32) -> bool { return !(q_isnan(a) || q_isnan(b)) && q_ord(a) <= q_ord(b); }' },
  q_eq: { deps: ['q_isnan', 'q_ord'], code: 'fn q_eq(a: f32, b: f32) -> bool { return !(q_isnan(a) || q_isnan(b)) && q_ord(a) == q_ord(b); }' },
  q_ne: { deps: ['q_eq'], code: 'fn q_ne(a: f32, b: f32) -> bool { return !q_eq(a, b); }' },
  /** NumPy's scalar minimum: `a < b || isnan(a) ? a : b` (equal operands give b, so minimum(0, -0) is -0). */
  q_min: {
    deps: ['q_isnan', 'q_ord'],
    code: `
fn q_min(a: f32, b: f32) -> f32 {
  if (q_isnan(a)) { return a; }
  if (q_isnan(b)) { return b; }
  return select(b, a, q_ord(a) < q_ord(b));
}`,
  },
  q_max: {
    deps: ['q_isnan', 'q_ord'],
    code: `
fn q_max(a: f32, b: f32) -> f32 {
  if (q_isnan(a)) { return a; }
  if (q_isnan(b)) { return b; }
  return select(b, a, q_ord(a) > q_ord(b));
}`,
  },
  /** np.sign from the bits: NaN stays NaN, both zeros give +0, subnormals their sign. */
  q_sign: {
    deps: ['q_isnan', 'q_nz', 'q_signbit'],
    code: `
fn q_sign(x: f32) -> f32 {
  if (q_isnan(x)) { return x; }
  if (!q_nz(x)) { return 0.0f; }
  return select(1.0f, -1.0f, q_signbit(x));
}`,
  },
  /** -x by flipping the sign bit: exact for subnormals and zeros, which arithmetic negation may flush. */
  q_neg: { code: 'fn q_neg(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) ^ 0x80000000u); }' },

  // ---- integer division and powers (kernel/special.ts) ----------------------------------
  /** floor(a / b); 0 when b = 0; INT_MIN // -1 wraps to INT_MIN. */
  q_floordiv_i: {
    code: `
fn q_floordiv_i(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  if (b == -1) { return bitcast<i32>(0u - bitcast<u32>(a)); }
  let q = a / b;
  return select(q, q - 1, (a % b != 0) && ((a < 0) != (b < 0)));
}`,
  },
  /** Remainder with the divisor's sign; 0 when b = 0. */
  q_mod_i: {
    code: `
fn q_mod_i(a: i32, b: i32) -> i32 {
  if (b == 0 || b == -1) { return 0; }
  let r = a % b;
  return select(r, r + b, r != 0 && ((r < 0) != (b < 0)));
}`,
  },
  q_floordiv_u: { code: 'fn q_floordiv_u(a: u32, b: u32) -> u32 { return select(a / max(b, 1u), 0u, b == 0u); }' },
  q_mod_u: { code: 'fn q_mod_u(a: u32, b: u32) -> u32 { return select(a % max(b, 1u), 0u, b == 0u); }' },
  /** a ** b modulo 2^32 by squaring (0 ** 0 = 1); the exponent's bits are read unsigned. */
  q_pow_u: {
    code: `
fn q_pow_u(a: u32, b: u32) -> u32 {
  var r = 1u;
  var base = a;
  var e = b;
  loop {
    if (e == 0u) { break; }
    if ((e & 1u) != 0u) { r = r * base; }
    base = base * base;
    e = e >> 1u;
  }
  return r;
}`,
  },
  /**
   * Where a kernel reports an error the reference would throw (an int32 power with a
   * negative exponent, an all-NaN nanargmax): the backend reads this word after the plan
   * and raises the error of kernel/faults.ts with that code.
   */
  q_status: {
    code: `
@group(1) @binding(0) var<storage, read_write> q_status: array<atomic<u32>>;
fn q_fail(code: u32) { atomicMax(&q_status[0], code); }`,
  },
  q_pow_i: {
    deps: ['q_pow_u', 'q_status'],
    code: `
fn q_pow_i(a: i32, b: i32) -> i32 {
  if (b < 0) { q_fail(${KERNEL_FAULTS.negativePower.code}u); }
  return bitcast<i32>(q_pow_u(bitcast<u32>(a), bitcast<u32>(b)));
}`,
  },

  /** np.round(x, -d) for int32: x / f rounded half to even, times f, wrapping (f = 10^d <= 10^9). */
  q_round_i: {
    code: `
fn q_round_i(x: i32, f: i32) -> i32 {
  let q = x / f;
  let r2 = 2 * abs(x - q * f);
  let up = r2 > f || (r2 == f && (q & 1) != 0);
  return bitcast<i32>(bitcast<u32>(select(q, q + select(1, -1, x < 0), up)) * bitcast<u32>(f));
}`,
  },
  q_round_u: {
    code: `
fn q_round_u(x: u32, f: u32) -> u32 {
  let q = x / f;
  let r2 = 2u * (x - q * f);
  return select(q, q + 1u, r2 > f || (r2 == f && (q & 1u) != 0u)) * f;
}`,
  },

  /** Knuth's exact sum a + b = s + e. */
  q_two_sum: {
    code: `
fn q_two_sum(a: f32, b: f32) -> vec2<f32> {
  let s = a + b;
  let bb = s - a;
  return vec2<f32>(s, (a - (s - bb)) + (b - bb));
}`,
  },
  /**
   * arange/linspace's start + i * step with start = sh + sl and step = th + tl: the
   * products of i's two exact halves by th are exact, so only the final addition rounds.
   */
  q_range_f: {
    deps: ['q_two_prod', 'q_two_sum', 'q_utof'],
    code: `
fn q_range_f(i: u32, sh: f32, sl: f32, th: f32, tl: f32) -> f32 {
  let a = q_two_prod(f32(i & 0xffffff00u), th);
  let b = q_two_prod(f32(i & 0xffu), th);
  let s1 = q_two_sum(a.x, b.x);
  let s2 = q_two_sum(s1.x, sh);
  return s2.x + (((s1.y + s2.y) + (a.y + b.y)) + (sl + q_utof(i) * tl));
}`,
  },

  // ---- Philox4x32-10 (kernel/philox.ts), bit-identical -----------------------------------
  /** High and low words of the 64-bit product, from 16-bit halves (WGSL has no 64-bit integers). */
  q_mulhilo: {
    code: `
fn q_mulhilo(a: u32, b: u32) -> vec2<u32> {
  let al = a & 0xffffu;
  let ah = a >> 16u;
  let bl = b & 0xffffu;
  let bh = b >> 16u;
  let ll = al * bl;
  let mid1 = ah * bl;
  let mid2 = al * bh;
  let carry = ((ll >> 16u) + (mid1 & 0xffffu) + (mid2 & 0xffffu)) >> 16u;
  return vec2<u32>(ah * bh + (mid1 >> 16u) + (mid2 >> 16u) + carry, a * b);
}`,
  },
  /** Word `word` of Philox4x32-10 at counter (i, 0, stream, 0) under `key`: element i of a random stream. */
  q_random: {
    deps: ['q_mulhilo'],
    code: `
fn q_random(i: u32, key: vec2<u32>, stream: u32, word: u32) -> u32 {
  var c = vec4<u32>(i, 0u, stream, 0u);
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    if (r > 0u) { k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u); }
    let p0 = q_mulhilo(0xd2511f53u, c.x);
    let p1 = q_mulhilo(0xcd9e8d57u, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
  }
  return c[word];
}`,
  },
};

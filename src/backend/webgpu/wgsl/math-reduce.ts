import type { Helper } from './helpers.js';

/**
 * The reference's running extremum keeps the earlier element on ties and lets the first
 * NaN win (backend/js/reducers.ts); these combine a state `a` (earlier elements) with `b`.
 */
const extremum = (name: string, better: string): Helper => ({
  deps: ['q_isnan', 'q_ord'],
  code: `
fn ${name}(a: f32, b: f32) -> f32 {
  if (q_isnan(a)) { return a; }
  if (q_isnan(b)) { return b; }
  return select(a, b, q_ord(b) ${better} q_ord(a));
}`,
});

/**
 * Whether (bv, bi) replaces (av, ai) as the arg-extremum: the better value, the first
 * NaN (NumPy: the first NaN wins), else the lower index; index 0xffffffff is "none yet".
 * Index order, not visiting order, breaks ties, so any combining order gives the first.
 * With `skipNaN` (nanargmin, nanargmax) a NaN never replaces anything, so no state holds
 * one; integers have no NaN, so their nan variants are the plain helpers.
 */
function argExtremum(name: string, type: string, better: string, skipNaN = false): Helper {
  const nan = type === 'f32';
  const key = (v: string) => (nan ? `q_ord(${v})` : v);
  let nanRule = '';
  if (nan && skipNaN) nanRule = '  if (q_isnan(bv)) { return false; }\n';
  else if (nan)
    nanRule = `  let an = q_isnan(av);
  let bn = q_isnan(bv);
  if (an && bn) { return bi < ai; }
  if (an) { return false; }
  if (bn) { return true; }
`;
  return {
    deps: nan ? ['q_isnan', 'q_ord'] : [],
    code: `
fn ${name}(av: ${type}, ai: u32, bv: ${type}, bi: u32) -> bool {
  if (bi == 0xffffffffu) { return false; }
${skipNaN ? nanRule : ''}  if (ai == 0xffffffffu) { return true; }
${skipNaN ? '' : nanRule}  if (${key('bv')} ${better} ${key('av')}) { return true; }
  if (${key('av')} ${better} ${key('bv')}) { return false; }
  return bi < ai;
}`,
  };
}

export const REDUCE: Record<string, Helper> = {
  q_rmin: extremum('q_rmin', '<'),
  q_rmax: extremum('q_rmax', '>'),
  q_argmin_f: argExtremum('q_argmin_f', 'f32', '<'),
  q_argmax_f: argExtremum('q_argmax_f', 'f32', '>'),
  q_argmin_i: argExtremum('q_argmin_i', 'i32', '<'),
  q_argmax_i: argExtremum('q_argmax_i', 'i32', '>'),
  q_argmin_u: argExtremum('q_argmin_u', 'u32', '<'),
  q_argmax_u: argExtremum('q_argmax_u', 'u32', '>'),
  q_nanargmin_f: argExtremum('q_nanargmin_f', 'f32', '<', true),
  q_nanargmax_f: argExtremum('q_nanargmax_f', 'f32', '>', true),
  /**
   * The index of a finished nanargmin/nanargmax state: NONE means the run held only NaN,
   * which sets the status word to `code` (kernel/faults.ts) and answers 0.
   */
  q_arg_found: {
    deps: ['q_status'],
    code: `
fn q_arg_found(i: u32, code: u32) -> u32 {
  if (i == 0xffffffffu) { q_fail(code); return 0u; }
  return i;
}`,
  },
  /**
   * An f32 as an i32 in IEEE total order (-0 below +0), so integer subgroupMin/Max pick
   * the same element as a float comparison; NaNs become `nan`, an end of the i32 range
   * that no other float reaches, so they win. q_funkey undoes it (both ends give a NaN).
   */
  q_fkey: {
    deps: ['q_isnan'],
    code: `
fn q_fkey(x: f32, nan: i32) -> i32 {
  let b = bitcast<i32>(x);
  return select(select(b, b ^ 0x7fffffffi, b < 0i), nan, q_isnan(x));
}`,
  },
  q_funkey: { code: 'fn q_funkey(k: i32) -> f32 { return bitcast<f32>(select(k, k ^ 0x7fffffffi, k < 0i)); }' },
  /** An f32 with q_ord(x) == k (+0 for 0); the ends of the i32 range, which q_ord never returns, stand for NaN. */
  q_unord: {
    deps: ['q_f32'],
    code: `
fn q_unord(k: i32) -> f32 {
  if (k == 2147483647i || k == bitcast<i32>(0x80000000u)) { return q_f32(0x7fc00000u); }
  return bitcast<f32>(select(k, (-k) | bitcast<i32>(0x80000000u), k < 0i));
}`,
  },
  /** The reference's m2 / max(n - ddof, 0): NaN for an empty run, m2 / 0 by IEEE's rules. */
  q_var_result: {
    deps: ['q_f32', 'q_div_zero', 'q_div'],
    code: `
fn q_var_result(n: u32, m2: f32, ddof: f32) -> f32 {
  if (n == 0u) { return q_f32(0x7fc00000u); }
  let d = max(f32(n) - ddof, 0.0f);
  if (d == 0.0f) { return q_div_zero(m2, 0.0f); }
  return q_div(m2, d);
}`,
  },
};

import type { ElementwiseOp } from '../../../graph/ops.js';
import { powerOfTen } from '../../../kernel/special.js';
import { literal, type Kind } from './types.js';

/** What one instruction's lowering sees: argument expressions, the kind it computes in, and a way to ask for helpers. */
export interface OpArgs {
  readonly x: readonly string[];
  /** The kind of the op's input (of its second argument for `where`), as the reference's SCALAR reads it. */
  readonly kind: Kind;
  /** The kind of each argument (where's condition may differ from its values). */
  readonly argKinds: readonly Kind[];
  /** The kind of the instruction's result (cast's target). */
  readonly out: Kind;
  readonly decimals: number | undefined;
  /** DeviceProfile.exactTwoSum: whether error-free transformations survive the compiler. */
  readonly exactTwoSum: boolean;
  need(...helpers: string[]): void;
}

/** A construct the GPU path does not lower; the backend runs that step on the CPU instead. */
export class Unsupported extends Error {
  override name = 'Unsupported';
}

type Lowering = (a: OpArgs) => string;

/** The kind an op's WGSL expression has before it is rounded to the instruction's dtype. */
export function naturalKind(op: ElementwiseOp, a: Pick<OpArgs, 'kind' | 'out'>): Kind {
  if (op === 'cast' || op === 'where') return a.out;
  if (PREDICATES.has(op)) return 'b';
  return a.kind;
}
const PREDICATES = new Set<ElementwiseOp>(['isnan', 'isinf', 'isfinite', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual']);

/** Conversion between kinds with ROUND_TO's semantics (graph/dtype.ts). */
export function convert(x: string, from: Kind, to: Kind, need: OpArgs['need']): string {
  if (from === to) return x;
  const call = (h: string) => (need(h), `${h}(${x})`);
  switch (`${from}${to}`) {
    case 'fi':
      return call('q_ftoi');
    case 'fu':
      return call('q_ftou');
    case 'fb':
      need('q_nz', 'q_bool');
      return `q_bool(q_nz(${x}))`;
    case 'if':
      return call('q_itof');
    case 'iu':
      return `bitcast<u32>(${x})`;
    case 'ib':
      return `select(0u, 1u, ${x} != 0)`;
    case 'uf':
      return call('q_utof');
    case 'ui':
      return `bitcast<i32>(${x})`;
    case 'ub':
      return `min(${x}, 1u)`;
    case 'bf':
      return `f32(${x})`;
    case 'bi':
      return `i32(${x})`;
    case 'bu':
      return x;
    default:
      throw new Error(`wgsl: no conversion ${from} -> ${to}`);
  }
}

/** A float-only op (its dtype rule sends every other kind through a cast first). */
const float =
  (helper: string): Lowering =>
  (a) => {
    if (a.kind !== 'f') throw new Unsupported(`${helper} on ${a.kind}`);
    a.need(helper);
    return `${helper}(${a.x.join(', ')})`;
  };

/** One lowering per kind: f32, i32, u32, bool (as u32 0/1). */
const byKind =
  (f: Lowering, i: Lowering, u: Lowering = i, b: Lowering = u): Lowering =>
  (a) =>
    ({ f, i, u, b })[a.kind](a);
const helper =
  (name: string): Lowering =>
  (a) => (a.need(name), `${name}(${a.x.join(', ')})`);
const infix = (op: string): Lowering => (a) => `(${a.x[0]} ${op} ${a.x[1]})`;
const identity: Lowering = (a) => a.x[0]!;

/** Comparisons: floats through NaN-aware helpers, integers natively; the result is bool (u32 0/1). */
const compare =
  (floatHelper: string, op: string): Lowering =>
  (a) => {
    a.need('q_bool');
    if (a.kind === 'f') {
      a.need(floatHelper);
      return `q_bool(${floatHelper}(${a.x[0]}, ${a.x[1]}))`;
    }
    return `q_bool(${a.x[0]} ${op} ${a.x[1]})`;
  };
const predicate =
  (floatHelper: string, otherwise: '0u' | '1u'): Lowering =>
  (a) => {
    if (a.kind !== 'f') return otherwise;
    a.need(floatHelper, 'q_bool');
    return `q_bool(${floatHelper}(${a.x[0]}))`;
  };

/** np.round(x, decimals) as kernel/special.ts roundDecimals with float32 narrowing; integers round exactly. */
const round: Lowering = (a) => {
  const d = a.decimals ?? 0;
  const x = a.x[0]!;
  if (a.kind === 'f') {
    if (d === 0) return `round(${x})`;
    const f = literal(powerOfTen(Math.abs(d)), 'float32');
    a.need('q_div', ...(f.startsWith('q_f32') ? ['q_f32'] : []));
    return d > 0 ? `q_div(round(${x} * ${f}), ${f})` : `(round(q_div(${x}, ${f})) * ${f})`;
  }
  if (d >= 0 || a.kind === 'b') return x;
  // |x| < 2^32 < 10^10 / 2: from 10 digits on every integer rounds to 0.
  if (-d >= 10) return a.kind === 'i' ? '0i' : '0u';
  const f = 10 ** -d;
  a.need(a.kind === 'i' ? 'q_round_i' : 'q_round_u');
  return a.kind === 'i' ? `q_round_i(${x}, ${f})` : `q_round_u(${x}, ${f}u)`;
};

/** An f32 lowering that relies on Knuth's two-sum being compiled as written (npy_divmod's quotient). */
const exactSum =
  (f: Lowering): Lowering =>
  (a) => {
    if (!a.exactTwoSum) throw new Unsupported('float floor division needs exact two-sum, which this adapter\'s compiler reassociates away');
    return f(a);
  };

const INT_MIN = 'bitcast<i32>(0x80000000u)';
const wrapNeg = (x: string) => `bitcast<i32>(0u - bitcast<u32>(${x}))`;

/**
 * Every elementwise op in WGSL, per kind, with the reference's semantics (kernel/scalar.ts).
 * Exhaustive: a new op in graph/ops.ts fails to compile until it has a lowering here.
 */
export const LOWER: { [K in ElementwiseOp]: Lowering } = {
  neg: byKind(helper('q_neg'), (a) => wrapNeg(a.x[0]!), (a) => `(0u - ${a.x[0]})`, identity),
  abs: byKind(helper('q_abs'), (a) => `select(${a.x[0]}, ${wrapNeg(a.x[0]!)}, ${a.x[0]} < 0)`, identity),
  sign: byKind(helper('q_sign'), (a) => `sign(${a.x[0]})`, (a) => `min(${a.x[0]}, 1u)`),
  sqrt: float('q_sqrt'),
  cbrt: float('q_cbrt'),
  exp: float('q_exp'),
  expm1: float('q_expm1'),
  exp2: float('q_exp2'),
  log: float('q_log'),
  log1p: float('q_log1p'),
  log2: float('q_log2'),
  log10: float('q_log10'),
  sin: float('q_sin'),
  cos: float('q_cos'),
  tan: float('q_tan'),
  arcsin: float('q_asin'),
  arccos: float('q_acos'),
  arctan: float('q_atan'),
  sinh: float('q_sinh'),
  cosh: float('q_cosh'),
  tanh: float('q_tanh'),
  erf: float('q_erf'),
  erfc: float('q_erfc'),
  // The builtins are exact and keep NaN and +-Inf (checked on SwiftShader by test/webgpu).
  floor: byKind((a) => `floor(${a.x[0]})`, identity),
  ceil: byKind((a) => `ceil(${a.x[0]})`, identity),
  trunc: byKind((a) => `trunc(${a.x[0]})`, identity),
  round,
  reciprocal: byKind(
    (a) => (a.need('q_nz', 'q_div_zero'), `select(1.0f / ${a.x[0]}, q_div_zero(1.0f, ${a.x[0]}), !q_nz(${a.x[0]}))`),
    (a) => `select(select(0i, ${a.x[0]}, ${a.x[0]} == 1i || ${a.x[0]} == -1i), ${INT_MIN}, ${a.x[0]} == 0i)`,
    (a) => `select(0u, 1u, ${a.x[0]} == 1u)`,
  ),
  isnan: predicate('q_isnan', '0u'),
  isinf: predicate('q_isinf', '0u'),
  isfinite: predicate('q_isfinite', '1u'),
  cast: (a) => convert(a.x[0]!, a.kind, a.out, a.need),
  add: byKind(infix('+'), infix('+'), infix('+'), infix('|')),
  sub: infix('-'),
  mul: byKind(infix('*'), infix('*'), infix('*'), infix('&')),
  div: (a) => {
    if (a.kind !== 'f') throw new Unsupported(`div on ${a.kind}`);
    a.need('q_nz', 'q_div_zero', 'q_div');
    return `select(q_div(${a.x[0]}, ${a.x[1]}), q_div_zero(${a.x[0]}, ${a.x[1]}), !q_nz(${a.x[1]}))`;
  },
  floorDiv: byKind(exactSum(helper('q_floordiv_f')), helper('q_floordiv_i'), helper('q_floordiv_u')),
  mod: byKind(exactSum(helper('q_mod_f')), helper('q_mod_i'), helper('q_mod_u')),
  pow: byKind(helper('q_pow_f'), helper('q_pow_i'), helper('q_pow_u')),
  arctan2: float('q_atan2'),
  hypot: float('q_hypot'),
  minimum: byKind(helper('q_min'), (a) => `min(${a.x[0]}, ${a.x[1]})`),
  maximum: byKind(helper('q_max'), (a) => `max(${a.x[0]}, ${a.x[1]})`),
  equal: compare('q_eq', '=='),
  notEqual: compare('q_ne', '!='),
  less: compare('q_lt', '<'),
  lessEqual: compare('q_le', '<='),
  greater: (a) => compare('q_lt', '<')({ ...a, x: [a.x[1]!, a.x[0]!] }),
  greaterEqual: (a) => compare('q_le', '<=')({ ...a, x: [a.x[1]!, a.x[0]!] }),
  // The reference picks a or b and rounds the pick to where's dtype: a and b may differ in kind.
  where: (a) => {
    const [c, x, y] = a.x as [string, string, string];
    const [ck, xk, yk] = a.argKinds as [Kind, Kind, Kind];
    const pick = (v: string, k: Kind) => convert(v, k, a.out, a.need);
    if (ck !== 'f') return `select(${pick(y, yk)}, ${pick(x, xk)}, ${c} != ${ck === 'i' ? '0i' : '0u'})`;
    a.need('q_nz');
    return `select(${pick(y, yk)}, ${pick(x, xk)}, q_nz(${c}))`;
  },
};

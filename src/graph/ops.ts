/**
 * The op table: every op Quiver's graph can hold, declared once. The frontend checks
 * arity and dtypes from it, the optimizer reads its properties (never op names) and
 * each backend keeps one lowering record `{ [K in ElementwiseOp]: ... }` over it.
 *
 * Frontend functions compose these where composing is as fast and as accurate
 * (square = mul(x, x), clip = minimum(maximum(x, lo), hi), mean = sum / n,
 * logicalAnd = mul of bool casts); an op is here only when composing is not.
 */
import type { DTypeRule } from './dtype-rules.js';

export type OpKind = 'source' | 'elementwise' | 'reduce' | 'scan' | 'contraction' | 'movement' | 'data-dependent';

interface Row {
  readonly kind: OpKind;
  /** Number of inputs; -1 for variadic (concat). */
  readonly arity: number;
  readonly doc: string;
  /** Each row (index along axis 0) of the result depends only on the same row of every input: blocked execution runs it per block of rows. */
  readonly rowLocal?: boolean;
}
export interface ElementwiseRow extends Row {
  readonly kind: 'elementwise';
  readonly dtype: DTypeRule;
  readonly commutative?: boolean;
  readonly associative?: boolean;
  readonly idempotent?: boolean;
  /** `x op identity === x` and `identity op x === x` for every x (Object.is, so -0 counts). */
  readonly identity?: number;
  /** `x op c === x` for every x, on the right only (x - 0, x / 1, x ** 1). */
  readonly rightIdentity?: number;
  /** op(op(x)) === x. */
  readonly involution?: boolean;
  /** Costs far more than an add (a polynomial or a loop): never recomputed to save a store. */
  readonly transcendental?: boolean;
}
export interface ReduceRow extends Row {
  readonly kind: 'reduce';
  /** Result of reducing an empty axis; undefined when NumPy raises (min, max and the arg reductions). */
  readonly identity?: number;
  readonly dtype: 'accumulate' | 'same' | 'bool' | 'index' | 'float';
}

const u = (dtype: DTypeRule, doc: string, extra: Partial<ElementwiseRow> = {}): ElementwiseRow & { readonly arity: 1 } => ({
  ...extra,
  kind: 'elementwise',
  arity: 1,
  dtype,
  doc,
});
const b = (dtype: DTypeRule, doc: string, extra: Partial<ElementwiseRow> = {}): ElementwiseRow & { readonly arity: 2 } => ({
  ...extra,
  kind: 'elementwise',
  arity: 2,
  dtype,
  doc,
});
/** Transcendental: see ElementwiseRow.transcendental. */
const T = { transcendental: true } as const;
const r = (dtype: ReduceRow['dtype'], doc: string, identity?: number): ReduceRow => ({
  kind: 'reduce',
  arity: 1,
  dtype,
  doc,
  ...(identity === undefined ? {} : { identity }),
});

export const ELEMENTWISE = {
  neg: u('sameNoBool', 'negation; wraps for integers (neg(INT_MIN) = INT_MIN)', { involution: true }),
  abs: u('same', 'absolute value; abs(INT_MIN) wraps to INT_MIN as in NumPy'),
  sign: u('sameNoBool', '-1, 0 or 1; NaN stays NaN'),
  sqrt: u('float', 'square root', T),
  cbrt: u('float', 'cube root', T),
  exp: u('float', 'e^x', T),
  expm1: u('float', 'e^x - 1, accurate near 0: composing exp(x) - 1 is not', T),
  exp2: u('float', '2^x', T),
  log: u('float', 'natural logarithm', T),
  log1p: u('float', 'log(1 + x), accurate near 0: composing is not', T),
  log2: u('float', 'base-2 logarithm, exact at powers of two: log(x) / ln 2 is not', T),
  log10: u('float', 'base-10 logarithm, exact at powers of ten: log(x) / ln 10 is not', T),
  sin: u('float', 'sine', T),
  cos: u('float', 'cosine', T),
  tan: u('float', 'tangent', T),
  arcsin: u('float', 'inverse sine', T),
  arccos: u('float', 'inverse cosine', T),
  arctan: u('float', 'inverse tangent', T),
  sinh: u('float', 'hyperbolic sine', T),
  cosh: u('float', 'hyperbolic cosine', T),
  tanh: u('float', 'hyperbolic tangent', T),
  erf: u('float', 'error function', T),
  erfc: u('float', 'complementary error function, accurate in the tail where 1 - erf(x) cancels', T),
  floor: u('same', 'round toward -inf; identity on integers'),
  ceil: u('same', 'round toward +inf; identity on integers'),
  trunc: u('same', 'round toward zero; identity on integers'),
  round: u('round', 'round half to even at `decimals` digits (np.round)'),
  reciprocal: u('intOrPromoteBool', '1 / x; integer reciprocal truncates as in NumPy, so it is not div(1, x)'),
  isnan: u('predicate', 'x is NaN'),
  isinf: u('predicate', 'x is +-Inf'),
  isfinite: u('predicate', 'x is neither NaN nor +-Inf'),
  cast: u('cast', 'conversion to attrs.dtype with NumPy casting (truncation and wrap for integers)', { idempotent: true }),
  add: b('same', 'a + b; logical or on bool; -0 is the identity (0 + -0 is +0)', { commutative: true, associative: true, identity: -0 }),
  sub: b('sameNoBool', 'a - b', { rightIdentity: 0 }),
  mul: b('same', 'a * b; logical and on bool', { commutative: true, associative: true, identity: 1 }),
  div: b('trueDiv', 'true division; integers divide in float64', { rightIdentity: 1 }),
  floorDiv: b('intOrPromoteBool', 'floor(a / b); integer division by zero gives 0 as in NumPy'),
  mod: b('intOrPromoteBool', 'remainder with the sign of the divisor (np.remainder)'),
  pow: b('intOrPromoteBool', 'a ** b; integer powers wrap, negative integer exponents raise', { ...T, rightIdentity: 1 }),
  arctan2: b('float', 'angle of (b, a) in the plane', T),
  hypot: b('float', 'sqrt(a^2 + b^2) without overflow: composing overflows', T),
  minimum: b('same', 'elementwise minimum; NaN propagates', { commutative: true, associative: true, idempotent: true }),
  maximum: b('same', 'elementwise maximum; NaN propagates', { commutative: true, associative: true, idempotent: true }),
  equal: b('compare', 'a == b', { commutative: true }),
  notEqual: b('compare', 'a != b', { commutative: true }),
  less: b('compare', 'a < b'),
  lessEqual: b('compare', 'a <= b'),
  greater: b('compare', 'a > b'),
  greaterEqual: b('compare', 'a >= b'),
  where: { kind: 'elementwise', arity: 3, dtype: 'select', doc: 'cond ? a : b' },
} as const satisfies Record<string, ElementwiseRow>;

export const REDUCE = {
  sum: r('accumulate', 'sum over attrs.axes (pairwise in the js reference)', 0),
  prod: r('accumulate', 'product over attrs.axes', 1),
  min: r('same', 'minimum over attrs.axes; NaN propagates; empty raises'),
  max: r('same', 'maximum over attrs.axes; NaN propagates; empty raises'),
  any: r('bool', 'logical or over attrs.axes', 0),
  all: r('bool', 'logical and over attrs.axes', 1),
  var: r('float', 'variance over attrs.axes with divisor n - attrs.ddof, in one pass: mean and std of x share a read of x', NaN),
  argmin: r('index', 'index of the first minimum along attrs.axes[0] (first NaN wins)'),
  argmax: r('index', 'index of the first maximum along attrs.axes[0] (first NaN wins)'),
  nanargmin: r(
    'index',
    'index of the first minimum along attrs.axes[0] ignoring NaN; an all-NaN slice raises when evaluated. Not argmin of NaN replaced by +inf: that answers the NaN for [NaN, inf]',
  ),
  nanargmax: r(
    'index',
    'index of the first maximum along attrs.axes[0] ignoring NaN; an all-NaN slice raises when evaluated. Not argmax of NaN replaced by -inf: that answers the NaN for [NaN, -inf]',
  ),
} as const satisfies Record<string, ReduceRow>;

/**
 * Rolling-window statistics along attrs.axis with pandas' semantics (attrs.rolling: window,
 * minPeriods, ddof): NaNs are skipped, a window with fewer than minPeriods non-NaN entries
 * gives NaN, an infinity makes a sum or mean infinite (NaN with both signs) and a variance
 * NaN only while it is inside the window. Ops, not compositions: sums through cumsum took
 * ~10 kernels of compensated running sums, and min / max have no O(n) composition; one
 * pass per series keeps the window's compensated sums and counts (or its monotonic
 * deque of candidates) as it slides.
 */
export const ROLLING = {
  rollingSum: { kind: 'scan', arity: 1, doc: 'sum of each window\'s non-NaN entries; an empty window sums to 0 (minPeriods 0)' },
  rollingMean: { kind: 'scan', arity: 1, doc: 'mean of each window\'s non-NaN entries' },
  rollingVar: { kind: 'scan', arity: 1, doc: 'variance of each window\'s non-NaN entries, divisor count - attrs.rolling.ddof (NaN when not positive)' },
  rollingStd: { kind: 'scan', arity: 1, doc: 'square root of rollingVar' },
  rollingMin: { kind: 'scan', arity: 1, doc: 'minimum of each window\'s non-NaN entries (NaN for none)' },
  rollingMax: { kind: 'scan', arity: 1, doc: 'maximum of each window\'s non-NaN entries (NaN for none)' },
} as const satisfies Record<string, Row>;

/**
 * Exponentially weighted statistics along attrs.axis with pandas' semantics (attrs.ewm:
 * alpha, adjust, ignoreNa, minPeriods, bias): pandas' ewma and ewmcov recursions, one
 * sequential pass per series carrying the mean, the weight of the past and (var, std) the
 * weighted second moment with Σw and Σw². Ops, not compositions: adjust=true as a ratio
 * of cumsums needs weights (1-α)^-t, which overflow float64 after ~700 / -ln(1-α) steps
 * (~11,000 for α = 0.06, far fewer in float32), and adjust=false across NaN gaps is a
 * recursion no scan of the table expresses.
 */
export const EWM = {
  ewmMean: { kind: 'scan', arity: 1, doc: 'exponentially weighted mean of the non-NaN entries so far (NaN before attrs.ewm.minPeriods of them)' },
  ewmVar: { kind: 'scan', arity: 1, doc: 'exponentially weighted variance, unbiased by (Σw)² / ((Σw)² - Σw²) unless attrs.ewm.bias' },
  ewmStd: { kind: 'scan', arity: 1, doc: 'square root of ewmVar, a negative rounding residue clipped to 0' },
} as const satisfies Record<string, Row>;

export const OTHER = {
  buffer: { kind: 'source', arity: 0, doc: 'user data held by the node' },
  fill: { kind: 'source', arity: 0, doc: 'attrs.value at every element' },
  range: { kind: 'source', arity: 0, doc: '1-D start + i * step; the last element is attrs.last when given (linspace endpoint)' },
  random: { kind: 'source', arity: 0, doc: 'uint32 Philox4x32-10 bits of each element (see kernel/philox.ts): attrs.key, attrs.stream, attrs.word' },
  cumsum: { kind: 'scan', arity: 1, doc: 'running sum along attrs.axis' },
  cumprod: { kind: 'scan', arity: 1, doc: 'running product along attrs.axis' },
  ...ROLLING,
  ...EWM,
  matmul: { kind: 'contraction', arity: 2, doc: 'batched (..., n, k) x (..., k, m) matrix product' },
  reshape: { kind: 'movement', arity: 1, doc: 'same elements in C order, new attrs.shape' },
  permute: { kind: 'movement', arity: 1, doc: 'axes reordered by attrs.axes' },
  expand: { kind: 'movement', arity: 1, doc: 'broadcast to attrs.shape' },
  slice: { kind: 'movement', arity: 1, doc: 'basic slicing by attrs.slices (start, step, count per axis)' },
  sort: { kind: 'data-dependent', arity: 1, doc: 'stable ascending sort along attrs.axis, NaN last' },
  argsort: { kind: 'data-dependent', arity: 1, doc: 'stable indices that sort along attrs.axis' },
  gather: { kind: 'data-dependent', arity: 2, doc: 'np.take(x, indices, axis=attrs.axis)' },
  gatherAlong: { kind: 'data-dependent', arity: 2, doc: 'np.take_along_axis(x, indices, attrs.axis)' },
  concat: { kind: 'data-dependent', arity: -1, doc: 'inputs joined along attrs.axis' },
  impliedVol: {
    kind: 'data-dependent',
    arity: 7,
    doc: 'Black-Scholes-Merton implied volatility of each element of (price, spot, strike, time, rate, dividend, call), one float dtype and one shape, by the safeguarded Newton iteration of attrs.solver (graph/node.ts SolverAttrs): rows vol, converged (0/1), iterations and relative price error of a [4, ...shape] result. An op, not a composition: the composition iterated whole arrays and read back the count still unconverged after every iteration; each element\'s loop stops on its own here',
  },
  groupAgg: {
    kind: 'data-dependent',
    arity: -1,
    doc: 'per-group statistics attrs.group of values (inputs 1..) by int32 group code (input 0): one pass whatever the number of aggregations (graph/group-agg.ts)',
  },
  groupSlots: {
    kind: 'data-dependent',
    arity: -1,
    rowLocal: true,
    doc: 'int32 slot of each row among the combinations of several int32 keys, mixed radix by attrs.slots (graph/group-agg.ts), -1 for a null key. An op, not a composition of sub, mul, add and where: the wasm VM computes int32 arithmetic through float64 with a wrap after each step, and grouping 10M rows by two int keys of 100 values took 111-435 ms with the composition against 53-119 ms with this op (medians of five alternating runs, 2-core machine at load 3-6)',
  },
} as const satisfies Record<string, Row>;

export type ElementwiseOp = keyof typeof ELEMENTWISE;
export type ReduceOp = keyof typeof REDUCE;
export type OtherOp = keyof typeof OTHER;
export type RollingOp = keyof typeof ROLLING;
export type EwmOp = keyof typeof EWM;
export type OpName = ElementwiseOp | ReduceOp | OtherOp;

export const OPS: Record<OpName, Row> = { ...ELEMENTWISE, ...REDUCE, ...OTHER };

export const isElementwise = (op: OpName): op is ElementwiseOp => op in ELEMENTWISE;
export const isReduce = (op: OpName): op is ReduceOp => op in REDUCE;
export const isRolling = (op: OpName): op is RollingOp => op in ROLLING;
export const isEwm = (op: OpName): op is EwmOp => op in EWM;
export const isRowLocal = (op: OpName): boolean => isElementwise(op) || OPS[op].rowLocal === true;

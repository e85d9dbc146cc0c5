import fc from 'fast-check';
import { np, type DType, type NDArray } from 'quiverjs';

/**
 * Random expressions for the property tests of test/optimizer: recipes built into arrays
 * on deterministic data. `variant` builds a recipe again on other data and with other
 * scalars (scalarOf): the same expression, other values.
 */
/** A random expression as data, so the same expression can be built several times: fused and unfused, cached and not, on other data. */
export type Recipe =
  /** `stored`: a value computed earlier, read in place as a strided view of other data (a leaf with strides, or a negative step). */
  | { t: 'leaf'; shape: number[]; dtype: DType; seed: number; stored?: 'T' | 'flip' | 'step' }
  | { t: 'unary'; op: (typeof UNARY)[number]; x: Recipe }
  | { t: 'binary'; op: (typeof BINARY)[number]; x: Recipe; y: Recipe | number }
  | { t: 'view'; op: 'T' | 'flip' | 'step' | 'flat'; x: Recipe }
  | { t: 'reduce'; op: (typeof REDUCE)[number]; axis: number; keepdims: boolean; x: Recipe }
  | { t: 'cumsum'; axis: number; x: Recipe };

const UNARY = ['neg', 'abs', 'exp', 'sqrt', 'square', 'floor', 'isnan', 'tanh'] as const;
const BINARY = ['add', 'sub', 'mul', 'div', 'maximum', 'less', 'mod'] as const;
const REDUCE = ['sum', 'mean', 'max', 'var', 'prod', 'any'] as const;
const DTYPES: DType[] = ['float64', 'float32', 'int32', 'uint32', 'bool'];

/** Deterministic values for a leaf, with NaN, infinities and -0 among the floats. */
function values(n: number, seed: number, dtype: DType): number[] {
  const specials = [NaN, Infinity, -Infinity, -0, 0, 1];
  return Array.from({ length: n }, (_, i) => {
    const u = Math.sin((i + 1) * 12.9898 + seed * 78.233) * 43758.5453;
    const f = u - Math.floor(u);
    if (dtype === 'bool') return f > 0.5 ? 1 : 0;
    if (dtype === 'int32') return Math.floor((f - 0.5) * 20);
    if (dtype === 'uint32') return Math.floor(f * 20);
    return i % 7 === 3 ? specials[(seed + i) % specials.length]! : (f - 0.5) * 8;
  });
}

/** The views a stored leaf's variants cycle through: one shape, other strides and offsets. */
const STORED_CYCLE = ['T', 'flip', 'step'] as const;

/** A leaf: data reshaped, or a computed strided view of data when the recipe says `stored` (variants take the next view in STORED_CYCLE). */
async function leaf(r: Extract<Recipe, { t: 'leaf' }>, variant: number): Promise<NDArray> {
  const seed = r.seed + variant * 1000;
  const data = (shape: readonly number[]) => np.array(values(shape.reduce((a, b) => a * b, 1), seed, r.dtype), r.dtype).reshape(shape);
  if (!r.stored) return data(r.shape);
  const stored = STORED_CYCLE[(STORED_CYCLE.indexOf(r.stored) + variant) % STORED_CYCLE.length]!;
  const [first, ...rest] = r.shape as [number, ...number[]];
  const view = stored === 'T' ? data([...r.shape].reverse()).T : stored === 'flip' ? data(r.shape).flip(0) : data([first * 2, ...rest]).slice('::2');
  await view.data();
  return view;
}

export async function build(r: Recipe, variant = 0): Promise<NDArray> {
  switch (r.t) {
    case 'leaf':
      return leaf(r, variant);
    case 'unary': {
      const x = await build(r.x, variant);
      return x.dtype === 'bool' && (r.op === 'neg') ? x.abs() : np[r.op](x);
    }
    case 'binary': {
      const x = await build(r.x, variant);
      const y = typeof r.y === 'number' ? scalarOf(r.y, variant) : await build(r.y, variant);
      const op = r.op === 'sub' && x.dtype === 'bool' && (typeof y === 'number' || y.dtype === 'bool') ? 'add' : r.op;
      return np[op](x, y);
    }
    case 'view': {
      const x = await build(r.x, variant);
      if (x.ndim === 0) return x;
      if (r.op === 'T') return x.T;
      if (r.op === 'flip') return x.flip(0);
      if (r.op === 'flat') return x.reshape(-1);
      return x.slice('::2');
    }
    case 'reduce': {
      const x = await build(r.x, variant);
      if (x.ndim === 0) return x;
      const axis = r.axis % x.ndim;
      if (x.shape[axis] === 0 && r.op === 'max') return x;
      return np[r.op](x, { axis, keepdims: r.keepdims });
    }
    case 'cumsum': {
      const x = await build(r.x, variant);
      return x.ndim === 0 ? x : x.cumsum(r.axis % x.ndim);
    }
  }
}

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 });
const storedArb = fc.constantFrom(...STORED_CYCLE);

/** Random recipes whose scalar operands are drawn from `scalars`; `stored` adds leaves that are strided views computed earlier. */
export const recipeOf = (scalars: readonly number[], { stored = false } = {}): fc.Arbitrary<Recipe> =>
  fc.letrec<{ r: Recipe }>((tie) => ({
    r: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      stored
        ? fc.record({ t: fc.constant('leaf' as const), shape: shapeArb, dtype: fc.constantFrom(...DTYPES), seed: fc.nat(1000), stored: storedArb }, { requiredKeys: ['t', 'shape', 'dtype', 'seed'] })
        : fc.record({ t: fc.constant('leaf' as const), shape: shapeArb, dtype: fc.constantFrom(...DTYPES), seed: fc.nat(1000) }),
      fc.record({ t: fc.constant('unary' as const), op: fc.constantFrom(...UNARY), x: tie('r') }),
      fc.record({ t: fc.constant('binary' as const), op: fc.constantFrom(...BINARY), x: tie('r'), y: fc.oneof(tie('r'), fc.constantFrom(...scalars)) }),
      fc.record({ t: fc.constant('view' as const), op: fc.constantFrom('T' as const, 'flip' as const, 'step' as const, 'flat' as const), x: tie('r') }),
      fc.record({ t: fc.constant('reduce' as const), op: fc.constantFrom(...REDUCE), axis: fc.nat(2), keepdims: fc.boolean(), x: tie('r') }),
      fc.record({ t: fc.constant('cumsum' as const), axis: fc.nat(2), x: tie('r') }),
    ),
  })).r;

/**
 * Scalars a recipe's variant moves along: a variant turns a scalar a rewrite rule reads
 * (1, 0, 2) into one it does not and back, so a plan made for one must not serve the other.
 */
const SCALAR_CYCLE = [2, 0.5, -1, 1, 0, 2.5];

/** A recipe's scalar in build `variant`: the scalar `variant` places further along SCALAR_CYCLE. */
const scalarOf = (s: number, variant: number): number => {
  const k = SCALAR_CYCLE.indexOf(s);
  return k < 0 ? s : SCALAR_CYCLE[(k + variant) % SCALAR_CYCLE.length]!;
};

/** float64: 1e-12 relative (fused sums group terms differently); float32: 1e-5; integers and bool exactly; NaN where NaN. */
export function close(a: number, b: number, dtype: DType): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (dtype !== 'float64' && dtype !== 'float32') return a === b;
  if (a === b) return true;
  const tol = dtype === 'float64' ? 1e-12 : 1e-5;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}


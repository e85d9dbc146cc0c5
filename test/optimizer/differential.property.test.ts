import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { init, np, type DType, type NDArray } from 'quiverjs';
import { TEST_BACKEND, TEST_INIT } from '../helpers/backend.js';

afterAll(async () => {
  await init({ backend: 'js' });
});

/** A random expression as data, so the same expression can be built twice: fused and unfused. */
type Recipe =
  | { t: 'leaf'; shape: number[]; dtype: DType; seed: number }
  | { t: 'unary'; op: (typeof UNARY)[number]; x: Recipe }
  | { t: 'binary'; op: (typeof BINARY)[number]; x: Recipe; y: Recipe | number }
  | { t: 'view'; op: 'T' | 'flip' | 'step' | 'flat'; x: Recipe }
  | { t: 'reduce'; op: (typeof REDUCE)[number]; axis: number; keepdims: boolean; x: Recipe }
  | { t: 'cumsum'; axis: number; x: Recipe };

const UNARY = ['neg', 'abs', 'exp', 'sqrt', 'square', 'floor', 'isnan', 'tanh'] as const;
const BINARY = ['add', 'sub', 'mul', 'div', 'maximum', 'less', 'mod'] as const;
const REDUCE = ['sum', 'mean', 'max', 'var', 'prod', 'any'] as const;
const DTYPES: DType[] = ['float64', 'float32', 'int32', 'uint32', 'bool'];

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

function build(r: Recipe): NDArray {
  switch (r.t) {
    case 'leaf': {
      const n = r.shape.reduce((a, b) => a * b, 1);
      return np.array(values(n, r.seed, r.dtype), r.dtype).reshape(r.shape);
    }
    case 'unary': {
      const x = build(r.x);
      return x.dtype === 'bool' && (r.op === 'neg') ? x.abs() : np[r.op](x);
    }
    case 'binary': {
      const x = build(r.x);
      const y = typeof r.y === 'number' ? r.y : build(r.y);
      const op = r.op === 'sub' && x.dtype === 'bool' && (typeof y === 'number' || y.dtype === 'bool') ? 'add' : r.op;
      return np[op](x, y);
    }
    case 'view': {
      const x = build(r.x);
      if (x.ndim === 0) return x;
      if (r.op === 'T') return x.T;
      if (r.op === 'flip') return x.flip(0);
      if (r.op === 'flat') return x.reshape(-1);
      return x.slice('::2');
    }
    case 'reduce': {
      const x = build(r.x);
      if (x.ndim === 0) return x;
      const axis = r.axis % x.ndim;
      if (x.shape[axis] === 0 && r.op === 'max') return x;
      return np[r.op](x, { axis, keepdims: r.keepdims });
    }
    case 'cumsum': {
      const x = build(r.x);
      return x.ndim === 0 ? x : x.cumsum(r.axis % x.ndim);
    }
  }
}

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 });
const recipeArb: fc.Arbitrary<Recipe> = fc.letrec<{ r: Recipe }>((tie) => ({
  r: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ t: fc.constant('leaf' as const), shape: shapeArb, dtype: fc.constantFrom(...DTYPES), seed: fc.nat(1000) }),
    fc.record({ t: fc.constant('unary' as const), op: fc.constantFrom(...UNARY), x: tie('r') }),
    fc.record({ t: fc.constant('binary' as const), op: fc.constantFrom(...BINARY), x: tie('r'), y: fc.oneof(tie('r'), fc.constantFrom(2, 0.5, -1)) }),
    fc.record({ t: fc.constant('view' as const), op: fc.constantFrom('T' as const, 'flip' as const, 'step' as const, 'flat' as const), x: tie('r') }),
    fc.record({ t: fc.constant('reduce' as const), op: fc.constantFrom(...REDUCE), axis: fc.nat(2), keepdims: fc.boolean(), x: tie('r') }),
    fc.record({ t: fc.constant('cumsum' as const), axis: fc.nat(2), x: tie('r') }),
  ),
})).r;

/** Builds and reads a recipe fused on the backend under test, or unfused on the js reference; shape errors (a random broadcast that does not fit) count as an outcome too. */
async function outcome(r: Recipe, fuse: boolean) {
  await init(fuse ? TEST_INIT : { backend: 'js', fuse: false });
  try {
    const x = build(r);
    return { dtype: x.dtype, shape: x.shape, values: Array.from(await x.data()) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** float64: 1e-12 relative (fused sums group terms differently); float32: 1e-5; integers and bool exactly; NaN where NaN. */
function close(a: number, b: number, dtype: DType): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (dtype !== 'float64' && dtype !== 'float32') return a === b;
  if (a === b) return true;
  const tol = dtype === 'float64' ? 1e-12 : 1e-5;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

describe(`fused evaluation on ${TEST_BACKEND} agrees with the unfused js reference (property-based)`, () => {
  it('on random expressions over random shapes, views, broadcasts and dtypes with NaN, Inf and -0', async () => {
    await fc.assert(
      fc.asyncProperty(recipeArb, async (r) => {
        const fused = await outcome(r, true);
        const plain = await outcome(r, false);
        if ('error' in plain || 'error' in fused) {
          expect(fused).toEqual(plain);
          return;
        }
        expect(fused.dtype).toBe(plain.dtype);
        expect(fused.shape).toEqual(plain.shape);
        const bad = plain.values.flatMap((v, i) => (close(v, fused.values[i]!, plain.dtype) ? [] : [`[${i}] unfused ${v} fused ${fused.values[i]}`]));
        expect(bad).toEqual([]);
      }),
      { numRuns: 300, seed: 424242 },
    );
  });
});

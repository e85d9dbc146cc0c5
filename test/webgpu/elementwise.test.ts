import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { np, type NDArray } from 'quiverjs';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { ELEMENTWISE, type ElementwiseOp } from '../../src/graph/ops.js';
import { bools, expectSame, floats, gpuBackend, initFrontend, ints, uints, type Tolerance } from './helpers.js';

let gpu: WebGpuBackend;
beforeAll(initFrontend);
// Each test awaits the (shared) backend itself: a missing adapter fails every test, it never skips one.
beforeEach(async () => {
  gpu = await gpuBackend();
});

/**
 * float32 tolerances against the float64 reference rounded to f32, in ulps, as measured
 * on SwiftShader over these inputs (edges, 1e-6..1e6 magnitudes, NaN, +-Inf, +-0), one
 * per op of the table, so a new op does not compile until it has one.
 * Exact (0 ulp): the IEEE-exact ops and everything built on exact integer arithmetic.
 */
const TOLERANCE: { readonly [K in ElementwiseOp]: Tolerance } = {
  neg: { ulps: 0 }, abs: { ulps: 0 }, sign: { ulps: 0 }, sqrt: { ulps: 0 }, floor: { ulps: 0 }, ceil: { ulps: 0 },
  trunc: { ulps: 0 }, round: { ulps: 0 }, reciprocal: { ulps: 0 }, isnan: { ulps: 0 }, isinf: { ulps: 0 }, isfinite: { ulps: 0 },
  cast: { ulps: 0 },
  cbrt: { ulps: 1 }, exp: { ulps: 1 }, expm1: { ulps: 1 }, exp2: { ulps: 1 }, log: { ulps: 1 }, log1p: { ulps: 1 },
  log2: { ulps: 1 }, log10: { ulps: 1 }, sin: { ulps: 1 }, cos: { ulps: 1 }, tan: { ulps: 2 }, arcsin: { ulps: 1 },
  arccos: { ulps: 1 }, arctan: { ulps: 1 }, sinh: { ulps: 2 }, cosh: { ulps: 2 }, tanh: { ulps: 2 }, erf: { ulps: 2 },
  erfc: { ulps: 2 },
  add: { ulps: 0 }, sub: { ulps: 0 }, mul: { ulps: 0 }, div: { ulps: 0 }, minimum: { ulps: 0 }, maximum: { ulps: 0 },
  equal: { ulps: 0 }, notEqual: { ulps: 0 }, less: { ulps: 0 }, lessEqual: { ulps: 0 }, greater: { ulps: 0 },
  greaterEqual: { ulps: 0 }, floorDiv: { ulps: 0 }, mod: { ulps: 0 }, arctan2: { ulps: 1 }, hypot: { ulps: 1 }, pow: { ulps: 1 },
  where: { ulps: 0 },
};
/** Ops with tests of their own below rather than np.op over float arrays: round (decimals), cast (a dtype), where (a condition). */
const OWN_TESTS: ReadonlySet<ElementwiseOp> = new Set(['round', 'cast', 'where']);
/** The table's ops of one arity, with their tolerances. */
const withArity = (arity: number): [ElementwiseOp, Tolerance][] =>
  (Object.keys(ELEMENTWISE) as ElementwiseOp[])
    .filter((op) => ELEMENTWISE[op].arity === arity && !OWN_TESTS.has(op))
    .map((op) => [op, TOLERANCE[op]]);
const UNARY = withArity(1);
const BINARY = withArity(2);
const INT_UNARY = ['neg', 'abs', 'sign', 'floor', 'ceil', 'trunc', 'reciprocal', 'isnan', 'isinf', 'isfinite'];
const INT_BINARY = ['add', 'sub', 'mul', 'floorDiv', 'mod', 'minimum', 'maximum', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];

const call = (op: string, ...args: NDArray[]): NDArray => (np as unknown as Record<string, (...a: NDArray[]) => NDArray>)[op]!(...args);

describe('float32 elementwise ops on the GPU match the float64 reference', () => {
  const xs = floats(40 * 50, 1);
  it.each(UNARY)('%s over a contiguous array and its transpose', async (op, tol) => {
    const x = np.array(xs).reshape(40, 50);
    await expectSame(gpu, [call(op, x), call(op, x.T)], tol, [Array.from(xs)]);
  });

  it.each(BINARY)('%s over transposed and broadcast operands', async (op, tol) => {
    const a = np.array(floats(40 * 50, 2, op === 'pow' ? 1 : 6)).reshape(40, 50);
    const b = np.array(floats(50 * 40, 3, op === 'pow' ? 1 : 6)).reshape(50, 40);
    const row = np.array(floats(50, 4));
    await expectSame(gpu, [call(op, a, b.T), call(op, row, a), call(op, a.flip(), row)], tol);
  });

  it('pow of negative bases by integer and non-integer exponents', async () => {
    const base = np.array(new Float32Array([-2, -2, -0.5, -8, -1, -1, 0, -0, -0, 2, 10, 1e-3]));
    const exp = np.array(new Float32Array([3, 2.5, -3, 1 / 3, Infinity, -Infinity, -1, -1, -2, 100, -30, 12]));
    await expectSame(gpu, [base.pow(exp), exp.pow(base)], TOLERANCE.pow);
  });

  it('round to decimals as np.round does', async () => {
    const x = np.array(floats(2000, 5, 4));
    await expectSame(gpu, [-3, -1, 0, 1, 2, 5].map((d) => x.round(d)), TOLERANCE.round);
  });

  it('clip, where and comparisons chained with NaN operands', async () => {
    const x = np.array(floats(1000, 6));
    const y = np.array(floats(1000, 7));
    await expectSame(gpu, [x.clip(-1, 2), np.where(x.greater(y), x, y.mul(2)), x.isnan().logicalOr(y.less(0))], TOLERANCE.where);
  });

  it('fuses a long chain into one kernel that keeps f32 rounding per step', async () => {
    const x = np.array(floats(4096, 8, 2));
    const e = x.mul(1.5).add(0.25).sqrt().log1p().mul(x).tanh().sub(x.abs().exp().reciprocal());
    expect(e.plan().steps).toHaveLength(1);
    // Cancellation in the final subtraction turns 1-ulp differences upstream into more ulps of a small result.
    await expectSame(gpu, [e], { ulps: 4, abs: 1e-6 });
  });
});

describe('integer and bool elementwise ops on the GPU are exact', () => {
  it.each(INT_UNARY)('int32 and uint32 %s', async (op) => {
    await expectSame(gpu, [call(op, np.array(ints(997, 11))), call(op, np.array(uints(997, 12)).reshape(997, 1).T)]);
  });

  it.each(INT_BINARY)('int32 and uint32 %s with wrap-around and division by zero', async (op) => {
    const a = np.array(ints(60 * 30, 13)).reshape(60, 30);
    const b = np.array(ints(30 * 60, 14).map((v, i) => (i % 9 === 0 ? 0 : i % 11 === 0 ? -1 : v))).reshape(30, 60);
    const u = np.array(uints(60 * 30, 15)).reshape(60, 30);
    const v = np.array(uints(30, 16).map((x, i) => (i % 5 === 0 ? 0 : x)));
    await expectSame(gpu, [call(op, a, b.T), call(op, u, v)]);
  });

  it('integer powers wrap, and a negative int32 exponent raises as in NumPy', async () => {
    const base = np.array(ints(500, 17));
    const exp = np.array(Int32Array.from({ length: 500 }, (_, i) => i % 40));
    await expectSame(gpu, [base.pow(exp), np.array(uints(500, 18)).pow(np.array(Uint32Array.from({ length: 500 }, (_, i) => i % 70)))]);
    const bad = base.pow(np.array(Int32Array.from({ length: 500 }, (_, i) => (i === 7 ? -1 : 2))));
    await expect(gpu.execute(bad.plan())).rejects.toThrow('pow: integers to negative integer powers are not allowed');
  });

  it('integer rounding to negative decimals rounds half to even and wraps', async () => {
    const x = np.array(ints(1000, 19));
    const u = np.array(uints(1000, 20));
    await expectSame(gpu, [-1, -2, -5, -9, -10].flatMap((d) => [x.round(d), u.round(d)]));
  });

  it('bool logic, where over every dtype, and comparisons of bools', async () => {
    const p = np.array(bools(777, 21), 'bool');
    const q = np.array(bools(777, 22), 'bool');
    const x = np.array(floats(777, 23));
    const i = np.array(ints(777, 24));
    await expectSame(gpu, [p.logicalAnd(q), p.logicalOr(q), p.logicalXor(q), p.logicalNot(), p.less(q), np.where(p, x, x.neg()), np.where(q, i, 3), p.add(q), p.mul(q)]);
  });
});

describe('casts between the GPU dtypes follow ROUND_TO', () => {
  const sources: Record<string, () => NDArray> = {
    float32: () => np.array(new Float32Array([...floats(500, 31, 12), 2147483520, 2147483648, -2147483904, 4294967040, 4294967296, 1e19, -1e19, 9.3e18, -0.9, 0.99])),
    int32: () => np.array(ints(500, 32)),
    uint32: () => np.array(uints(500, 33)),
    bool: () => np.array(bools(500, 34), 'bool'),
  };
  for (const [from, make] of Object.entries(sources)) {
    it.each(['float32', 'int32', 'uint32', 'bool'] as const)(`${from} -> %s`, async (to) => {
      await expectSame(gpu, [make().astype(to)], TOLERANCE.cast);
    });
  }
});

describe('views and shapes', () => {
  it('reads strided, flipped, broadcast and offset views without copies', async () => {
    const x = np.array(floats(6 * 7 * 8, 41)).reshape(6, 7, 8);
    const y = np.array(floats(8, 42));
    const views = [x.transpose([2, 0, 1]), x.slice('1:5', '::-2', '2:'), x.flip(1).add(y), x.slice(':', 3).mul(y.slice('::2').reshape(4, 1).sum(1).reshape(1, 4).broadcastTo([6, 4]).slice(':', 0).reshape(6, 1))];
    await expectSame(gpu, views.map((v) => v.mul(3).add(1)));
  });

  it('handles 0-d arrays, empty arrays and single elements', async () => {
    const s = np.array(new Float32Array([2.5])).reshape([]);
    const e = np.array(new Float32Array(0)).reshape(0, 3);
    await expectSame(gpu, [s.exp(), e.add(1), np.array(new Int32Array([7])).neg()]);
  });

  it('covers more workgroups than one dispatch dimension holds (limit lowered to 3)', async () => {
    const small = await gpuBackend({ limits: { maxWorkgroupsPerDimension: 3, maxInvocations: 64 } });
    const x = np.arange(1000, undefined, 1, 'float32');
    await expectSame(small, [x.mul(0.5).floor(), x.reshape(10, 100).T.sqrt()]);
  });
});

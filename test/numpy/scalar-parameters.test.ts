/**
 * A JS number in an expression is a kernel parameter, not code (#13): the same
 * expression with another scalar runs the kernel already compiled, on every backend.
 * Each case evaluates one expression with 100 different scalars (so the result cache
 * cannot answer), counts compiles, and compares every result with plain JS float64
 * math rounded as the dtype stores it. Tolerances:
 * - float64 with log/exp: 1e-12 relative (the wasm VM's SIMD log and exp are a few ulp
 *   from JS Math).
 * - float32 mul and add: exact (IEEE single rounding on every backend, each step rounded).
 * - int32 mul and add: exact, wrapping modulo 2^32.
 * The webgpu backend runs float64 kernels on its CPU backend, which counts their
 * compiles itself: there the float64 cases see no compile on the active counters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { counters, init, np, type NDArray } from 'quiverjs';
import { TEST_BACKEND, TEST_INIT } from '../helpers/backend.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

const N = 1000;
const EVALUATIONS = 100;
/** 100 scalars, none an identity of mul or add (1, 0, -0) nor an exponent pow rewrites. */
const scalarAt = (i: number): number => 1.5 + i / 7;

const f64 = np.array(Float64Array.from({ length: N }, (_, i) => 0.5 + Math.abs(Math.sin(i))));
const f32 = np.array(Float32Array.from({ length: N }, (_, i) => Math.cos(i) * 100));
const i32 = np.array(Int32Array.from({ length: N }, (_, i) => (i * 2_654_435) | 0));

/** Values equal within `rel` relative error; NaNs where expected, and the sign of an expected zero. */
function expectClose(got: ArrayLike<number>, want: readonly number[], rel: number, what: string): void {
  const bad = want.findIndex((w, i) => {
    const g = got[i]!;
    if (Number.isNaN(w) || w === 0 || !Number.isFinite(w)) return !Object.is(g, w);
    return Math.abs(g - w) > rel * Math.abs(w);
  });
  expect(bad < 0 ? 'all close' : `${what}: element ${bad} is ${got[bad]}, expected ${want[bad]}`).toBe('all close');
}

/**
 * Evaluates `expr` with each scalar, checks each result against `oracle`, and returns
 * the compiles of the first evaluation and of the other 99 together.
 */
async function compilesOver(
  scalars: readonly number[],
  expr: (s: number) => NDArray,
  oracle: (s: number) => number[],
  rel: number,
): Promise<{ first: number; rest: number; kernels: number }> {
  const kernels = expr(scalars[0]!).plan().steps.length;
  let first = 0;
  const start = counters().compiles;
  for (const [k, s] of scalars.entries()) {
    const out = expr(s);
    expectClose(await out.data(), oracle(s), rel, `scalar ${s}`);
    out.dispose();
    if (k === 0) first = counters().compiles - start;
  }
  return { first, rest: counters().compiles - start - first, kernels };
}

const gpuOffloadsFloat64 = TEST_BACKEND === 'webgpu';

describe('a JS scalar is a kernel parameter', () => {
  it('compiles a float64 expression once for 100 different scalars', async () => {
    const x = Array.from(await f64.data());
    const scalars = Array.from({ length: EVALUATIONS }, (_, i) => scalarAt(i));
    const { first, rest, kernels } = await compilesOver(
      scalars,
      (s) => f64.mul(s).add(0.25).log().sub(s / 3).exp(),
      (s) => x.map((v) => Math.exp(Math.log(v * s + 0.25) - s / 3)),
      1e-12,
    );
    expect(kernels).toBeGreaterThan(0);
    expect(first).toBe(gpuOffloadsFloat64 ? 0 : kernels);
    expect(rest).toBe(0);
  });

  it('compiles a float32 expression once, each scalar rounded to float32 as NumPy 2 does a weak scalar', async () => {
    const x = Array.from(await f32.data());
    const scalars = Array.from({ length: EVALUATIONS }, (_, i) => scalarAt(i) * 0.1);
    const r = Math.fround;
    const { first, rest, kernels } = await compilesOver(
      scalars,
      (s) => f32.mul(s).add(-s * 3),
      (s) => x.map((v) => r(r(v * r(s)) + r(-s * 3))),
      0,
    );
    expect(first).toBe(kernels);
    expect(rest).toBe(0);
  });

  it('compiles an int32 expression once, products and sums wrapping modulo 2^32', async () => {
    const x = Array.from(await i32.data());
    const scalars = Array.from({ length: EVALUATIONS }, (_, i) => 40_000 + i * 7_919);
    const { first, rest, kernels } = await compilesOver(
      scalars,
      (k) => i32.mul(k).add(-k * 13),
      (k) => x.map((v) => (Math.imul(v, k) + -k * 13) | 0),
      0,
    );
    expect(first).toBe(kernels);
    expect(rest).toBe(0);
  });

  it('compiles once whether or not the same value appears twice in the expression', async () => {
    const x = Array.from(await f32.data());
    const scalars = Array.from({ length: EVALUATIONS }, (_, i) => scalarAt(i));
    // Every other evaluation subtracts the factor it multiplied by: x * s - s.
    const other = (s: number) => (scalars.indexOf(s) % 2 === 0 ? s : s / 2);
    const r = Math.fround;
    const { first, rest, kernels } = await compilesOver(
      scalars,
      (s) => f32.mul(s).sub(other(s)),
      (s) => x.map((v) => r(r(v * r(s)) - r(other(s)))),
      0,
    );
    expect(first).toBe(kernels);
    expect(rest).toBe(0);
  });

  it('passes NaN, infinities and -0 through as parameters, compiling once', async () => {
    const x = Array.from(await f32.data());
    const scalars = [NaN, Infinity, -Infinity, -0, 0, 3.4e38, -2.5];
    const r = Math.fround;
    const { first, rest, kernels } = await compilesOver(
      scalars,
      (s) => np.where(f32.greater(0), f32.mul(s), s),
      (s) => x.map((v) => (v > 0 ? r(v * r(s)) : r(s))),
      0,
    );
    expect(first).toBe(kernels);
    expect(rest).toBe(0);
  });

  it('still folds x * 1 away, so only other scalars need a kernel', () => {
    expect(f32.mul(1).plan().steps).toEqual([]);
    expect(f32.mul(2).plan().steps).toHaveLength(1);
  });

  it('keeps results of different scalars apart: x * 2 and x * 3 are different values', async () => {
    const [two, three] = await Promise.all([f32.mul(2).data(), f32.mul(3).data()]);
    const x = await f32.data();
    expectClose(two, Array.from(x, (v) => Math.fround(v * 2)), 0, 'x * 2');
    expectClose(three, Array.from(x, (v) => Math.fround(v * 3)), 0, 'x * 3');
  });
});

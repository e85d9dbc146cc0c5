/**
 * Reading the NumPy oracle (test/fixtures/numpy/*.json, written by
 * test/fixtures/make_numpy_fixtures.py) and comparing Quiver's results with it.
 *
 * JSON cannot hold NaN, infinities or -0, so the fixtures write them as the strings
 * 'nan', 'inf', '-inf' and '-0'; booleans are JSON booleans. Arrays are flat in C order.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { np, QuiverError, type DType, type NDArray } from 'quiverjs';
import { TEST_BACKEND } from '../helpers/backend.js';

export type Encoded = number | boolean | 'nan' | 'inf' | '-inf' | '-0';

export interface ArraySpec {
  dtype: DType;
  shape: number[];
  data: Encoded[];
  /** NumPy's dtype where Quiver documents (or the generator infers) another one. */
  numpyDtype?: string;
}

/** What NumPy did: a result, or the exception it raised. */
export interface Outcome {
  dtype?: DType;
  numpyDtype?: string;
  note?: string;
  raises?: string;
  message?: string;
}

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/numpy/${name}.json`, import.meta.url), 'utf8')) as T;
}

export function decode(v: Encoded): number | boolean {
  switch (v) {
    case 'nan':
      return NaN;
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case '-0':
      return -0;
    default:
      return v;
  }
}

const decodeNumber = (v: Encoded): number => Number(decode(v));

const STORAGE = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  bool: Uint8Array,
} as const;

/** The fixture array as a Quiver array: its exact values in a TypedArray of its dtype, reshaped. */
export function build(spec: ArraySpec): NDArray {
  const values = new STORAGE[spec.dtype](spec.data.map(decodeNumber));
  return np.asarray(values, spec.dtype).reshape(spec.shape);
}

/**
 * How far a float result may sit from NumPy's: within `ulps` units in the last place of
 * the expected value (in the result's own precision), or `rel` times its magnitude plus
 * `abs`, whichever is larger. Integer and bool results are always compared exactly.
 */
export interface Tolerance {
  ulps?: number;
  rel?: number;
  abs?: number;
}
export const EXACT: Tolerance = {};

/** The spacing of floats of `dtype` at |x| (for 0, the smallest subnormal). */
export function ulp(x: number, dtype: 'float32' | 'float64'): number {
  const [mant, minExp] = dtype === 'float64' ? [52, -1074] : [23, -149];
  const a = Math.abs(x);
  if (a === 0 || !Number.isFinite(a)) return 2 ** minExp;
  return 2 ** Math.max(Math.floor(Math.log2(a)) - mant, minExp);
}

export interface CompareOptions {
  tol?: Tolerance;
  /** Whether a ±0 that NumPy returns must come back with the same sign (default true). */
  zeroSign?: boolean;
  /** Describes the inputs behind element i, for the failure message. */
  inputs?: (i: number) => string;
  /** The float32 input values behind element i (where the case knows them). */
  float32Inputs?: (i: number) => number[];
}

/**
 * WGSL lets a GPU flush float32 subnormals to zero (SwiftShader does): on webgpu a
 * float32 result may be off by up to the smallest normal (a subnormal result or
 * intermediate flushed), and an element whose float32 inputs include a subnormal is
 * computed as if that input were zero, so it is not compared.
 */
const FLUSHES_SUBNORMALS = TEST_BACKEND === 'webgpu';
const isSubnormal32 = (x: number): boolean => x !== 0 && Math.abs(x) < 2 ** -126;
function flushed(g: number, e: number, dtype: string, float32Inputs: number[] | undefined): boolean {
  if (!FLUSHES_SUBNORMALS) return false;
  return (dtype === 'float32' && Math.abs(g - e) <= 2 ** -126) || (float32Inputs ?? []).some(isSubnormal32);
}

const show = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

/** One line per element that differs from NumPy's, at most `limit` of them. */
export function mismatches(got: ArrayLike<number>, want: ArraySpec, opts: CompareOptions = {}, limit = 12): string[] {
  const { tol = EXACT, zeroSign = true } = opts;
  const isFloatResult = want.dtype === 'float32' || want.dtype === 'float64';
  const out: string[] = [];
  if (got.length !== want.data.length) return [`length ${got.length}, NumPy ${want.data.length}`];
  for (let i = 0; i < got.length && out.length < limit; i++) {
    const g = Number(got[i]);
    const e = decodeNumber(want.data[i]!);
    let ok: boolean;
    if (flushed(g, e, want.dtype, opts.float32Inputs?.(i))) ok = true;
    else if (Number.isNaN(e) || Number.isNaN(g)) ok = Number.isNaN(e) && Number.isNaN(g);
    else if (e === 0 && g === 0) ok = !zeroSign || Object.is(e, g);
    else if (!isFloatResult || !Number.isFinite(e)) ok = g === e;
    else {
      const dtype = want.dtype as 'float32' | 'float64';
      const slack = Math.max((tol.ulps ?? 0) * ulp(e, dtype), (tol.rel ?? 0) * Math.abs(e) + (tol.abs ?? 0));
      ok = Math.abs(g - e) <= slack;
    }
    if (!ok) out.push(`[${i}]${opts.inputs ? ` ${opts.inputs(i)}` : ''}: NumPy ${show(e)}, Quiver ${show(g)}`);
  }
  return out;
}

/** Checks a result's dtype, shape and values against NumPy's. */
export async function expectMatches(result: NDArray, want: ArraySpec, opts: CompareOptions = {}): Promise<void> {
  expect(result.dtype, 'dtype').toBe(want.dtype);
  expect(result.shape, 'shape').toEqual(want.shape);
  const bad = mismatches(await result.data(), want, opts);
  expect(bad, `values differing from NumPy (dtype ${want.dtype})`).toEqual([]);
}

/** Expects `run` to throw, now or when its result is read, an error whose message names `op`. */
export async function expectRaises(op: string, run: () => NDArray | NDArray[] | Promise<NDArray | NDArray[]>): Promise<void> {
  const attempt = async (): Promise<void> => {
    const r = await run();
    await Promise.all((Array.isArray(r) ? r : [r]).map((a) => a.data()));
  };
  const error = await attempt().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${op} should throw as NumPy does`).toBeInstanceOf(QuiverError);
  expect((error as Error).message).toMatch(new RegExp(`\\b${op}\\b`));
}

/** Runs a fixture case: the raise NumPy recorded, or the result compared with NumPy's. */
export async function expectOutcome(
  op: string,
  outcome: Outcome & { expected?: ArraySpec },
  run: () => NDArray | Promise<NDArray>,
  opts: CompareOptions = {},
): Promise<void> {
  if (outcome.raises !== undefined) return expectRaises(op, run);
  await expectMatches(await run(), outcome.expected!, opts);
}

import { expect } from 'vitest';
import { init, type AnyTypedArray, type DType, type NDArray, type Plan } from 'quiverjs';
import { jsBackend } from '../../src/backend/js/index.js';
import { WebGpuBackend, type WebGpuOptions } from '../../src/backend/webgpu/index.js';
import { forEachOffset, type View } from '../../src/graph/view.js';
import { rng } from '../helpers/rng.js';

/**
 * Which adapter the suites run on: the default (Vulkan; SwiftShader on a machine without a
 * GPU, VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json), or with
 * QUIVER_WEBGPU_ADAPTER=gles Mesa llvmpipe over OpenGL ES in compatibility mode
 * (EGL_PLATFORM=surfaceless).
 */
export const ADAPTER: WebGpuOptions = process.env.QUIVER_WEBGPU_ADAPTER === 'gles' ? { compatibility: true, dawnOptions: ['backend=opengles'] } : {};

/**
 * The WebGPU backend for a test file. A missing adapter fails the suite with the
 * reason (never a skip): test/webgpu needs a WebGPU implementation.
 */
const started = new Map<string, Promise<WebGpuBackend>>();
export function gpuBackend(options: WebGpuOptions = {}): Promise<WebGpuBackend> {
  const key = JSON.stringify(options);
  if (!started.has(key)) started.set(key, WebGpuBackend.create({ ...ADAPTER, ...options }));
  return started.get(key)!;
}

/** Plans come from the js-initialised frontend: the tests hand them to both backends directly. */
export async function initFrontend(): Promise<void> {
  await init({ backend: 'js' });
}

/** Values of a realized result read through its view, in C order. */
export function valuesOf(r: { data: AnyTypedArray; view: View }): number[] {
  const out: number[] = [];
  forEachOffset(r.view, (off) => out.push(r.data[off]!));
  return out;
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
/** An f32's position on the number line in ulps (both zeros at 0), so |ord(a) - ord(b)| counts ulps between them. */
export function ord(x: number): number {
  f32[0] = x;
  const i = i32[0]!;
  return i < 0 ? -(i & 0x7fffffff) : i;
}

/** Tolerance for a float32 result: ulps from the reference, and whether the sign of a zero must match. */
export interface Tolerance {
  readonly ulps: number;
  /** Absolute slack for results near 0, where a few ulps of the inputs dominate (e.g. sin near pi). */
  readonly abs?: number;
  readonly signOfZero?: boolean;
}

/** The smallest normal f32: GPUs may flush subnormal results to zero (SwiftShader does). */
const MIN_NORMAL = 2 ** -126;

/** Where `got` and `want` (float32 results) differ beyond the tolerance: NaN where NaN, Inf where Inf, else within ulps. */
export function mismatches(got: readonly number[], want: readonly number[], tol: Tolerance, inputs?: readonly (readonly number[])[]): string[] {
  const bad: string[] = [];
  const at = (i: number) => (inputs ? ` for ${inputs.map((xs) => xs[i % xs.length]).join(', ')}` : '');
  for (let i = 0; i < want.length && bad.length < 8; i++) {
    const [g, w] = [got[i]!, want[i]!];
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (Number.isNaN(w) !== Number.isNaN(g)) bad.push(`[${i}] got ${g}, want ${w}${at(i)}`);
      continue;
    }
    if (!Number.isFinite(w) || !Number.isFinite(g)) {
      if (g !== w) bad.push(`[${i}] got ${g}, want ${w}${at(i)}`);
      continue;
    }
    if (Math.abs(w) < MIN_NORMAL && Math.abs(g) < MIN_NORMAL) continue;
    if (tol.signOfZero !== false && w === 0 && g === 0 && Object.is(w, -0) !== Object.is(g, -0)) {
      bad.push(`[${i}] got ${Object.is(g, -0) ? '-0' : '0'}, want ${Object.is(w, -0) ? '-0' : '0'}${at(i)}`);
      continue;
    }
    if (Math.abs(ord(g) - ord(w)) > tol.ulps && Math.abs(g - w) > (tol.abs ?? 0)) {
      bad.push(`[${i}] got ${g}, want ${w} (${Math.abs(ord(g) - ord(w))} ulp)${at(i)}`);
    }
  }
  return bad;
}

/** Runs `plan` on the GPU backend and the js reference and returns both results' values, with the GPU placement. */
export async function runBoth(gpu: WebGpuBackend, plan: Plan): Promise<{ got: number[][]; want: number[][]; dtypes: DType[] }> {
  const [g, w] = await Promise.all([gpu.execute(plan), jsBackend.execute(plan)]);
  return { got: g.map(valuesOf), want: w.map(valuesOf), dtypes: plan.outputs.map((o) => plan.buffers[o.buffer]!.dtype) };
}

/** Asserts that the GPU computes `arrays` as the reference does: exactly for integers and bool, within `tol` for floats. */
export async function expectSame(gpu: WebGpuBackend, arrays: NDArray[], tol: Tolerance = { ulps: 0 }, inputs?: readonly (readonly number[])[]): Promise<void> {
  const plan = arrays.length === 1 ? arrays[0]!.plan() : (await import('quiverjs')).np.plan(...arrays);
  const { got, want, dtypes } = await runBoth(gpu, plan);
  got.forEach((g, k) => {
    expect(g.length).toBe(want[k]!.length);
    if (dtypes[k] === 'float32' || dtypes[k] === 'float64') expect(mismatches(g, want[k]!, tol, inputs)).toEqual([]);
    else expect(g).toEqual(want[k]);
  });
}

export { rng };

/** Edge values every float suite includes: zeros of both signs, NaN, infinities, the largest f32, integers and halves. */
export const FLOAT_EDGES = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 2, 3, 1e-30, -1e-30, 3.4e38, -3.4e38, 1e7, 16777217, 65504, Math.PI, -Math.PI / 2];
export const INT_EDGES = [0, 1, -1, 2, -2, 7, -7, 10, 25, -25, 2147483647, -2147483648, 65536, -65536, 123456789];
export const UINT_EDGES = [0, 1, 2, 7, 10, 25, 4294967295, 2147483648, 2147483647, 65536, 123456789];

/** n float32 values: the edges, then values spread over many magnitudes (no subnormals), each rounded to f32. */
export function floats(n: number, seed: number, scale = 6): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (i < FLOAT_EDGES.length) out[i] = FLOAT_EDGES[i]!;
    else if (i % 3 === 0) out[i] = (r() - 0.5) * 20;
    else if (i % 7 === 0) out[i] = Math.round((r() - 0.5) * 40) / 2;
    else out[i] = (r() < 0.5 ? -1 : 1) * 10 ** ((r() * 2 - 1) * scale);
  }
  return out;
}

export function ints(n: number, seed: number): Int32Array {
  const r = rng(seed);
  return Int32Array.from({ length: n }, (_, i) => (i < INT_EDGES.length ? INT_EDGES[i]! : i % 2 ? Math.floor((r() - 0.5) * 200) : (r() * 2 ** 32) | 0));
}

export function uints(n: number, seed: number): Uint32Array {
  const r = rng(seed);
  return Uint32Array.from({ length: n }, (_, i) => (i < UINT_EDGES.length ? UINT_EDGES[i]! : i % 2 ? Math.floor(r() * 100) : (r() * 2 ** 32) >>> 0));
}

export function bools(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
}

/** The backend's current device and adapter, which a lost device replaces: tests that compile or inspect directly ask for it each time. */
export const gpuOf = (gpu: WebGpuBackend): { device: GPUDevice; adapter: GPUAdapter } => gpu['session'].gpu;

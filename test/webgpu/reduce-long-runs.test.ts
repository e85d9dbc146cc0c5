import { beforeAll, describe, expect, it } from 'vitest';
import { np } from 'quiverjs';
import { HELPERS } from '../../src/backend/webgpu/wgsl/helpers.js';
import { HELPER_LOOPS } from '../../src/backend/webgpu/wgsl/reduce.js';
import type { WebGpuOptions } from '../../src/backend/webgpu/index.js';
import { gpuBackend, initFrontend, rng, valuesOf } from './helpers.js';

/**
 * llvmpipe (Mesa over GLES, the webgpu-gles project) ends an invocation's loops after
 * 65,535 iterations in all. A reduction with 16,384 or more outputs folded each output's
 * run in one invocation, so a run of 70,000 stopped at 65,535 elements, silently; and
 * `finish` combined one state per chunk of 2,048 elements in one invocation, which stopped
 * past 134M elements per output (the 144M sum below was 40M off). Both cases come from broadcasts that stay fused
 * (never materialised): a column plus a row.
 */

beforeAll(initFrontend);

/** Both combines within a workgroup: the adapter's default (subgroups where offered, as on SwiftShader) and the shared-memory tree. */
const PATHS: [string, WebGpuOptions][] = [
  ['the adapter default (subgroups where offered)', {}],
  ['the shared-memory tree (subgroups switched off)', { limits: { subgroups: false } }],
];

const OUTPUTS = 16384;
const RUN = 70000;

/** Integers in [-50, 50] (column) and quarters in [-1000, 1000] (row): every column + row sum is exact in float32. */
function column(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => Math.round((r() - 0.5) * 100));
}
function row(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => Math.round((r() - 0.5) * 8000) / 4);
}

/** Sum, maximum, first index of the maximum and population variance of `b`, in float64. */
function stats(b: Float32Array): { sum: number; max: number; argmax: number; variance: number } {
  let sum = 0;
  let argmax = 0;
  for (let j = 0; j < b.length; j++) {
    sum += b[j]!;
    if (b[j]! > b[argmax]!) argmax = j;
  }
  const mean = sum / b.length;
  let m2 = 0;
  for (const v of b) m2 += (v - mean) ** 2;
  return { sum, max: b[argmax]!, argmax, variance: m2 / b.length };
}

/**
 * float32 tolerances against the float64 reference. The values are quarters under 1,050 in
 * magnitude, so one invocation's in-order running sum (at most 1,094 elements a run of
 * 70,000: |sum| < 2^21, in steps of 1/4) is exact, and rounding enters only in the
 * workgroup combine (64 states) and `finish` (one per chunk): below 70 x 2^-24 x sum |x|,
 * which 1e-5 x sum |x| allows with a margin of 2. Variance: Welford's f32 update divides
 * at every element, so it is held to 1e-4 relative (passed on both adapters).
 */
const SUM_TOL = 1e-5;
const VAR_TOL = 1e-4;

/**
 * The runs past 65,535 elements are llvmpipe's failure, and they are run where llvmpipe
 * is (webgpu-gles: 13 s and 1.3 s). SwiftShader has no loop limit and evaluates them at
 * a few million elements a second on the 2-core machine (the 144M sum took 23 s, the
 * 1.1G one over 60 s), so the webgpu project checks the same routing on the fold-cost
 * case below, which costs 4M elements (registered on both): Mesa over GLES offers no subgroups, SwiftShader
 * does, so between them the shared-memory tree and the subgroup combine are both run.
 */
const GLES = process.env.QUIVER_WEBGPU_ADAPTER === 'gles';

if (GLES) {
  describe('reductions of runs longer than 65,535 elements (llvmpipe)', () => {
  it(`sum, max, argmax and var of ${OUTPUTS} runs of ${RUN} (column + row) match float64`, async () => {
    const gpu = await gpuBackend();
    const a = column(OUTPUTS, 1);
    const b = row(RUN, 2);
    const x = np.array(a).reshape(OUTPUTS, 1).add(np.array(b).reshape(1, RUN));
    const [sum, max, argmax, variance] = (await gpu.execute(np.plan(x.sum(1), x.max(1), x.argmax(1), x.var({ axis: 1 })))).map(valuesOf);
    const s = stats(b);
    const absRow = b.reduce((t, v) => t + Math.abs(v), 0);
    const bad: string[] = [];
    for (let i = 0; i < OUTPUTS && bad.length < 5; i++) {
      const want = RUN * a[i]! + s.sum;
      const tol = SUM_TOL * (RUN * Math.abs(a[i]!) + absRow);
      if (!(Math.abs(sum![i]! - want) <= tol)) bad.push(`sum[${i}]: got ${sum![i]}, want ${want} +- ${tol}`);
      if (max![i] !== a[i]! + s.max) bad.push(`max[${i}]: got ${max![i]}, want ${a[i]! + s.max}`);
      if (argmax![i] !== s.argmax) bad.push(`argmax[${i}]: got ${argmax![i]}, want ${s.argmax}`);
      if (!(Math.abs(variance![i]! - s.variance) <= VAR_TOL * s.variance)) bad.push(`var[${i}]: got ${variance![i]}, want ${s.variance}`);
    }
    expect(bad).toEqual([]);
  });

  it('sum and max of one output of 144M elements (finish combines over 65,535 chunks) match float64', async () => {
    const gpu = await gpuBackend();
    const n = 12000;
    const a = column(n, 3);
    const b = row(n, 4);
    const x = np.array(a).reshape(n, 1).add(np.array(b).reshape(1, n));
    const [[sum], [max]] = (await gpu.execute(np.plan(x.sum(), x.max()))).map(valuesOf);
    const sa = stats(a);
    const sb = stats(b);
    const want = n * sa.sum + n * sb.sum;
    const abs = n * a.reduce((t, v) => t + Math.abs(v), 0) + n * b.reduce((t, v) => t + Math.abs(v), 0);
    expect(Math.abs(sum! - want)).toBeLessThanOrEqual(SUM_TOL * abs);
    expect(max).toBe(sa.max + sb.max);
  });
});
}

describe.each(PATHS)('reductions whose fold loops per element, on %s', (_, options) => {
  it(`sum, max, argmax and var of ${OUTPUTS} runs of 256 values of (column + row) mod 7 match float64`, async () => {
    // fmod's long division may loop 347 times an element, so 256 of them exceed the budget
    // and the runs are folded by workgroups however many outputs there are.
    const gpu = await gpuBackend(options);
    const len = 256;
    const a = column(OUTPUTS, 5);
    const b = row(len, 6);
    const x = np.array(a).reshape(OUTPUTS, 1).add(np.array(b).reshape(1, len)).mod(7);
    const [sum, max, argmax, variance] = (await gpu.execute(np.plan(x.sum(1), x.max(1), x.argmax(1), x.var({ axis: 1 })))).map(valuesOf);
    const bad: string[] = [];
    for (let i = 0; i < OUTPUTS && bad.length < 5; i++) {
      // Floored modulo of values exact in float32 (quarters): exact in float32 too.
      const s = stats(Float32Array.from(b, (v) => (((a[i]! + v) % 7) + 7) % 7));
      const tol = SUM_TOL * s.sum;
      if (!(Math.abs(sum![i]! - s.sum) <= tol)) bad.push(`sum[${i}]: got ${sum![i]}, want ${s.sum} +- ${tol}`);
      if (max![i] !== s.max) bad.push(`max[${i}]: got ${max![i]}, want ${s.max}`);
      if (argmax![i] !== s.argmax) bad.push(`argmax[${i}]: got ${argmax![i]}, want ${s.argmax}`);
      if (!(Math.abs(variance![i]! - s.variance) <= VAR_TOL * s.variance)) bad.push(`var[${i}]: got ${variance![i]}, want ${s.variance}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('loop budget', () => {
  it('states the worst-case iterations of every library helper that loops', () => {
    const looping = Object.keys(HELPERS).filter((name) => /\bloop\s*\{|\bfor\s*\(/.test(HELPERS[name]!.code));
    expect(looping.filter((name) => !(name in HELPER_LOOPS))).toEqual([]);
  });
});

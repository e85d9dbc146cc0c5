import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { np, type NDArray } from 'quiverjs';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { lowerProgram } from '../../src/backend/webgpu/wgsl/kernels.js';
import { randomLoads, type DeviceProfile } from '../../src/backend/webgpu/wgsl/shader.js';
import { loadTemplates } from '../../src/backend/webgpu/templates.js';
import { expectSame, gpuBackend, initFrontend, ints, mismatches, rng, valuesOf } from './helpers.js';

let gpu: WebGpuBackend;
beforeAll(initFrontend);
// Each test awaits the (shared) backend itself: a missing adapter fails every test, it never skips one.
beforeEach(async () => {
  gpu = await gpuBackend();
});

/** Compatibility mode's limits, so the pass counts do not depend on the adapter. */
const COMPAT: DeviceProfile = {
  maxInvocations: 128,
  maxWorkgroupSizeX: 128,
  maxWorkgroupSizeY: 128,
  maxWorkgroupsPerDimension: 65535,
  maxWorkgroupStorage: 16384,
  maxStorageBuffers: 4,
  maxStorageBinding: 2 ** 27,
  exactTwoSum: false,
  subgroups: false,
};

function finite(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

/**
 * matmul.test.ts's float32 tolerance: with |a|, |b| <= 1 the f32 accumulation stays
 * within k * 2^-23 of the float64 sum (the chunked kernel's partial sums are shorter
 * than the one-pass kernel's, so its error is no larger).
 */
const tol = (k: number) => ({ ulps: 2, abs: k * 2 ** -23 });

/** C = A (n x k) @ B (k x m) in float64, plain JS: the oracle independent of both backends. */
function reference(a: Float32Array, b: Float32Array, n: number, k: number, m: number): number[] {
  const c = new Array<number>(n * m).fill(0);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < k; q++) {
      const x = a[i * k + q]!;
      for (let j = 0; j < m; j++) c[i * m + j]! += x * b[q * m + j]!;
    }
  }
  return c.map(Math.fround);
}

async function onGpu(x: NDArray): Promise<number[]> {
  const [r] = await gpu.execute(x.plan());
  return valuesOf(r!);
}

describe('matmul with a contraction longer than one invocation may loop', () => {
  it.each([70_000, 40_000])('(4 x K) @ (K x 4) of ones sums every term, K = %i', async (k) => {
    const ones = np.array(new Float32Array(4 * k).fill(1));
    expect(await onGpu(ones.reshape(4, k).matmul(ones.reshape(k, 4)))).toEqual(new Array(16).fill(k));
  });

  it.each([70_000, 40_000])('random (3 x K) @ (K x 5) matches the float64 sum within k * 2^-23, K = %i', async (k) => {
    const [a, b] = [finite(3 * k, k), finite(k * 5, k + 1)];
    const got = await onGpu(np.array(a).reshape(3, k).matmul(np.array(b).reshape(k, 5)));
    expect(mismatches(got, reference(a, b, 3, k, 5), tol(k))).toEqual([]);
  });

  it('X.T @ X of a tall X (100,000 x 10) reads the transposed view', async () => {
    const [rows, cols] = [100_000, 10];
    const x = finite(rows * cols, 7);
    const xt = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) xt[j * rows + i] = x[i * cols + j]!;
    const X = np.array(x).reshape(rows, cols);
    const got = await onGpu(X.T.matmul(X));
    // The diagonal sums 100,000 positive squares to about 33,000, where k * 2^-23 is under one
    // ulp: the running f32 sum's roundings add up like a random walk over a chunk's 8,192
    // terms (measured 8 ulps on llvmpipe), so those elements get 64 ulps.
    expect(mismatches(got, reference(xt, x, cols, rows, cols), { ...tol(rows), ulps: 64 })).toEqual([]);
  });

  it('batched with a transposed, broadcast operand and a fused epilogue', async () => {
    const k = 20_000;
    const a = np.array(finite(2 * 3 * k, 11)).reshape(2, 3, k);
    const b = np.array(finite(5 * k, 12)).reshape(5, k);
    await expectSame(gpu, [a.matmul(b.T).mul(2).add(1)], tol(2 * k));
  });

  it('int32 products wrap and bool products or exactly across chunks', async () => {
    const k = 20_000;
    const a = np.array(ints(2 * k, 13).map((v) => v % 1000)).reshape(2, k);
    const b = np.array(ints(k * 3, 14)).reshape(k, 3);
    const p = np.array(Uint8Array.from({ length: 2 * k }, (_, i) => (i === 2 * k - 1 ? 1 : 0)), 'bool').reshape(2, k);
    const q = np.array(new Uint8Array(k * 2).fill(1), 'bool').reshape(k, 2);
    await expectSame(gpu, [a.matmul(b), p.matmul(q)]);
  });

  it('keeps a K of up to 8,192 on the one-pass kernel and splits a longer one', async () => {
    const templates = await loadTemplates();
    const passes = (k: number) => {
      const step = np.array(new Float32Array(2 * k)).reshape(2, k).matmul(np.array(new Float32Array(k * 2)).reshape(k, 2)).plan().steps[0]!;
      const kernel = lowerProgram(step.program, randomLoads(step.program), COMPAT, templates);
      return { passes: kernel.passes.map((s) => `${s.entry} ${s.dispatch.join('x')}`), scratch: kernel.scratch };
    };
    expect(passes(8192)).toEqual({ passes: ['main 1x1x1'], scratch: [] });
    expect(passes(8193)).toEqual({ passes: ['main 1x1x2', 'combine 1x1x1'], scratch: [2 * 2 * 2 * 4] });
  });
});

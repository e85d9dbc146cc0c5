import { expect } from 'vitest';
import { counters, np, type DType, type MemoryOptions } from 'quiverjs';
import { TEST_BACKEND } from './backend.js';

/**
 * Where the cache suites' (test/cache) buffers live on the backend under test. Every
 * backend hands its results to the host tier: the webgpu backend reads a plan's outputs
 * back when it ends and returns its storage buffers to a pool, which is the gpu tier
 * (np.memory().gpu, budget `init({ memory: { gpu } })`). So host budgets drive eviction,
 * spilling and recomputation on every backend, and on webgpu the gpu tier must stay
 * within its own budget as well.
 */
export const ON_GPU = TEST_BACKEND === 'webgpu';

/**
 * The float dtype the suites compute in: one the backend's own device runs. WGSL has no
 * f64, so webgpu runs float64 kernels on its CPU backend (wasm); float32 keeps them on
 * the GPU. Values the suites check stay below 2^24, exact in float32.
 */
export const FLOAT: DType = ON_GPU ? 'float32' : 'float64';
/** Float32Array or Float64Array, as FLOAT says (their union's overloads are not callable). */
export const FloatArray: {
  new (length: number): Float32Array | Float64Array;
  from(values: ArrayLike<number>, map: (v: number, i: number) => number): Float32Array | Float64Array;
  readonly BYTES_PER_ELEMENT: number;
} = ON_GPU ? Float32Array : Float64Array;
export const FLOAT_BYTES = FloatArray.BYTES_PER_ELEMENT;

/** Elements of FLOAT in `bytes`: suites size buffers in bytes, the same on every backend. */
export const floats = (bytes: number): number => bytes / FLOAT_BYTES;

/**
 * The gpu budget the suites set on webgpu: a few of their buffers, so the pool destroys
 * free buffers past it while they run.
 */
export const GPU_BUDGET = 256 * 1024;

/** What a cache suite passes to init's `memory`: its own budgets, plus the gpu budget on webgpu. */
export const withGpuBudget = (memory: MemoryOptions): MemoryOptions => (ON_GPU ? { gpu: GPU_BUDGET, ...memory } : memory);

/** Kernels run on the backend's own device so far: the GPU's launches on webgpu, every launch elsewhere. */
export function deviceLaunches(): number {
  const c = counters() as { launches: number; gpuLaunches?: number };
  return c.gpuLaunches ?? c.launches;
}

/**
 * The gpu tier between evaluations: on webgpu the free buffers the suite's kernels left
 * in the pool (none in use), within the gpu budget; elsewhere empty under the default budget.
 */
export function expectGpuTierInBudget(): void {
  const { gpu } = np.memory();
  if (ON_GPU) {
    expect(gpu.budget).toBe(GPU_BUDGET);
    expect(gpu.used).toBeLessThanOrEqual(gpu.budget);
    expect(gpu.buffers > 0).toBe(gpu.used > 0);
  } else {
    expect(gpu).toEqual({ used: 0, budget: 256 * 1024 * 1024, buffers: 0 });
  }
}

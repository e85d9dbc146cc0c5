import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { projectsHere } from './test/platforms/projects-here.js';

/** Suites that test what every backend must compute the same way; they run once per backend. */
const SHARED = [
  'test/numpy/**/*.test.ts',
  'test/core/broadcast.property.test.ts',
  'test/core/views.test.ts',
  'test/core/errors.test.ts',
  'test/core/arguments-*.test.ts',
  'test/optimizer/differential.property.test.ts',
  'test/optimizer/plan-cache*.test.ts',
  'test/lib/**/*.test.ts',
  'test/fuzz/**/*.test.ts',
];

/**
 * Buffer-cache suites: they run on every backend (test/helpers/tiers.ts says where each
 * keeps its buffers, and on webgpu computes in float32 so kernels run on the GPU).
 * CPU_CACHE reads inside np.scope with dataSync, which only the CPU backends can.
 */
const CACHE = ['test/cache/{concurrent-persist,eviction,faults,interleavings,reuse,soak,spill}.test.ts'];
const CPU_CACHE = ['test/cache/scope-sync.test.ts'];

/**
 * Suites outside test/webgpu that start the webgpu backend themselves: they run in the
 * webgpu project, so a machine without an adapter leaves them out with it.
 */
const NEEDS_ADAPTER = ['test/cache/gpu.test.ts', 'test/frame/backends.test.ts'];

/** Suites that drive Debian's Chromium: a machine without it leaves their project out. */
const NEEDS_CHROMIUM = ['test/cache/opfs.test.ts'];

/** Suites that start their own redis-server and quiverjs-worker processes: a machine without Redis leaves their project out. */
const NEEDS_REDIS = ['test/cluster/**/*.test.ts'];

/** WebGPU on a machine without a GPU: SwiftShader's Vulkan driver from Debian's chromium package. */
const SWIFTSHADER = { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json' };
/** Software adapters compile shaders slowly: the first use of a kernel can take seconds. */
const GPU_TIMEOUT_MS = 60_000;
/** Mesa llvmpipe over OpenGL ES without a display (compatibility mode). */
const GLES = { EGL_PLATFORM: 'surfaceless', QUIVER_WEBGPU_ADAPTER: 'gles' };

const PROJECTS: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: 'js', include: ['test/**/*.test.ts'], exclude: ['test/platforms/**', 'test/webgpu/**', ...NEEDS_ADAPTER, ...NEEDS_CHROMIUM, ...NEEDS_REDIS], env: { QUIVER_TEST_BACKEND: 'js' } } },
  { extends: true, test: { name: 'chromium', include: NEEDS_CHROMIUM, env: { QUIVER_TEST_BACKEND: 'js', QUIVER_TEST_BROWSER: 'chromium' } } },
  { extends: true, test: { name: 'redis', include: NEEDS_REDIS, env: { QUIVER_TEST_BACKEND: 'wasm', QUIVER_TEST_THREADS: '1', QUIVER_TEST_REDIS: '1' } } },
  { extends: true, test: { name: 'wasm', include: [...SHARED, ...CACHE, ...CPU_CACHE], env: { QUIVER_TEST_BACKEND: 'wasm', QUIVER_TEST_THREADS: '2' } } },
  { extends: true, test: { name: 'wasm-1-thread', include: [...SHARED, ...CACHE, ...CPU_CACHE], env: { QUIVER_TEST_BACKEND: 'wasm', QUIVER_TEST_THREADS: '1' } } },
  { extends: true, test: { name: 'webgpu', include: [...SHARED, ...CACHE, 'test/webgpu/**/*.test.ts', ...NEEDS_ADAPTER], testTimeout: GPU_TIMEOUT_MS, env: { QUIVER_TEST_BACKEND: 'webgpu', ...SWIFTSHADER } } },
  { extends: true, test: { name: 'webgpu-gles', include: [...SHARED, 'test/webgpu/**/*.test.ts'], testTimeout: GPU_TIMEOUT_MS, env: { QUIVER_TEST_BACKEND: 'webgpu', ...GLES } } },
];

// Tests import the package by its name; here that name points at the sources so the
// suite needs no build. The platform smoke tests (test/platforms) import the packed tarball instead.
export default defineConfig({
  resolve: { alias: { quiverjs: fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: { projects: await projectsHere(PROJECTS) },
});

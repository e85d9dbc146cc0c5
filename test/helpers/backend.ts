import type { BackendName, InitOptions } from 'quiverjs';

/**
 * The backend the shared op suites run on: vitest.config.ts runs them once per backend
 * (projects 'js', 'wasm', 'wasm-1-thread', 'webgpu', 'webgpu-gles'), setting QUIVER_TEST_BACKEND and,
 * for Mesa over OpenGL ES, QUIVER_WEBGPU_ADAPTER=gles. A backend that cannot start
 * fails the suite; it is never skipped.
 */
export const TEST_BACKEND = (process.env.QUIVER_TEST_BACKEND ?? 'js') as BackendName;

const GLES = process.env.QUIVER_WEBGPU_ADAPTER === 'gles';
/** Worker threads for the wasm backend (QUIVER_TEST_THREADS); unset: one per core. */
const THREADS = process.env.QUIVER_TEST_THREADS ? Number(process.env.QUIVER_TEST_THREADS) : undefined;

/** What the shared suites pass to init(). */
export const TEST_INIT: InitOptions = {
  backend: TEST_BACKEND,
  ...(TEST_BACKEND === 'webgpu' && GLES ? { gpu: { compatibility: true, dawnOptions: ['backend=opengles'] } } : {}),
  ...(THREADS === undefined ? {} : { threads: THREADS }),
};

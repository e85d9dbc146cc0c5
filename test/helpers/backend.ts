import type { BackendName, InitOptions } from 'quiver';

/**
 * The backend the shared op suites run on: vitest.config.ts runs them once per backend
 * (projects 'js', 'wasm', 'webgpu', 'webgpu-gles'), setting QUIVER_TEST_BACKEND and,
 * for Mesa over OpenGL ES, QUIVER_WEBGPU_ADAPTER=gles. A backend that cannot start
 * fails the suite; it is never skipped.
 */
export const TEST_BACKEND = (process.env.QUIVER_TEST_BACKEND ?? 'js') as BackendName;

const GLES = process.env.QUIVER_WEBGPU_ADAPTER === 'gles';

/** What the shared suites pass to init(). */
export const TEST_INIT: InitOptions = {
  backend: TEST_BACKEND,
  ...(TEST_BACKEND === 'webgpu' && GLES ? { gpu: { compatibility: true, dawnOptions: ['backend=opengles'] } } : {}),
};

import type { BackendName } from 'quiver';

/**
 * The backend the shared op suites run on: vitest.config.ts runs them once per backend
 * (projects 'js' and 'wasm'), setting QUIVER_TEST_BACKEND. A backend that cannot start
 * fails the suite; it is never skipped.
 */
export const TEST_BACKEND = (process.env.QUIVER_TEST_BACKEND ?? 'js') as BackendName;

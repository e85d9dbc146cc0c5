import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the package by its name; here that name points at the sources so the
// suite needs no build. The platform smoke tests (test/platforms) import dist/ instead.
export default defineConfig({
  resolve: { alias: { quiver: fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: { include: ['test/**/*.test.ts'], exclude: ['test/platforms/**'] },
});

// Writes the WGSL templates as TypeScript modules (scripts/shader-sources.ts says why).
// Usage: npm run gen:shaders (npm run build runs it first).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderShaderModules } from './shader-sources.js';

const root = new URL('..', import.meta.url);
const current = (path: string): string | undefined => {
  try {
    return readFileSync(new URL(path, root), 'utf8');
  } catch {
    return undefined;
  }
};

for (const [path, text] of renderShaderModules(root)) {
  if (current(path) !== text) {
    writeFileSync(new URL(path, root), text);
    console.log(`gen-shaders: wrote ${path}`);
  }
}

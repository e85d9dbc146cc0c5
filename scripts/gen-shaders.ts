// Writes the WGSL templates as TypeScript modules (scripts/shader-sources.ts says why).
// Usage: npm run gen:shaders (npm run build runs it first).
import { renderShaderModules } from './shader-sources.js';
import { writeIfChanged } from './write-if-changed.js';

const root = new URL('..', import.meta.url);

for (const [path, text] of renderShaderModules(root)) {
  if (writeIfChanged(root, path, text)) console.log(`gen-shaders: wrote ${path}`);
}

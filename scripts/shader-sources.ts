// The WGSL templates (shaders/*.wgsl) as TypeScript modules, one per template, so the
// backend imports its shaders like any other code: bundlers, Deno and browsers need no
// file beside the JavaScript, and shaders/ stays the valid WGSL that is edited and read.
import { readdirSync, readFileSync } from 'node:fs';

/** Where the generated modules live, relative to the repository root. */
export const SHADER_MODULES = 'src/backend/webgpu/shaders/';

/** Every generated module: its path relative to the repository root, and its text. */
export function renderShaderModules(root: URL): Map<string, string> {
  const names = readdirSync(new URL('shaders/', root)).filter((f) => f.endsWith('.wgsl')).sort();
  return new Map(names.map((file) => [`${SHADER_MODULES}${file.replace(/\.wgsl$/, '.ts')}`, render(file, readFileSync(new URL(`shaders/${file}`, root), 'utf8'))]));
}

function render(file: string, wgsl: string): string {
  // implied-vol.wgsl exports `impliedVol`: a file name's dashes are not an identifier's.
  const name = file.replace(/\.wgsl$/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  const escaped = wgsl.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  return `// Generated from shaders/${file} by scripts/gen-shaders.ts (npm run build): edit the .wgsl, not this file.\nexport const ${name} = \`${escaped}\`;\n`;
}

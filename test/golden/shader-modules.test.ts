import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderShaderModules, SHADER_MODULES } from '../../scripts/shader-sources.js';

const root = new URL('../../', import.meta.url);

describe('the generated WGSL modules', () => {
  it('hold exactly what shaders/*.wgsl hold now (npm run gen:shaders rewrites them)', () => {
    for (const [path, text] of renderShaderModules(root)) expect(readFileSync(new URL(path, root), 'utf8'), path).toBe(text);
  });

  it('are one per template, with none left from a removed one', () => {
    const generated = readdirSync(new URL(SHADER_MODULES, root)).filter((f) => f !== 'README.md').sort();
    expect(generated).toEqual([...renderShaderModules(root).keys()].map((p) => p.slice(SHADER_MODULES.length)).sort());
  });

  it('give back each template unchanged, backslashes, backticks and ${ included', async () => {
    const wgsl = readFileSync(new URL('shaders/scan.wgsl', root), 'utf8');
    expect((await import('../../src/backend/webgpu/shaders/scan.js')).scan).toBe(wgsl);
  });
});

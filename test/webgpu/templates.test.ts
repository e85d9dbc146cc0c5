import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/backend/webgpu/templates.js';
import { splice } from '../../src/backend/webgpu/templates.js';
import { TWO_OVER_PI_WORDS } from '../../src/backend/webgpu/wgsl/math-trig.js';
import { gpuBackend, gpuOf } from './helpers.js';

describe('WGSL templates', () => {
  it.each(['reduce', 'scan', 'matmul', 'sort', 'impliedVol'] as const)('shaders/%s.wgsl compiles on its own', async (name) => {
    const templates = await loadTemplates();
    const module = gpuOf(await gpuBackend()).device.createShaderModule({ code: templates[name] });
    const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error').map((m) => `${m.lineNum}: ${m.message}`);
    expect(errors).toEqual([]);
  });

  it('splices every region and refuses missing or unknown parts', () => {
    const t = ['a', '// @x', 'old', '// @end', 'b'].join('\n');
    expect(splice(t, { x: 'new' })).toBe(['a', '// @x', 'new', '// @end', 'b'].join('\n'));
    expect(() => splice(t, {})).toThrow('no code for region x');
    expect(() => splice(t, { x: '', y: '' })).toThrow('no region for y');
    expect(() => splice('// @x\nold', { x: '' })).toThrow('not closed');
  });
});

describe("the WGSL library's constants", () => {
  it('holds the bits of 2/pi that Payne-Hanek reduction needs (checked against Machin\'s formula)', () => {
    const bits = 400n;
    const one = 1n << bits;
    const arctanInv = (x: bigint) => {
      let sum = 0n;
      let term = one / x;
      for (let n = 1n, sign = 1n; term !== 0n; n += 2n, sign = -sign, term /= x * x) sum += (sign * term) / n;
      return sum;
    };
    const pi = 4n * (4n * arctanInv(5n) - arctanInv(239n));
    let frac = (2n * one * one) / pi;
    const words = TWO_OVER_PI_WORDS.map(() => {
      frac <<= 32n;
      const w = Number(frac >> bits);
      frac &= one - 1n;
      return w;
    });
    expect(words).toEqual(TWO_OVER_PI_WORDS);
  });
});

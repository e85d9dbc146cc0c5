import { beforeAll, describe, expect, it } from 'vitest';
import { np, type NDArray } from 'quiverjs';
import { loadTemplates } from '../../src/backend/webgpu/templates.js';
import { lowerProgram } from '../../src/backend/webgpu/wgsl/kernels.js';
import { randomLoads, type DeviceProfile } from '../../src/backend/webgpu/wgsl/shader.js';
import { initFrontend } from './helpers.js';

beforeAll(initFrontend);

/** A fixed profile (core WebGPU's defaults), so the snapshots do not depend on the adapter. */
const PROFILE: DeviceProfile = {
  maxInvocations: 256,
  maxWorkgroupSizeX: 256,
  maxWorkgroupSizeY: 256,
  maxWorkgroupsPerDimension: 65535,
  maxWorkgroupStorage: 16384,
  maxStorageBuffers: 8,
  maxStorageBinding: 2 ** 27,
  exactTwoSum: true,
  subgroups: false,
};

const f32 = (shape: number[]) => np.array(new Float32Array(shape.reduce((a, b) => a * b, 1))).reshape(shape);
const N = (x: NDArray) => x.div(Math.SQRT2).erf().add(1).mul(0.5);

/** A fixed corpus: the generated WGSL of each kernel is pinned, so a codegen change shows up as a diff. */
const CORPUS: Record<string, () => NDArray> = {
  'black-scholes': () => {
    const [S, K, T, v] = [f32([8]), f32([8]), f32([8]), f32([8])];
    const d1 = S.div(K).log().add(v.mul(v).mul(0.5).mul(T)).div(v.mul(T.sqrt()));
    return S.mul(N(d1)).sub(K.mul(N(d1.sub(v.mul(T.sqrt())))));
  },
  'mean-and-std': () => f32([4, 3000]).std({ axis: 1, ddof: 1 }),
  'random-walk': () => np.randomBits([1, 2], [2, 5000]).astype('float32').mul(2 ** -32).cumsum(1),
  'matmul-epilogue': () => f32([4, 3]).mul(2).matmul(f32([3, 5])).add(1).maximum(0),
  'argsort-transposed': () => f32([3, 4]).T.neg().argsort(0),
};

describe('generated WGSL is pinned by golden files', () => {
  it.each(Object.keys(CORPUS))('%s', async (name) => {
    const templates = await loadTemplates();
    const plan = CORPUS[name]!().plan();
    const text = plan.steps.map((s, i) => {
      const k = lowerProgram(s.program, randomLoads(s.program), PROFILE, templates);
      const passes = k.passes.map((p) => `${p.entry} ${p.dispatch.join('x')}`).join(', ');
      return `// kernel ${i}: ${k.label}; passes: ${passes}; scratch bytes: ${k.scratch.join(', ') || 'none'}\n${k.code}`;
    });
    await expect(text.join('\n')).toMatchFileSnapshot(`./golden/${name}.wgsl`);
  });
});

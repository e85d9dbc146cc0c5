import { beforeAll, describe, expect, it } from 'vitest';
import { np, type NDArray } from 'quiverjs';
import { deviceProfile } from '../../src/backend/webgpu/device.js';
import type { WebGpuBackend, WebGpuOptions } from '../../src/backend/webgpu/index.js';
import type { Route } from '../../src/backend/webgpu/route.js';
import { loadTemplates } from '../../src/backend/webgpu/templates.js';
import { lowerProgram } from '../../src/backend/webgpu/wgsl/kernels.js';
import { randomLoads, type DeviceProfile, type GpuKernel } from '../../src/backend/webgpu/wgsl/shader.js';
import type { Step } from '../../src/kernel/plan.js';
import { bools, expectSame, floats, gpuBackend, gpuOf, initFrontend, ints, rng, uints } from './helpers.js';

beforeAll(initFrontend);

/** Measured: Dawn offers `subgroups` on SwiftShader (Vulkan), not over Mesa's OpenGL ES. */
const GLES = process.env.QUIVER_WEBGPU_ADAPTER === 'gles';
/** The backend-internal switch that forces the shared-memory tree on an adapter with subgroups. */
const NO_SUBGROUPS: WebGpuOptions = { limits: { subgroups: false } };
/** The extension's directive and builtins, as generated code uses them (the template's comments also say "subgroups"). */
const BUILTINS = /^enable subgroups;$|\bsubgroup(Add|Mul|Min|Max|And|Or)\(/m;

const internals = (gpu: WebGpuBackend) => gpu as unknown as { routeOf(step: Step): Route };
/** The kernel the backend compiled for the first step of `x`'s plan. */
function kernelOf(gpu: WebGpuBackend, x: NDArray): GpuKernel {
  const r = internals(gpu).routeOf(x.plan().steps[0]!);
  if (!('gpu' in r)) throw new Error(`runs on the CPU: ${r.cpu}`);
  return r.gpu;
}

/** Finite float32 values of mixed signs over four decades. */
function finite(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => (r() - 0.5) * 10 ** (r() * 4 - 2));
}

/** As reduce.test.ts: f32 sums stay within 2e-6 of sum |x| whichever way the workgroup adds. */
const sumTolerance = (x: Float32Array) => ({ ulps: 2, abs: 2e-6 * x.reduce((s, v) => s + Math.abs(v), 0) });
const varTolerance = (x: Float32Array) => ({ ulps: 64, abs: 1e-5 * Math.max(...x.map(Math.abs)) ** 2 });

describe('the adapter and the generated WGSL', () => {
  it('requests subgroups where the adapter has them (SwiftShader over Vulkan does, Mesa over GLES does not)', async () => {
    const { device, adapter } = gpuOf(await gpuBackend());
    expect(device.features.has('subgroups')).toBe(adapter.features.has('subgroups'));
    if (GLES) expect(device.features.has('subgroups')).toBe(false);
    if (adapter.info.architecture === 'swiftshader') expect(device.features.has('subgroups')).toBe(true);
  });

  it('compiles the subgroup variant on such a device, and the tree when subgroups are switched off', async () => {
    const gpu = await gpuBackend();
    const off = await gpuBackend(NO_SUBGROUPS);
    const x = np.array(finite(3 * 5001, 1)).reshape(3, 5001).sum(1);
    const has = gpuOf(gpu).device.features.has('subgroups');
    expect(BUILTINS.test(kernelOf(gpu, x).code)).toBe(has);
    expect(kernelOf(gpu, x).label).toBe(has ? 'reduce sum (subgroups)' : 'reduce sum');
    expect(kernelOf(off, x).code).not.toMatch(BUILTINS);
  });

  it('writes subgroup builtins for every reduction of a long run, and leaves short runs alone', async () => {
    const templates = await loadTemplates();
    const profile: DeviceProfile = { ...deviceProfile(gpuOf(await gpuBackend()).device, true), subgroups: true };
    const lower = (...xs: NDArray[]) => np.plan(...xs).steps.map((s) => lowerProgram(s.program, randomLoads(s.program), profile, templates));
    const f = np.array(finite(4 * 3000, 2)).reshape(4, 3000);
    const long = lower(f.sum(1), f.prod(1), f.min(1), f.max(1), f.argmin(1), f.argmax(1), f.var({ axis: 1 }));
    const code = long.map((k) => k.code).join('\n');
    expect(long.every((k) => k.label.endsWith('(subgroups)'))).toBe(true);
    expect(code).toMatch(/^enable subgroups;$/m);
    const sum = /t\.s\d+ = subgroupAdd\(s\.s\d+\);/;
    const extremes = [/subgroupMul\(s\.s\d+\)/, /q_funkey\(subgroupMin\(q_fkey\(/, /q_funkey\(subgroupMax\(q_fkey\(/];
    const args = [/b = subgroupMin\(k\)/, /b = subgroupMax\(k\)/, /i = subgroupMin\(select\(0xffffffffu, s\.s\d+i, k == b\)\)/];
    for (const call of [sum, ...extremes, ...args, /n = subgroupAdd\(s\.s\d+n\)/, /lid == subgroupMin\(lid\)/]) expect(code).toMatch(call);
    expect(lower(f.sum(0))[0]!.code).not.toMatch(BUILTINS);
  });
});

/** Both intra-workgroup paths: the adapter's own (subgroups where it has them) and the shared-memory tree, forced. */
const PATHS: [string, WebGpuOptions][] = [
  ["the adapter's default path", {}],
  ['the shared-memory tree (subgroups switched off)', NO_SUBGROUPS],
];

describe.each(PATHS)('reductions on %s match the reference', (_, options) => {
  // Runs longer than one chunk (64 x 32) with a ragged last chunk: most invocations of the
  // last workgroup, and whole subgroups of it, fold nothing.
  const shapes: [string, number[], (number | number[] | null)[]][] = [
    ['rows of 5001', [3, 5001], [1, null]],
    ['columns of 2058 (strided, 10 left for the last chunk)', [2058, 5], [0]],
    ['two of three axes (7 x 301 per output)', [7, 4, 301], [[0, 2]]],
  ];
  for (const [name, shape, axes] of shapes) {
    it.each(axes)(`float32 sum, mean, var, std, min, max, argmin, argmax over ${name}: axis %j`, async (axis) => {
      const gpu = await gpuBackend(options);
      const data = finite(shape.reduce((a, b) => a * b, 1), 3);
      const x = np.array(data).reshape(shape);
      await expectSame(gpu, [x.sum(axis), x.mean(axis)], sumTolerance(data));
      await expectSame(gpu, [x.var({ axis }), x.std({ axis, ddof: 1 })], varTolerance(data));
      const arg = Array.isArray(axis) ? [] : [x.argmin(axis), x.argmax(axis)];
      await expectSame(gpu, [x.min(axis), x.max(axis), ...arg], { ulps: 0 });
    });
  }

  it('propagates NaN and infinities; argmin and argmax return the first NaN', async () => {
    const gpu = await gpuBackend(options);
    const data = finite(6 * 3001, 4);
    for (const i of [3001 + 7, 3001 + 2900, 2 * 3001 + 2999, 2 * 3001 + 5]) data[i] = NaN;
    data[3 * 3001 + 100] = Infinity;
    data[3 * 3001 + 2500] = -Infinity;
    data[4 * 3001 + 10] = Infinity;
    data[4 * 3001 + 2000] = Infinity;
    data.fill(-0, 5 * 3001);
    const x = np.array(data).reshape(6, 3001);
    await expectSame(gpu, [x.min(1), x.max(1), x.argmin(1), x.argmax(1)], { ulps: 0 });
    await expectSame(gpu, [x.sum(1), x.var({ axis: 1 })], { ulps: 2, abs: 1e-2, signOfZero: false });
  });

  it('keeps the first of equal extremes across subgroups and chunks', async () => {
    const gpu = await gpuBackend(options);
    const data = new Float32Array(4 * 2500).fill(1);
    for (const i of [7, 8, 300, 2499, 2500 + 2400, 2500 + 63, 5000 + 64, 5000 + 65]) data[i] = -5;
    for (const i of [9, 2050, 2500 + 2, 2500 + 2100, 7500 + 2499, 7500 + 0]) data[i] = 6;
    data.fill(0, 5000 + 1000, 5000 + 1100);
    data.fill(-0, 5000 + 1050, 5000 + 1060);
    const x = np.array(data).reshape(4, 2500);
    await expectSame(gpu, [x.argmin(1), x.argmax(1), x.argmin(), x.argmax(), x.neg().argmin(1)]);
  });

  it('skips NaN in nanargmin and nanargmax across subgroups and chunks, ties going to the first', async () => {
    const gpu = await gpuBackend(options);
    const data = finite(5 * 2500, 5);
    for (const i of [0, 63, 64, 2499, 2500 + 1000]) data[i] = NaN;
    data.fill(NaN, 5000, 5000 + 2400);
    [data[5000 + 2450], data[5000 + 2460]] = [-Infinity, Infinity];
    [data[7500 + 3], data[7500 + 2100], data[7500 + 65]] = [90, 90, NaN];
    [data[7500 + 4], data[7500 + 2101]] = [-90, -90];
    data.fill(0, 10000, 12500);
    data.fill(-0, 10000 + 60, 10000 + 70);
    data[10000 + 5] = NaN;
    const x = np.array(data).reshape(5, 2500);
    await expectSame(gpu, [x.nanargmin(1), x.nanargmax(1), x.nanargmin(), x.nanargmax(), x.neg().nanargmin(1)]);
    const i = np.array(ints(5 * 2777, 7)).reshape(5, 2777);
    await expectSame(gpu, [i.nanargmin(1), i.nanargmax(1)]);
  });

  it('multiplies values near one and sums the float edge values', async () => {
    const gpu = await gpuBackend(options);
    const r = rng(5);
    const near = np.array(Float32Array.from({ length: 4 * 3000 }, () => 1 + (r() - 0.5) * 1e-3)).reshape(4, 3000);
    await expectSame(gpu, [near.prod(1), near.prod()], { ulps: 2, abs: 1e-4 });
    const edges = np.array(floats(4000, 6));
    await expectSame(gpu, [edges.sum(), edges.min(), edges.max(), edges.argmin(), edges.argmax()], { ulps: 0 });
  });

  it('reduces int32, uint32 and bool exactly, with wrap-around', async () => {
    const gpu = await gpuBackend(options);
    const all = (x: NDArray, axis: number | null) => [x.sum(axis), x.prod(axis), x.min(axis), x.max(axis), x.argmin(axis), x.argmax(axis)];
    const i = np.array(ints(5 * 2777, 7)).reshape(5, 2777);
    const u = np.array(uints(2777 * 5, 8)).reshape(2777, 5);
    const p = np.array(bools(3 * 3001, 9), 'bool').reshape(3, 3001);
    await expectSame(gpu, [...all(i, 1), ...all(i, null), ...all(u, 0)]);
    await expectSame(gpu, [p.any(1), p.all(1), p.sum(1), p.min(1), p.max(1), p.argmin(1), p.argmax(1), p.any(), p.all()]);
  });
});

describe('subgroups larger than the workgroup', () => {
  it('reduces with workgroups of 2 invocations: one partly filled subgroup where subgroups are 4 wide (SwiftShader)', async () => {
    const gpu = await gpuBackend({ limits: { maxInvocations: 2, maxWorkgroupSizeX: 2 } });
    const data = finite(3 * 700, 10);
    data[700 + 5] = NaN;
    const x = np.array(data).reshape(3, 700);
    const i = np.array(ints(3 * 700, 11)).reshape(3, 700);
    expect(kernelOf(gpu, x.sum(1)).passes.map((p) => p.entry)).toEqual(['partials', 'finish']);
    await expectSame(gpu, [x.sum(1), x.mean(1)], sumTolerance(data));
    await expectSame(gpu, [x.var({ axis: 1 })], varTolerance(data));
    await expectSame(gpu, [x.min(1), x.max(1), x.argmin(1), x.argmax(1), i.sum(1), i.min(1), i.argmax(1)]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Frame, col, init, np, type NDArray } from 'quiverjs';
import { jsBackend } from '../../src/backend/js/index.js';
import { loadTemplates } from '../../src/backend/webgpu/templates.js';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import type { GroupStat } from '../../src/graph/group-agg.js';
import { Node } from '../../src/graph/node.js';
import { activeBackend } from '../../src/runtime/init.js';
import { planFor } from '../../src/runtime/evaluate.js';
import { ADAPTER, gpuBackend, gpuOf, initFrontend, rng, valuesOf } from './helpers.js';

const ALL: readonly GroupStat[] = ['size', 'count', 'sum', 'm2', 'min', 'max', 'argmin', 'argmax', 'first', 'last'];

/**
 * Float32 tolerance of the sums: the GPU adds f32 in a cascade of runs of 128, the
 * reference in float64, so a sum may be off by a few f32 roundings of the group's
 * magnitudes: 2^-16 of sum |x| (m2: of sum (x - mean)^2 plus that of the mean's error).
 * Every other statistic is a count, a row index or one of the values: exact.
 */
const SUM_TOL = 2 ** -16;

/** A groupAgg node over `codes` with every value column getting the statistics `stats`. */
function groupAgg(codes: NDArray, values: readonly NDArray[], groups: number, stats: readonly GroupStat[]): Node {
  const group = { groups, stats: values.map(() => stats.map((stat) => ({ stat }))) };
  return new Node('groupAgg', [codes.node('test'), ...values.map((v) => v.node('test'))], [values.length * stats.length, groups], 'float64', { group });
}

/** Codes in [-1, groups): rows in no group (-1) about one in ten, the rest uniform over the first `used` groups. */
function codesOf(n: number, groups: number, seed: number, used = groups): Int32Array {
  const r = rng(seed);
  return Int32Array.from({ length: n }, () => (r() < 0.1 ? -1 : Math.floor(r() * used)));
}

/** Float32 values with ties (halves in [-10, 10), -0 beside 0), NaN one row in eight and now and then an infinity. */
function tiedFloats(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const special = [NaN, -0, Infinity, -Infinity];
  return Float32Array.from({ length: n }, () => {
    const u = r();
    return u < 0.125 ? NaN : u < 0.13 ? special[Math.floor(r() * 4)]! : Math.floor(r() * 40 - 20) / 2;
  });
}

/** The scale a sum or m2 of group g may be off by: sum |x| (or sum x^2) of its non-NaN values. */
function scales(codes: Int32Array, x: ArrayLike<number>, groups: number, power: number): Float64Array {
  const s = new Float64Array(groups);
  codes.forEach((g, i) => {
    if (g >= 0 && x[i] === x[i]) s[g]! += Math.abs(x[i]!) ** power;
  });
  return s;
}

/** Runs the node on the GPU and the js reference; asserts it ran on the GPU and every statistic of every column matches. */
async function expectMatches(gpu: WebGpuBackend, node: Node, codes: Int32Array, columns: readonly ArrayLike<number>[], stats: readonly GroupStat[], groups: number): Promise<void> {
  const plan = planFor([node]);
  expect(gpu.placement(plan)).toEqual(['gpu']);
  const [got, want] = (await Promise.all([gpu.execute(plan), jsBackend.execute(plan)])).map((r) => valuesOf(r[0]!));
  const bad: string[] = [];
  columns.forEach((x, k) => {
    const scale = { sum: scales(codes, x, groups, 1), m2: scales(codes, x, groups, 2) };
    stats.forEach((stat, j) => {
      const row = (k * stats.length + j) * groups;
      for (let g = 0; g < groups && bad.length < 8; g++) {
        const [a, b] = [got![row + g]!, want![row + g]!];
        const tol = stat === 'sum' || stat === 'm2' ? SUM_TOL * scale[stat][g]! : 0;
        if (!(Object.is(a, b) || Math.abs(a - b) <= tol)) bad.push(`column ${k} ${stat}[${g}]: got ${a}, want ${b}`);
      }
    });
  });
  expect(bad).toEqual([]);
}

let gpu: WebGpuBackend;
beforeAll(async () => {
  await initFrontend();
  gpu = await gpuBackend();
});

describe('groupAgg on the GPU', () => {
  it('shaders/groupby.wgsl compiles on its own', async () => {
    const { groupby } = await loadTemplates();
    const device = gpuOf(gpu).device;
    const info = await device.createShaderModule({ code: groupby }).getCompilationInfo();
    expect(info.messages.filter((m) => m.type === 'error').map((m) => `${m.lineNum}: ${m.message}`)).toEqual([]);
  });

  it.each([1, 7, 1000, 100_000])('computes every statistic of float32 values with NaN, ties and empty groups as the reference (%i groups)', async (groups) => {
    const n = groups === 100_000 ? 150_000 : 20_000;
    // Only 90% of the groups get rows, so empty groups come at every group count past one.
    const codes = codesOf(n, groups, groups, Math.max(1, Math.floor(groups * 0.9)));
    const x = tiedFloats(n, groups + 1);
    await expectMatches(gpu, groupAgg(np.array(codes), [np.array(x)], groups, ALL), codes, [x], ALL, groups);
  });

  it('fits compatibility-mode limits (128 invocations, 4 storage buffers, 16 KiB of workgroup memory)', async () => {
    const small = await gpuBackend({ limits: { maxInvocations: 128, maxWorkgroupSizeX: 128, maxStorageBuffers: 4, maxWorkgroupStorage: 16384 } });
    const codes = codesOf(3000, 50, 3);
    const x = tiedFloats(3000, 4);
    await expectMatches(small, groupAgg(np.array(codes), [np.array(x)], 50, ALL), codes, [x], ALL, 50);
  });

  it('keeps a group whose values are all NaN empty (count 0, sum 0, NaN extremes) and sums 300,000 rows of one group', async () => {
    const n = 300_000;
    const codes = Int32Array.from({ length: n }, (_, i) => (i % 50 === 0 ? 1 : 0));
    const x = Float32Array.from({ length: n }, (_, i) => (i % 50 === 0 ? NaN : ((i * 7919) % 1000) / 64 - 7));
    await expectMatches(gpu, groupAgg(np.array(codes), [np.array(x)], 2, ALL), codes, [x], ALL, 2);
  });

  it('fuses value expressions (float32 and bool) and the codes into the one kernel', async () => {
    const n = 5000;
    const codes = codesOf(n, 40, 5);
    const [a, b] = [tiedFloats(n, 6), tiedFloats(n, 7)];
    const value = np.array(a).mul(2).add(np.array(b));
    const node = groupAgg(np.array(codes).add(0), [value, np.array(a).greater(0)], 40, ALL);
    expect(planFor([node]).steps).toHaveLength(1);
    await expectMatches(gpu, node, codes, [Float32Array.from(a, (v, i) => v * 2 + b[i]!), Float32Array.from(a, (v) => (v > 0 ? 1 : 0))], ALL, 40);
  });

  it('writes every group empty when there are no rows', async () => {
    const codes = new Int32Array(0);
    const x = new Float32Array(0);
    await expectMatches(gpu, groupAgg(np.array(codes), [np.array(x)], 3, ALL), codes, [x], ALL, 3);
  });

  it('counts and finds the extremes of int32 values on the GPU; their sums run on the CPU unless downcast', async () => {
    const n = 10_000;
    const codes = codesOf(n, 300, 8);
    const r = rng(9);
    const x = Int32Array.from({ length: n }, (_, i) => (i % 3 ? Math.floor(r() * 2 ** 31) : Math.floor(r() * 40) - 20));
    const exact: GroupStat[] = ['size', 'count', 'argmin', 'argmax'];
    await expectMatches(gpu, groupAgg(np.array(codes), [np.array(x)], 300, exact), codes, [x], exact, 300);
    expect(gpu.placement(planFor([groupAgg(np.array(codes), [np.array(x)], 300, ['sum'])]))).toEqual([expect.stringMatching(/^cpu: groupAgg: sum of int32 values is not exact in f32/)]);
    const small = Int32Array.from(x, (v) => v % 1000);
    const downcast = await gpuBackend({ float64: 'downcast' });
    await expectMatches(downcast, groupAgg(np.array(codes), [np.array(small)], 300, ALL), codes, [small], ALL, 300);
  });

  it('runs nunique and quantile, and float64 values, on the CPU', () => {
    const codes = np.array(new Int32Array([0, 1, 0]));
    const f32 = np.array(new Float32Array([1, 2, 3]));
    expect(gpu.placement(planFor([groupAgg(codes, [f32], 2, ['nunique'])]))).toEqual(['cpu: groupAgg: nunique sorts each group by value (no WGSL kernel)']);
    expect(gpu.placement(planFor([groupAgg(codes, [np.array(new Float64Array([1, 2, 3]))], 2, ['sum'])]))).toEqual([expect.stringMatching(/^cpu: float64/)]);
  });
});

describe('Frame.groupby on webgpu', () => {
  afterAll(async () => {
    await init({ backend: 'js' });
  });

  it.each([['k'], ['s']])('aggregates float32 columns grouped by %s on the GPU as the js backend does', async (key) => {
    const n = 8000;
    const r = rng(11);
    const desks = ['fx', 'rates', 'credit', 'equity', 'commodities'];
    const data = {
      k: Int32Array.from({ length: n }, () => Math.floor(r() * 60) - 5),
      s: Array.from({ length: n }, () => desks[Math.floor(r() * desks.length)]!),
      x: tiedFloats(n, 12),
      y: Float32Array.from({ length: n }, () => r() * 10),
    };
    const spec = { x: ['sum', 'mean', 'count', 'size', 'min', 'max', 'var', 'std', 'first', 'last', 'argmin', 'argmax'], y: ['sum', 'max', 'mean'] } as const;
    const frame = () => new Frame(data).assign({ z: col('x').mul(col('y')) }).groupby(key);
    await init({ backend: 'js' });
    const want = await (await frame().agg({ ...spec, z: ['sum'] })).toColumns();
    await init({ backend: 'webgpu', gpu: ADAPTER });
    const backend = activeBackend('test') as WebGpuBackend;
    // The int key from -5 is numbered by a groupSlots kernel first; dictionary codes from 0 are slots already.
    expect(backend.placement((await frame().plan(spec))!)).toEqual(key === 'k' ? ['gpu', 'gpu'] : ['gpu']);
    const got = await (await frame().agg({ ...spec, z: ['sum'] })).toColumns();
    expect(Object.keys(got)).toEqual(Object.keys(want));
    expect(got[key]).toEqual(want[key]);
    for (const [name, column] of Object.entries(want)) {
      const g = Array.from(got[name] as ArrayLike<number>);
      // Means, variances and sums of f32 sums: relative 2^-14 (the tolerance above after a division); the rest exact.
      const close = Array.from(column as ArrayLike<number>).map((w, i) => Object.is(w, g[i]) || Math.abs(w - g[i]!) <= 2 ** -14 * Math.max(1, Math.abs(w)));
      expect(close.indexOf(false), name).toBe(-1);
    }
  });
});

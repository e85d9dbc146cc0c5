import { afterAll, describe, expect, it } from 'vitest';
import { Frame, col, init } from 'quiverjs';
import { activeBackend } from '../../src/runtime/init.js';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { expectColumns } from './compare.js';
import { ALL_AGGS, specOf } from './differential.js';
import { oracleGroupBy } from './oracle.js';
import { keyColumn, rng, valueColumn } from './random-frames.js';

// WebGPU without a GPU runs on SwiftShader's Vulkan driver (docs/platform.md); the loader reads this when the device is created.
process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';

const aggs = [...ALL_AGGS, { column: 'x', agg: 'quantile', q: 0.9 }];

async function sameAsOracle(seed: number, keys: readonly string[]): Promise<void> {
  const next = rng(seed);
  const n = 5000;
  const data = { a: keyColumn('int32', n, 50, 0, next), s: keyColumn('string', n, 20, 0.05, next), p: valueColumn(n, 0.1, next), q: valueColumn(n, 0, next) };
  const frame = new Frame(data).assign({ x: col('p').mul(col('q')) });
  const x = Float64Array.from(data.p, (v, i) => v * data.q[i]!);
  const result = await frame.groupby(keys).agg(specOf(aggs));
  expectColumns(await result.toColumns(), oracleGroupBy({ ...data, x }, keys, aggs));
}

afterAll(async () => {
  await init({ backend: 'js' });
});

describe('groupby on every backend gives the plain-JS result', () => {
  for (const backend of ['wasm', 'webgpu'] as const) {
    it(`aggregates int, string and combined keys with a fused value expression on ${backend}`, async () => {
      await init({ backend });
      await sameAsOracle(1, ['a']);
      await sameAsOracle(2, ['s']);
      await sameAsOracle(3, ['s', 'a']);
    }, 60_000);
  }

  it('runs the Rust kernels over several threads on wasm with the reference result, ties going to the first row', async () => {
    await init({ backend: 'wasm' });
    const next = rng(21);
    const n = 300_000;
    const data = { k: keyColumn('int32', n, 2000, 0, next), x: Float64Array.from({ length: n }, () => (next() < 0.1 ? NaN : Math.floor(next() * 50))) };
    const kernels = ['sum', 'mean', 'count', 'size', 'min', 'max', 'var', 'std', 'first', 'last', 'argmin', 'argmax'].map((agg) => ({ column: 'x', agg }));
    const result = await new Frame(data).assign({ x: col('x').add(0.5) }).groupby('k').agg(specOf(kernels));
    expectColumns(await result.toColumns(), oracleGroupBy({ k: data.k, x: data.x.map((v) => v + 0.5) }, ['k'], kernels));
  }, 60_000);

  it('matches the reference on wasm at high cardinality (100,000 groups over two threads)', async () => {
    await init({ backend: 'wasm' });
    const next = rng(31);
    const n = 400_000;
    const data = { k: keyColumn('int32', n, 100_000, 0, next), x: valueColumn(n, 0.05, next) };
    const kernels = ['sum', 'mean', 'count', 'std', 'max', 'argmax', 'last'].map((agg) => ({ column: 'x', agg }));
    expectColumns(await (await new Frame(data).groupby('k').agg(specOf(kernels))).toColumns(), oracleGroupBy(data, ['k'], kernels));
  }, 60_000);

  it('says where the aggregation ran on webgpu: the key slots on the GPU, float64 statistics on the CPU', async () => {
    await init({ backend: 'webgpu' });
    const frame = new Frame({ k: new Int32Array([1, 2, 1]), x: new Float64Array([1, 2, 3]) });
    const plan = (await frame.groupby('k').plan({ x: 'sum' }))!;
    expect((activeBackend('test') as WebGpuBackend).placement(plan)).toEqual(['gpu', expect.stringMatching(/^cpu: float64/)]);
    const f32 = new Frame({ k: new Int32Array([1, 2, 1]), x: new Float32Array([1, 2, 3]) });
    expect((await (await f32.groupby('k').agg({ x: ['sum', 'max'] })).toColumns()).x_sum).toEqual(new Float64Array([4, 2]));
  }, 60_000);
});

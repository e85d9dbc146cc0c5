import { afterAll, describe, expect, it } from 'vitest';
import { Frame, init } from 'quiverjs';
import { rng } from './random-frames.js';

afterAll(async () => {
  await init({ backend: 'js' });
});

/** Every statistic the wasm kernels merge across row ranges, over int keys. */
const SPEC = { x: ['sum', 'mean', 'std', 'var', 'min', 'max', 'argmin', 'argmax', 'first', 'last', 'count'] } as const;

async function groupedOn(threads: number, data: { k: Int32Array; x: Float64Array }): Promise<Record<string, unknown>> {
  await init({ backend: 'wasm', threads });
  return (await new Frame(data).groupby('k').agg(SPEC as never)).toColumns();
}

function frame(rows: number, keys: number, seed: number): { k: Int32Array; x: Float64Array } {
  const next = rng(seed);
  return {
    k: Int32Array.from({ length: rows }, () => Math.floor(next() * keys)),
    x: Float64Array.from({ length: rows }, () => (next() < 0.01 ? NaN : (next() - 0.5) * 10 ** Math.floor(next() * 12))),
  };
}

describe('wasm groupby results on any number of threads', () => {
  it('are the same bytes on 1, 2 and 3 threads for few groups (rows in place)', async () => {
    const data = frame(300_000, 1000, 41);
    const one = await groupedOn(1, data);
    expect(await groupedOn(2, data)).toEqual(one);
    expect(await groupedOn(3, data)).toEqual(one);
  }, 60_000);

  it('are the same bytes on 1 and 2 threads for many groups (rows partitioned)', async () => {
    const data = frame(600_000, 270_000, 42);
    const one = await groupedOn(1, data);
    expect(await groupedOn(2, data)).toEqual(one);
  }, 60_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Frame, init, np } from 'quiverjs';
import { expectColumns } from './compare.js';
import { specOf } from './differential.js';
import { oracleGroupBy } from './oracle.js';
import { keyColumn, rng, valueColumn } from './random-frames.js';

const spillDir = mkdtempSync(join(tmpdir(), 'quiver-stream-order-'));

beforeAll(async () => {
  await init({ backend: 'js', memory: { host: '256KB', disk: '64MB', spillDir } });
});

afterAll(async () => {
  await init({ backend: 'js' });
  rmSync(spillDir, { recursive: true, force: true });
});

it('keeps a streamed median within the host budget by spilling the kept values, with the in-memory result', async () => {
  const n = 60_000;
  const next = rng(21);
  const data = { k: keyColumn('int32', n, 40, 0, next), x: valueColumn(n, 0.05, next) };
  const lines = ['k,x', ...Array.from({ length: n }, (_, i) => `${data.k[i]},${Number.isNaN(data.x[i]) ? '' : data.x[i]}`)];
  const aggs = [{ column: 'x', agg: 'median' }, { column: 'x', agg: 'nunique' }, { column: 'x', agg: 'mean' }];
  const spills = np.memory().counters.spills;
  const streamed = await Frame.scanCsv(new TextEncoder().encode(lines.join('\n')), { blockSize: 64 * 1024, schema: { x: 'float64' } }).groupby('k').agg(specOf(aggs));
  expect(np.memory().counters.spills).toBeGreaterThan(spills);
  expect(np.memory().host.used).toBeLessThanOrEqual(256 * 1024);
  expectColumns(await streamed.toColumns(), oracleGroupBy(data, ['k'], aggs));
});

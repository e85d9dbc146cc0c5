import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { FLOAT, floats } from '../helpers/tiers.js';

const KB = 1024;
const spillDir = mkdtempSync(join(tmpdir(), 'quiver-persist-test-'));

beforeAll(async () => {
  await init({ ...TEST_INIT, memory: { host: 256 * KB, disk: '64MB', spillDir } });
});

describe('persists in flight at once under memory pressure', () => {
  it('keeps every result of persists all in flight at once, as Dask users call persist, under a budget a third of them', async () => {
    const n = floats(32 * KB);
    const base = np.arange(n).astype(FLOAT).add(1);
    const arrays = Array.from({ length: 24 }, (_, j) => np.add(np.mul(base, j + 1), j + 1));
    const persisted = arrays.map((a) => a.persist());
    // Read while the persists are still in flight: the sum's result must not be freed before it is read.
    const first = Number(await np.sum(arrays[0]!).item());
    const start = 1;
    const want = (n * (n - 1)) / 2 + n * start + n;
    expect(Math.abs(first - want) / want).toBeLessThan(1e-6);
    await Promise.all(persisted);
    for (const [j, a] of arrays.entries()) {
      const values = await a.data();
      expect(values.every((v, i) => v === (i + start) * (j + 1) + j + 1), `array ${j}`).toBe(true);
    }
  });
});

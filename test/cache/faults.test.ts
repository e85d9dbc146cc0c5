import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, MemoryError, np, QuiverError } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { expectGpuTierInBudget, FLOAT, FloatArray, floats, withGpuBudget } from '../helpers/tiers.js';
import { BufferCache } from '../../src/runtime/cache/cache.js';
import { DiskTier } from '../../src/runtime/cache/disk.js';

const KB = 1024;
const dir = mkdtempSync(join(tmpdir(), 'quiver-faults-test-'));

beforeAll(async () => {
  await init({ ...TEST_INIT, memory: withGpuBudget({ host: 64 * KB, disk: 96 * KB, spillDir: dir }) });
});

describe('budgets that cannot be kept', () => {
  it('rejects an unwritable spill directory at init, naming it', async () => {
    const file = join(dir, 'not-a-directory');
    writeFileSync(file, '');
    await expect(init({ backend: 'js', memory: { spillDir: join(file, 'spill') } })).rejects.toThrow(/init: the spill directory .*not-a-directory\/spill is not writable/);
  });

  it('rejects a budget that is not a size', async () => {
    await expect(init({ backend: 'js', memory: { host: 'lots' } })).rejects.toThrow(/init: memory\.host 'lots' is not a size/);
  });

  it('names the size and the budgets when one array is larger than every budget', () => {
    expect(() => np.asarray(new Float64Array(32 * KB))).toThrow(QuiverError);
    expect(() => np.asarray(new Float64Array(32 * KB))).toThrow(/array: a buffer of 256\.0 KiB, larger than every memory budget .*host 64\.0 KiB, disk 96\.0 KiB/);
  });

  it('names the size and the budgets when a kernel would write more than the host budget', async () => {
    await expect(np.zeros([floats(128 * KB)], FLOAT).add(1).data()).rejects.toThrow(/data: the buffers its kernels write need 128\.0 KiB, larger than every memory budget .*host 64\.0 KiB/);
  });

  it('reports a full disk tier and keeps the data, intact, in memory or on disk', async () => {
    // 16 KiB buffers: seven of user data fill more than the 64 KiB host budget, so some spill.
    const n = floats(16 * KB);
    const kept = Array.from({ length: 7 }, (_, i) => np.asarray(new FloatArray(n).fill(i)));
    const persisted: { dispose(): void }[] = [];
    const failing = async () => {
      for (let i = 0; i < 6; i++) persisted.push(await np.full([n], 100 + i, FLOAT).persist());
    };
    await expect(failing()).rejects.toThrow(/spill: the disk budget 96\.0 KiB is full .*the data stays in memory/);
    expect(np.memory().disk.used).toBeLessThanOrEqual(96 * KB);
    for (const p of persisted) p.dispose();
    for (let i = 0; i < kept.length; i++) expect((await kept[i]!.data())[n - 1]).toBe(i);
    expectGpuTierInBudget();
  });
});

describe('a disk that fails while spilling', () => {
  it('surfaces the error and keeps the buffer in host memory', () => {
    const file = {
      where: '/full/disk',
      write: () => {
        throw new Error('ENOSPC: no space left on device');
      },
      read: () => {},
      close: () => {},
    };
    const cache = new BufferCache(100, Infinity);
    cache.disk = new DiskTier(file);
    const first = cache.admit('test', new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]), 'data');
    expect(() => cache.admit('test', new Float64Array(8), 'data')).toThrow(/spill: writing 64 B to \/full\/disk failed \(ENOSPC: no space left on device\); the data stays in memory/);
    expect(Array.from(cache.resident('test', first))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(cache.host().used).toBe(64);
    expect(cache.diskStats()).toEqual({ used: 0, budget: Infinity, buffers: 0 });
  });

  it('says what did not fit when a block of a result larger than the host budget fails to write', () => {
    const cache = new BufferCache(32, Infinity);
    cache.disk = new DiskTier({ where: '/full/disk', write: () => failWrite(), read: () => {}, close: () => {} });
    const result = cache.admitOnDisk('test', 'float64', 16);
    expect(() => cache.writePart(result, 0, new Float64Array(4))).toThrow(MemoryError);
    expect(() => cache.writePart(result, 0, new Float64Array(4))).toThrow(/spill: writing a block of a 128 B result larger than the host budget to \/full\/disk failed \(ENOSPC/);
  });
});

function failWrite(): never {
  throw new Error('ENOSPC: no space left on device');
}

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MB = 2 ** 20;
/**
 * What the process may hold beyond the host budget: buffers the cache has let go of and
 * the garbage collector has not yet returned, V8's heap and compiled code. Measured
 * 62 MiB on the 2-core test machine (32 MiB budget, 640 MiB working set); 128 MiB leaves
 * room for GC timing and still fails a cache that keeps the working set (320 MiB here).
 */
const OVERHEAD = 128 * MB;

describe('resident memory', () => {
  it('stays within the host budget plus a fixed overhead while a working set 20 times larger is computed', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/cache/rss-child.ts'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { baseline: number; peak: number; host: number; workingSet: number; checked: number };
    expect(r.checked).toBe(8);
    expect(r.workingSet).toBeGreaterThanOrEqual(20 * r.host);
    expect(r.peak - r.baseline).toBeLessThanOrEqual(r.host + OVERHEAD);
  }, 300_000);
});

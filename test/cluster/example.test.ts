import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('examples/cluster-groupby.ts', () => {
  it('starts its own Redis and workers, and finds the cluster and the local run give identical bytes', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/cluster-groupby.ts'], { cwd: ROOT, maxBuffer: 16 * 2 ** 20 });
    expect(stdout).toContain('c.lastQuery:');
    expect(stdout).toContain('the local run of the same partitions gives identical Arrow bytes');
  }, 180_000);
});

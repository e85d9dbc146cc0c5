import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The Deno executable the `deno` devDependency installs (as test/platforms/runtimes.mjs finds it).
const deno = join(dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'deno');
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the disk tier on Deno', () => {
  it('spills and reloads every dtype byte for byte through Deno file system', () => {
    const run = spawnSync(deno, ['run', '--allow-read', '--allow-write', '--allow-env', '--no-lock', '--unstable-sloppy-imports', 'test/cache/deno-spill.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { runtime: string; spilled: number; reloads: number; exact: boolean };
    expect(r.runtime).toMatch(/^deno /);
    expect(r.spilled).toBeGreaterThanOrEqual(4);
    expect(r.reloads).toBeGreaterThanOrEqual(4);
    expect(r.exact).toBe(true);
  }, 150_000);
});

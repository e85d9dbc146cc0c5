import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = `
import { init, np } from './src/index.ts';
await init({ backend: 'wasm', threads: 2 });
console.log(await np.arange(0, 100000, 1, 'float64').mul(2).sum().item());
`;

describe('the wasm worker pool', () => {
  it('lets a Node process exit once its work is done', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(run.error?.message).toBeUndefined();
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('9999900000');
  }, 40_000);
});

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = `
import { init, np } from './src/index.ts';
await init({ backend: 'wasm', threads: 2 });
console.log(await np.arange(0, 100000, 1, 'float64').mul(2).sum().item());
`;

/**
 * A batch whose worker job (a 512x512 float64 matmul) outlasts the calling thread's (an
 * empty row range) by far more than the pool's blocking wait, so the pool waits for it
 * asynchronously, with nothing else keeping the process alive.
 */
const longWorkerJob = `
import { init } from './src/index.ts';
import { activeBackend } from './src/runtime/init.ts';
await init({ backend: 'wasm', threads: 2 });
const backend = activeBackend('test');
const n = 512, bytes = n * n * 8;
const [a, b, c] = [backend.heap.alloc(bytes), backend.heap.alloc(bytes), backend.heap.alloc(bytes)];
const scratch = backend.heap.alloc(backend.exports.matmul_scratch_bytes(n, n));
const rows = (start, end) => ({ fn: 'matmul_f64_rows', args: [a, b, c, 1, n, n, n, start, end, scratch] });
console.log(JSON.stringify(await backend.pool.run([rows(0, 0), rows(0, n)])));
`;

const root = fileURLToPath(new URL('../..', import.meta.url));
const runScript = (source: string) => spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { cwd: root, encoding: 'utf8', timeout: 30_000 });

describe('the wasm worker pool', () => {
  it('lets a Node process exit once its work is done', () => {
    const run = runScript(script);
    expect(run.error?.message).toBeUndefined();
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('9999900000');
  }, 40_000);

  it('keeps a Node process alive while it waits for a worker running a long kernel', () => {
    const run = runScript(longWorkerJob);
    expect(run.error?.message).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('[0,0]');
  }, 40_000);
});

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = `
import { init, np } from './src/index.ts';
import { realizedOf } from './src/runtime/node-state.ts';
await init({ backend: 'js' });
let x = np.arange(1000).mul(2);
await x.data();
const node = x.node();
const had = realizedOf(node) !== undefined;
x = undefined;
for (let i = 0; i < 20 && realizedOf(node) !== undefined; i++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 10));
}
console.log(JSON.stringify({ had, released: realizedOf(node) === undefined }));
`;

describe('garbage collection', () => {
  it('frees the result of an array nobody references any more', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toEqual({ had: true, released: true });
  });
});

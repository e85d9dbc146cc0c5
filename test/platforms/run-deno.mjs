// Runs deno-smoke.js on the Deno binary that the `deno` devDependency installs, with a
// bounded wait, and prints the closing tally whatever happened to the child.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TIMEOUT_MS = 120_000;
const here = dirname(fileURLToPath(import.meta.url));
// The exe itself, not the npm bin wrapper: a timeout must kill Deno, not only its parent.
const deno = join(dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'deno');
if (!existsSync(join(here, '../../dist/index.js'))) console.error('deno smoke: dist/index.js is missing; run `npm run build` first');

const child = existsSync(deno)
  ? spawnSync(deno, ['run', '--allow-read', '--allow-env', '--no-lock', join(here, 'deno-smoke.js')], {
      stdio: 'inherit',
      timeout: TIMEOUT_MS,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    })
  : { error: new Error(`no Deno executable at ${deno}; run \`npm ci\``) };
if (child.error) console.error(`deno smoke: ${child.error.code === 'ETIMEDOUT' ? `timed out after ${TIMEOUT_MS} ms` : child.error.message}`);
const passed = child.status === 0 ? 1 : 0;
console.log(`deno smoke: ${passed} passed, ${1 - passed} failed`);
process.exit(passed ? 0 : 1);

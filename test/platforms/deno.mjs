// Runs an app folder's main.js on the Deno binary that the `deno` devDependency installs,
// with a bounded wait; its output goes to `log`, line by line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const TIMEOUT_MS = 180_000;
// The executable itself, not the npm bin wrapper: a timeout must kill Deno, not only its parent.
const DENO = join(dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'deno');

/** Resolves when main.js exits 0; rejects with the reason otherwise. */
export async function runDeno(appDir, { log = console.log } = {}) {
  if (!existsSync(DENO)) throw new Error(`no Deno executable at ${DENO}; run \`npm ci\``);
  const xdg = mkdtempSync(join(tmpdir(), 'quiver-xdg-'));
  const child = spawnSync(DENO, ['run', '--allow-read', '--allow-env', '--no-lock', 'main.js'], {
    cwd: appDir,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    // Mesa's Vulkan driver complains on every adapter request when XDG_RUNTIME_DIR is unset.
    env: { XDG_RUNTIME_DIR: xdg, ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  rmSync(xdg, { recursive: true, force: true });
  for (const line of `${child.stdout ?? ''}${child.stderr ?? ''}`.split('\n').filter(Boolean)) log(line);
  if (child.error) throw new Error(child.error.code === 'ETIMEDOUT' ? `timed out after ${TIMEOUT_MS} ms` : child.error.message);
  if (child.status !== 0) throw new Error(`exited with ${child.status}`);
}

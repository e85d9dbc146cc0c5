// Runs an app folder's main.js on Deno (the binary the `deno` devDependency installs) or on
// this Node, with a bounded wait; its output goes to `log`, line by line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const TIMEOUT_MS = 180_000;
// The executable itself, not the npm bin wrapper: a timeout must kill Deno, not only its parent.
const DENO = join(dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'deno');
/** Node's Dawn without a GPU: SwiftShader's Vulkan driver, as the webgpu test project uses. */
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Resolves when Deno runs main.js to exit 0; rejects with the reason otherwise. */
export async function runDeno(appDir, options) {
  if (!existsSync(DENO)) throw new Error(`no Deno executable at ${DENO}; run \`npm ci\``);
  runMain(DENO, ['run', '--allow-read', '--allow-env', '--no-lock', 'main.js'], appDir, { DENO_NO_UPDATE_CHECK: '1' }, options);
}

/** Resolves when Node runs main.js to exit 0; rejects with the reason otherwise. */
export async function runNode(appDir, options) {
  runMain(process.execPath, ['main.js'], appDir, { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER }, options);
}

function runMain(executable, args, appDir, env, { log = console.log } = {}) {
  const xdg = mkdtempSync(join(tmpdir(), 'quiver-xdg-'));
  const child = spawnSync(executable, args, {
    cwd: appDir,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    // Mesa complains on every adapter request when XDG_RUNTIME_DIR is unset.
    env: { XDG_RUNTIME_DIR: xdg, ...process.env, NO_COLOR: '1', ...env },
  });
  rmSync(xdg, { recursive: true, force: true });
  for (const line of `${child.stdout ?? ''}${child.stderr ?? ''}`.split('\n').filter(Boolean)) log(line);
  if (child.error) throw new Error(child.error.code === 'ETIMEDOUT' ? `timed out after ${TIMEOUT_MS} ms` : child.error.message);
  if (child.status !== 0) throw new Error(`exited with ${child.status}`);
}

// Checks `npm test` on a fresh machine, on this one: hides the Vulkan drivers (the loader
// reads a driver file that does not exist), Mesa's EGL, Chromium and redis-server, then
// runs a small vitest selection twice. Without QUIVER_REQUIRE_WEBGPU, QUIVER_REQUIRE_CHROMIUM
// and QUIVER_REQUIRE_REDIS it must pass, skipping the webgpu, chromium and redis projects
// with one notice and no native driver lines; with QUIVER_REQUIRE_WEBGPU=1 it must fail on
// the missing adapter.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SELECTION = ['--project', 'js', '--project', 'webgpu*', '--project', 'chromium', '--project', 'redis', 'test/cache/opfs.test.ts', 'test/cluster/cluster.test.ts', 'test/core/quiet-start.test.ts', 'test/golden/shader-modules.test.ts', 'test/webgpu/platform.test.ts'];
const HIDDEN = {
  VK_ICD_FILENAMES: '/nonexistent/vk_icd.json',
  VK_DRIVER_FILES: '/nonexistent/vk_icd.json',
  __EGL_VENDOR_LIBRARY_FILENAMES: '/nonexistent/egl_vendor.json',
  CHROMIUM_PATH: '/nonexistent/chromium',
  REDIS_SERVER_PATH: '/nonexistent/redis-server',
  NO_COLOR: '1',
};
const NOTICE = 'Skipping the test projects chromium, redis, webgpu, webgpu-gles: this machine lacks what they need.';

function vitest(extraEnv) {
  const env = { ...process.env, ...HIDDEN, ...extraEnv };
  if (!extraEnv.QUIVER_REQUIRE_WEBGPU) delete env.QUIVER_REQUIRE_WEBGPU;
  delete env.QUIVER_REQUIRE_CHROMIUM;
  delete env.QUIVER_REQUIRE_REDIS;
  const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...SELECTION], { cwd: root, env, encoding: 'utf8', timeout: 300_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const problems = [];
const optional = vitest({});
if (optional.status !== 0) problems.push(`without QUIVER_REQUIRE_WEBGPU the selection failed (exit ${optional.status})`);
const notices = optional.output.split(NOTICE).length - 1;
if (notices !== 1) problems.push(`expected the skip notice once, saw it ${notices} times`);
const nativeLines = optional.output.split('\n').filter((l) => /^(Warning|error):/.test(l));
if (nativeLines.length > 0) problems.push(`native driver lines reached the terminal: ${nativeLines.slice(0, 3).join(' | ')}`);

const required = vitest({ QUIVER_REQUIRE_WEBGPU: '1' });
if (required.status === 0) problems.push('with QUIVER_REQUIRE_WEBGPU=1 the selection passed without an adapter');
if (!required.output.includes('no WebGPU adapter')) problems.push('with QUIVER_REQUIRE_WEBGPU=1 the failure does not name the missing adapter');

if (problems.length > 0) {
  console.log(optional.output.slice(-4000));
  console.log(required.output.slice(-4000));
  for (const p of problems) console.log(`hidden adapters: FAIL ${p}`);
  process.exit(1);
}
console.log('hidden adapters: webgpu, chromium and redis projects skipped with one notice, and required webgpu projects fail: 2 passed, 0 failed');

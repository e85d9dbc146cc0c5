import type { TestProjectInlineConfiguration } from 'vitest/config';
import { probeNodeAdapter } from '../../src/platform/gpu-probe.js';

/**
 * The test projects this machine can run. A webgpu project whose adapter Dawn cannot find
 * here (a fresh machine without Chromium's SwiftShader or Mesa) is left out with one notice
 * that says what to install, so `npm test` passes on plain Node; with
 * QUIVER_REQUIRE_WEBGPU=1 (CI) it stays in and its tests fail on the missing adapter.
 * Each probe runs in a child process (src/platform/gpu-probe.ts), so Dawn's driver
 * warnings never reach the terminal.
 */
export async function webgpuProjectsHere(projects: TestProjectInlineConfiguration[]): Promise<TestProjectInlineConfiguration[]> {
  const missing = await missingOnce(projects);
  return process.env.QUIVER_REQUIRE_WEBGPU === '1' ? projects : projects.filter((p) => !missing.some((m) => m.name === name(p)));
}

interface Missing {
  readonly name: string;
  readonly reason: string;
}

/**
 * Vitest evaluates the config once more for each project that extends it: the probes and
 * the notice happen on the first evaluation, and the later ones read its answer.
 */
function missingOnce(projects: TestProjectInlineConfiguration[]): Promise<Missing[]> {
  const cache = globalThis as { [PROBED]?: Promise<Missing[]> };
  cache[PROBED] ??= probeAll(projects).then((missing) => {
    if (missing.length > 0) console.warn(notice(missing, process.env.QUIVER_REQUIRE_WEBGPU === '1'));
    return missing;
  });
  return cache[PROBED];
}

const PROBED = Symbol.for('quiverjs.test.missing-webgpu-adapters');

async function probeAll(projects: TestProjectInlineConfiguration[]): Promise<Missing[]> {
  const selected = selectedNames();
  const probed = await Promise.all(projects.map(async (p) => (needsAdapter(p) && selects(selected, name(p)) ? missingAdapter(p) : undefined)));
  return projects.flatMap((p, i) => (probed[i] ? [{ name: name(p), reason: probed[i] }] : []));
}

const name = (p: TestProjectInlineConfiguration): string => p.test?.name as string;
const needsAdapter = (p: TestProjectInlineConfiguration): boolean => p.test?.env?.QUIVER_TEST_BACKEND === 'webgpu';

/** Why the project's adapter is missing, or undefined when Dawn finds one. */
async function missingAdapter(p: TestProjectInlineConfiguration): Promise<string | undefined> {
  const env = { ...process.env, ...p.test?.env };
  const gles = env.QUIVER_WEBGPU_ADAPTER === 'gles';
  const probe = await probeNodeAdapter({ env, ...(gles ? { compatibility: true, dawnOptions: ['backend=opengles'] } : {}) });
  return probe.found ? undefined : probe.reason;
}

/** The --project filters on the command line (names or globs); empty means every project. */
function selectedNames(): RegExp[] {
  const args = process.argv;
  const names = args.flatMap((a, i) => (a === '--project' ? [args[i + 1] ?? ''] : a.startsWith('--project=') ? [a.slice('--project='.length)] : []));
  return names.map((n) => new RegExp(`^${n.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
}

const selects = (selected: RegExp[], project: string): boolean => selected.length === 0 || selected.some((r) => r.test(project));

function notice(missing: Missing[], required: boolean): string {
  const names = missing.map((m) => m.name).join(', ');
  const head = required
    ? `QUIVER_REQUIRE_WEBGPU=1 and no WebGPU adapter for the test projects ${names}: their tests will fail.`
    : `Skipping the test projects ${names}: no WebGPU adapter on this machine.`;
  return [
    head,
    '  They run WebGPU on a software adapter: on Debian/Ubuntu, `apt-get install libvulkan1 chromium` (SwiftShader, project webgpu)',
    '  and `apt-get install libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri` (Mesa over OpenGL ES, project webgpu-gles).',
    ...missing.map((m) => `  ${m.name}: ${m.reason}`),
  ].join('\n');
}

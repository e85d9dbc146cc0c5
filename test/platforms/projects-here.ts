import { spawnSync } from 'node:child_process';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { probeNodeAdapter } from '../../src/platform/gpu-probe.js';

/**
 * The test projects this machine can run. A project that needs what a fresh machine lacks
 * is left out with one notice that says what to install, so `npm test` passes on plain Node:
 * a webgpu project whose adapter Dawn cannot find (no Chromium's SwiftShader, no Mesa), and
 * a project that drives Debian's Chromium where there is none. CI keeps them in, so their
 * tests fail instead: QUIVER_REQUIRE_WEBGPU=1 for the webgpu projects and
 * QUIVER_REQUIRE_CHROMIUM=1 for the browser ones. Each adapter probe runs in a child
 * process (src/platform/gpu-probe.ts), so Dawn's driver warnings never reach the terminal.
 */
export async function projectsHere(projects: TestProjectInlineConfiguration[]): Promise<TestProjectInlineConfiguration[]> {
  const missing = await missingOnce(projects);
  return projects.filter((p) => !missing.some((m) => m.name === name(p) && !m.required));
}

interface Missing {
  readonly name: string;
  readonly reason: string;
  readonly install: string;
  readonly required: boolean;
}

/**
 * Vitest evaluates the config once more for each project that extends it: the probes and
 * the notice happen on the first evaluation, and the later ones read its answer.
 */
function missingOnce(projects: TestProjectInlineConfiguration[]): Promise<Missing[]> {
  const cache = globalThis as { [PROBED]?: Promise<Missing[]> };
  cache[PROBED] ??= probeAll(projects).then((missing) => {
    if (missing.length > 0) console.warn(notice(missing));
    return missing;
  });
  return cache[PROBED];
}

const PROBED = Symbol.for('quiverjs.test.missing-project-needs');

async function probeAll(projects: TestProjectInlineConfiguration[]): Promise<Missing[]> {
  const selected = selectedNames();
  const probed = await Promise.all(projects.map((p) => (selects(selected, name(p)) ? whatIsMissing(p) : undefined)));
  return probed.filter((m): m is Missing => m !== undefined);
}

const name = (p: TestProjectInlineConfiguration): string => p.test?.name as string;

async function whatIsMissing(p: TestProjectInlineConfiguration): Promise<Missing | undefined> {
  const env = { ...process.env, ...p.test?.env };
  if (env.QUIVER_TEST_BACKEND === 'webgpu') {
    const reason = await missingAdapter(env);
    const install = env.QUIVER_WEBGPU_ADAPTER === 'gles' ? 'apt-get install libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri (Mesa over OpenGL ES)' : 'apt-get install libvulkan1 chromium (SwiftShader)';
    return reason === undefined ? undefined : { name: name(p), reason, install, required: process.env.QUIVER_REQUIRE_WEBGPU === '1' };
  }
  if (env.QUIVER_TEST_BROWSER === 'chromium') {
    const path = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    const reason = chromiumMissing(path);
    return reason === undefined ? undefined : { name: name(p), reason, install: 'apt-get install chromium (or set CHROMIUM_PATH)', required: process.env.QUIVER_REQUIRE_CHROMIUM === '1' };
  }
  if (env.QUIVER_TEST_REDIS === '1') {
    const path = env.REDIS_SERVER_PATH ?? 'redis-server';
    const run = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    const reason = run.status === 0 ? undefined : `no redis-server runs at ${path}${run.error ? ` (${run.error.message})` : ''}`;
    return reason === undefined ? undefined : { name: name(p), reason, install: 'apt-get install redis-server (or set REDIS_SERVER_PATH)', required: process.env.QUIVER_REQUIRE_REDIS === '1' };
  }
  return undefined;
}

/**
 * Why the Chromium at `path` cannot run, or undefined when `--version` answers: Debian's
 * /usr/bin/chromium is a wrapper script that stays when the browser under
 * /usr/lib/chromium is gone, so the file existing proves nothing.
 */
function chromiumMissing(path: string): string | undefined {
  const run = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (run.status === 0 && /chrom/i.test(run.stdout)) return undefined;
  const said = `${run.error?.message ?? ''} ${run.stderr ?? ''}`.trim().split('\n').at(-1);
  return `no Chromium runs at ${path}${said ? ` (${said})` : ''}`;
}

/** Why Dawn finds no adapter with this environment, or undefined when it finds one. */
async function missingAdapter(env: NodeJS.ProcessEnv): Promise<string | undefined> {
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

function notice(missing: Missing[]): string {
  const line = (m: Missing): string => `  ${m.name}: ${m.reason}; on Debian/Ubuntu, ${m.install}.`;
  const skipped = missing.filter((m) => !m.required);
  const kept = missing.filter((m) => m.required);
  return [
    ...(skipped.length > 0 ? [`Skipping the test projects ${skipped.map((m) => m.name).join(', ')}: this machine lacks what they need.`, ...skipped.map(line)] : []),
    ...(kept.length > 0 ? [`Required, and missing what they need, so their tests will fail: ${kept.map((m) => m.name).join(', ')}.`, ...kept.map(line)] : []),
  ].join('\n');
}

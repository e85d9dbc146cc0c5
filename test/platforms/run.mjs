// npm run test:platforms: the packed package on the platforms `npm test` cannot reach. Builds
// and packs it, installs the tarball into throwaway apps, then checks: Node importing it by
// name, Deno running it through an `npm:quiverjs` specifier, and an app bundled by Vite and by esbuild in headless
// Chromium (wasm with threads on a cross-origin isolated page, WebGPU on SwiftShader), and
// the Vite app once more on Vite's dev server.
// Prints one line per check, the bundle sizes, and a closing tally.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWithEsbuild, buildWithVite, measure, serveWithViteDev, stageApp } from './bundle.mjs';
import { launchChromium, pageResult } from './chromium.mjs';
import { runDeno, runNode } from './runtimes.mjs';
import { install, pack } from './packed.mjs';
import { serveFolder } from './static-server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const requireWebGpu = process.env.QUIVER_REQUIRE_WEBGPU === '1';
const started = Date.now();
const results = [];
const say = (line) => console.log(`platforms: ${line}`);

/** Runs one check; a thrown error is its failure. Returns what `fn` returned, if it passed. */
async function check(name, fn) {
  try {
    const value = await fn();
    results.push({ name, ok: true });
    return value;
  } catch (err) {
    say(`FAIL ${name}: ${err?.message ?? err}`);
    results.push({ name, ok: false });
    return undefined;
  }
}

// A run that hangs (a browser that will not close) still ends, with its tally.
setTimeout(() => finish('watchdog: no result within 15 minutes'), 15 * 60_000).unref();

const work = mkdtempSync(join(tmpdir(), 'quiver-platforms-'));
try {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const packed = await check('npm pack', () => {
    const p = pack(root, work);
    for (const needed of ['dist/index.js', 'dist/index.d.ts', 'wasm/quiver.wasm', 'package.json']) {
      if (!p.files.includes(needed)) throw new Error(`the tarball lacks ${needed}`);
    }
    say(`packed ${p.files.length} files`);
    return p;
  });
  if (packed) {
    await check('node (quiverjs)', () => runNode(stagedRuntime(packed.tarball, 'node'), { log: (l) => say(`node: ${l}`) }));
    await check('deno (npm:quiverjs)', () => runDeno(stagedRuntime(packed.tarball, 'deno'), { log: (l) => say(`deno: ${l}`) }));
    const apps = [];
    for (const [bundler, build] of [['vite', buildWithVite], ['esbuild', buildWithEsbuild]]) {
      const app = await check(`${bundler} build`, async () => {
        const dir = join(work, bundler);
        mkdirSync(dir);
        install(root, packed.tarball, dir);
        stageApp(dir, bundler);
        const { outDir, arrowFiles } = await build(dir);
        if (arrowFiles.length === 0) throw new Error('apache-arrow is not in a chunk of its own');
        say(`${bundler} sizes: ${formatSizes(measure(outDir, arrowFiles))}`);
        return { name: `${bundler} app`, serve: () => serveFolder(outDir), dir };
      });
      if (app) apps.push(app);
    }
    const vite = apps.find((a) => a.name === 'vite app');
    if (vite) apps.push({ name: 'vite dev server', serve: () => serveWithViteDev(vite.dir) });
    if (apps.length > 0) await inChromium(apps);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
finish();

/** An app folder for a runtime: the installed package and `<runtime>-main.js` as main.js. */
function stagedRuntime(tarball, runtime) {
  const dir = join(work, runtime);
  mkdirSync(dir);
  install(root, tarball, dir);
  // nodeModulesDir 'manual': Deno resolves npm: specifiers from this node_modules, as npm installed it.
  if (runtime === 'deno') writeFileSync(join(dir, 'deno.json'), JSON.stringify({ nodeModulesDir: 'manual' }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', dependencies: { quiverjs: '*' } }));
  stageApp(dir, runtime);
  return dir;
}

async function inChromium(apps) {
  let browser;
  try {
    browser = await launchChromium();
    say(`chromium ${browser.version()}`);
    for (const { name, serve } of apps) {
      await check(`chromium, ${name}`, async () => {
        const server = await serve();
        try {
          const result = await pageResult(browser, `${server.url}?requireWebGpu=${requireWebGpu ? 1 : 0}`, { log: (l) => say(`${name}: ${l}`) });
          say(`${name}: ${result.gpu}, crossOriginIsolated ${result.isolated}`);
          for (const line of result.lines) say(`${name}: ${line}`);
          if (result.cases === 0 || result.problems.length > 0) throw new Error(result.problems.join('; ') || 'no cases ran');
        } finally {
          await server.close();
        }
      });
    }
  } catch (err) {
    await check('chromium launch', () => Promise.reject(err));
  } finally {
    await browser?.close();
  }
}

function formatSizes({ wasm, jsWithoutArrow, jsWithArrow }) {
  const kib = ({ raw, gzip }) => `${(raw / 1024).toFixed(1)} KiB (gzip ${(gzip / 1024).toFixed(1)} KiB)`;
  return `wasm ${kib(wasm)}; JS without Arrow ${kib(jsWithoutArrow)}; with Arrow ${kib(jsWithArrow)}`;
}

function finish(reason) {
  if (reason) results.push({ name: reason, ok: false });
  const failed = results.filter((r) => !r.ok);
  say(`${results.length - failed.length} passed, ${failed.length} failed${failed.length ? ` (${failed.map((r) => r.name).join(', ')})` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(failed.length === 0 ? 0 : 1);
}

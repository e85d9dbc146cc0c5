// Builds test/platforms/app with Vite and with esbuild, as an app depending on the installed
// package would, and measures what each ships: the wasm module, the JavaScript without
// apache-arrow (what a page loads before its first Arrow use) and with it, raw and gzip.
import { copyFileSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const APP = fileURLToPath(new URL('./app/', import.meta.url));
const SMOKE = fileURLToPath(new URL('./smoke.js', import.meta.url));

/** Copies the app's sources into `appDir`, with `<bundler>-main.js` as main.js. */
export function stageApp(appDir, bundler) {
  for (const f of ['index.html', 'start.js']) copyFileSync(join(APP, f), join(appDir, f));
  copyFileSync(SMOKE, join(appDir, 'smoke.js'));
  copyFileSync(join(APP, `${bundler}-main.js`), join(appDir, 'main.js'));
}

const isArrow = (path) => /[\\/]apache-arrow[\\/]|[\\/]flatbuffers[\\/]/.test(path);

/** Vite production build of appDir into appDir/dist; returns the JS files that hold apache-arrow. */
export async function buildWithVite(appDir) {
  const { build } = await import('vite');
  const out = await build({ root: appDir, logLevel: 'warn', configFile: false, build: { outDir: 'dist', emptyOutDir: true } });
  const chunks = (Array.isArray(out) ? out[0] : out).output.filter((o) => o.type === 'chunk');
  return { outDir: join(appDir, 'dist'), arrowFiles: chunks.filter((c) => c.moduleIds.some(isArrow)).map((c) => basename(c.fileName)) };
}

/** The app on Vite's dev server (dependencies pre-bundled, modules served one by one), cross-origin isolated. */
export async function serveWithViteDev(appDir) {
  const { createServer } = await import('vite');
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  const server = await createServer({ root: appDir, configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, headers } });
  await server.listen();
  return { url: server.resolvedUrls.local[0], close: () => server.close() };
}

/** esbuild bundle (ESM, code splitting, minified) of appDir/main.js into appDir/dist, with the page beside it. */
export async function buildWithEsbuild(appDir) {
  const esbuild = await import('esbuild');
  const outDir = join(appDir, 'dist');
  const result = await esbuild.build({
    absWorkingDir: appDir,
    entryPoints: ['main.js'],
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    platform: 'browser',
    outdir: outDir,
    loader: { '.wasm': 'file' },
    metafile: true,
    logLevel: 'error',
  });
  copyFileSync(join(appDir, 'index.html'), join(outDir, 'index.html'));
  const arrowFiles = Object.entries(result.metafile.outputs)
    .filter(([file, o]) => file.endsWith('.js') && Object.keys(o.inputs).some(isArrow))
    .map(([file]) => basename(file));
  return { outDir, arrowFiles };
}

/** Sizes in bytes of what outDir ships: wasm, JS without the Arrow files, JS with them; raw and gzip. */
export function measure(outDir, arrowFiles) {
  const files = listFiles(outDir);
  const size = (list) => {
    const bytes = list.map((f) => readFileSync(f));
    return { raw: bytes.reduce((n, b) => n + b.length, 0), gzip: bytes.reduce((n, b) => n + gzipSync(b).length, 0) };
  };
  const js = files.filter((f) => f.endsWith('.js'));
  return {
    wasm: size(files.filter((f) => f.endsWith('.wasm'))),
    jsWithoutArrow: size(js.filter((f) => !arrowFiles.includes(basename(f)))),
    jsWithArrow: size(js),
  };
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? listFiles(join(dir, n)) : [join(dir, n)]));
}

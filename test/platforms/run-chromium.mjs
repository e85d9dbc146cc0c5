// Chromium smoke test of the built package: serves dist/ and this folder from 127.0.0.1,
// opens smoke.html in Debian's chromium through playwright-core, and reads the result back.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = 60_000;
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
// The built package as it ships: dist/ with the .wasm module and the WGSL templates it loads,
// and the npm dependencies the page's import map points at.
const SERVED = ['/dist/', '/wasm/', '/shaders/', '/test/platforms/', '/node_modules/apache-arrow/', '/node_modules/flatbuffers/', '/node_modules/json-with-bigint/', '/node_modules/tslib/'];
const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.map': 'application/json', '.wasm': 'application/wasm', '.wgsl': 'text/plain', '.mjs': 'text/javascript' };

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  const body = SERVED.some((p) => path.startsWith(p)) ? await readFile(join(root, path)).catch(() => null) : null;
  // Cross-origin isolation, so SharedArrayBuffer (the wasm backend's shared memory) exists.
  res.writeHead(body ? 200 : 404, {
    'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  });
  res.end(body ?? `not served: ${path}`);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
// Each step below has its own bound; this one also covers a browser that will not close.
setTimeout(() => {
  console.log('chromium smoke: 0 passed, 1 failed (watchdog: no result in time)');
  process.exit(1);
}, 3 * TIMEOUT_MS).unref();

let browser;
let passed = 0;
try {
  browser = await chromium.launch({
    executablePath: EXECUTABLE,
    timeout: TIMEOUT_MS,
    args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
  const page = await browser.newPage();
  page.on('pageerror', (err) => console.log(`chromium smoke: page error: ${err.message}`));
  page.on('console', (msg) => console.log(`chromium smoke: console.${msg.type()}: ${msg.text()}`));
  const requireWebGpu = process.env.QUIVER_REQUIRE_WEBGPU === '1' ? '1' : '0';
  await page.goto(`http://127.0.0.1:${server.address().port}/test/platforms/smoke.html?requireWebGpu=${requireWebGpu}`, { timeout: TIMEOUT_MS });
  const result = await (await page.waitForFunction(() => window.smokeResult, null, { timeout: TIMEOUT_MS })).jsonValue();
  console.log(`chromium smoke: ${browser.version()}, ${result.gpu}, crossOriginIsolated ${result.isolated}`);
  for (const line of result.lines) console.log(`chromium smoke: ${line}`);
  for (const p of result.problems) console.log(`chromium smoke: FAIL ${p}`);
  console.log(`chromium smoke: ${result.cases} cases on js, wasm and webgpu; ${result.problems.length} problems`);
  passed = result.cases > 0 && result.problems.length === 0 ? 1 : 0;
} catch (err) {
  console.log(`chromium smoke: FAIL ${err.message.split('\n')[0]}`);
} finally {
  await browser?.close();
  server.close();
}
console.log(`chromium smoke: ${passed} passed, ${1 - passed} failed`);
process.exit(passed ? 0 : 1);

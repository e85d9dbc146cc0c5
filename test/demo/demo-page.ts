/**
 * `npm run test:demo`: opens the demo page (examples/demo) in headless Chromium, once on
 * the best backend there and once on the js reference, waits for each report, checks
 * that every step agreed with plain JS and that both runs give the same figures, and
 * saves a screenshot of the best backend's report (report/demo.png; DEMO_SCREENSHOT
 * overrides the path). DEMO_SIZE picks the problem size (default small); DEMO_BACKEND
 * checks that backend instead of the best one. With QUIVER_REQUIRE_WEBGPU=1 (CI) the
 * page's webgpu choice is checked against js as well, so a missing adapter fails.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser } from 'playwright-core';
import { startDemoServer } from '../../examples/demo/server.js';
import type { DemoResult } from '../../examples/demo/result.js';
import { launchChromium } from '../platforms/chromium.mjs';
import { compareFigures } from './figures.js';

const SIZE = process.env.DEMO_SIZE ?? 'small';
const BACKEND = process.env.DEMO_BACKEND || undefined;
const ALSO_WEBGPU = process.env.QUIVER_REQUIRE_WEBGPU === '1' && BACKEND !== 'webgpu';
const SCREENSHOT = process.env.DEMO_SCREENSHOT ?? 'report/demo.png';
/** One report at the small size takes about a minute in Chromium on a loaded 2-core machine; medium and large need more. */
const REPORT_TIMEOUT_MS = Number(process.env.DEMO_TIMEOUT_MS ?? 300_000);
const LAUNCH_TIMEOUT_MS = 60_000;

type Settled = Exclude<DemoResult, { error: string }>;

/** Opens the page for one run and waits for it to settle; the page's errors and console go to stdout. */
async function openReport(browser: Browser, base: string, backend: string | undefined, screenshot?: string): Promise<Settled> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', (err) => console.log(`demo: page error: ${err.message}`));
  page.on('console', (msg) => console.log(`demo: console.${msg.type()}: ${msg.text()}`));
  const query = new URLSearchParams({ size: SIZE, seed: '42', ...(backend ? { backend } : {}) });
  await page.goto(`${base}?${query}`, { timeout: LAUNCH_TIMEOUT_MS });
  const result = (await (await page.waitForFunction(() => window.demoResult, null, { timeout: REPORT_TIMEOUT_MS })).jsonValue()) as DemoResult;
  if ('error' in result) throw new Error(`the page failed on ${backend ?? 'the best backend'}: ${result.error}`);
  if (screenshot) {
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
  }
  await page.close();
  return result;
}

// Each wait above has its own bound; this one also covers a browser that will not close.
setTimeout(() => {
  console.log('demo: FAIL watchdog: the check did not finish in time');
  process.exit(1);
}, 4 * REPORT_TIMEOUT_MS).unref();

const problems: string[] = [];
const server = await startDemoServer();
let browser: Browser | undefined;
try {
  browser = await launchChromium({ timeoutMs: LAUNCH_TIMEOUT_MS });
  console.log(`demo: ${server.url}, chromium ${browser.version()}, size ${SIZE}`);
  const best = await openReport(browser, server.url, BACKEND, SCREENSHOT);
  console.log(`demo: ${BACKEND ? 'asked for' : 'best backend here:'} ${best.backend}; screenshot ${SCREENSHOT}`);
  const checked = ALSO_WEBGPU ? [best, await openReport(browser, server.url, 'webgpu')] : [best];
  const reference = await openReport(browser, server.url, 'js');
  for (const run of [...checked, reference]) {
    if (run.failed.length > 0) problems.push(`${run.backend}: Quiver and plain JS disagree on ${run.failed.join(', ')}`);
  }
  if (!BACKEND && best.backend === 'js') problems.push('the best backend in Chromium was js: wasm should have started');
  for (const run of checked) problems.push(...compareFigures(run, reference, (line) => console.log(`demo: ${line}`)));
} catch (err) {
  problems.push(err instanceof Error ? err.message.split('\n')[0]! : String(err));
} finally {
  await browser?.close();
  await server.close();
}
for (const p of problems) console.log(`demo: FAIL ${p}`);
console.log(`demo: ${problems.length === 0 ? 'passed' : `${problems.length} problems`}`);
process.exit(problems.length === 0 ? 0 : 1);

// Debian's Chromium, headless, driven by playwright-core (never a downloaded browser: see
// PLATFORM.md). WebGPU is on (SwiftShader where there is no GPU); pages must be served
// from http://127.0.0.1 for navigator.gpu to exist.
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A headless Chromium with WebGPU enabled; the caller closes it. */
export function launchChromium({ timeoutMs = 60_000 } = {}) {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    timeout: timeoutMs,
    args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}

/**
 * Opens `url` in a new page of `browser` and waits until the page sets `window[name]`;
 * resolves to that value (JSON). The page's console and errors go to `log`, one line each.
 */
export async function pageResult(browser, url, { name = 'smokeResult', timeoutMs = 120_000, log = console.log } = {}) {
  const page = await browser.newPage();
  page.on('pageerror', (err) => log(`page error: ${err.message}`));
  page.on('console', (msg) => log(`console.${msg.type()}: ${msg.text()}`));
  try {
    await page.goto(url, { timeout: timeoutMs });
    return await (await page.waitForFunction((n) => window[n], name, { timeout: timeoutMs })).jsonValue();
  } finally {
    await page.close();
  }
}

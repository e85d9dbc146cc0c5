import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TIMEOUT = 60_000;
let server: Server;
let browser: Browser;
let origin = '';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The sources as the browser imports them: `/src/x.js` is `src/x.ts`, transpiled (types dropped) on request. */
async function moduleSource(url: string): Promise<string | undefined> {
  const path = normalize(decodeURIComponent(url));
  if (!/^\/(src|test\/cache)\/[\w/.-]+\.js$/.test(path)) return undefined;
  const source = await readFile(join(root, path.replace(/\.js$/, '.ts')), 'utf8').catch(() => undefined);
  return source && ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
}

beforeAll(async () => {
  const page = `<!doctype html><script type="module">
    import { mainThreadError } from '/test/cache/opfs-entry.js';
    const worker = new Worker('/test/cache/opfs-entry.js', { type: 'module' });
    const inWorker = await new Promise((ok) => (worker.onmessage = (m) => ok(m.data)));
    window.result = { inWorker, mainThread: await mainThreadError() };
  </script>`;
  server = createServer(async (req, res) => {
    const code = await moduleSource(req.url ?? '/');
    const html = req.url === '/';
    res.writeHead(code || html ? 200 : 404, { 'Content-Type': code ? 'text/javascript' : 'text/html' });
    res.end(code ?? (html ? page : 'not found'));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', timeout: TIMEOUT, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('the disk tier in a browser (headless Chromium, Origin Private File System)', () => {
  it('spills and reloads every dtype byte for byte from a dedicated Worker, and says a Worker is needed on the main thread', async () => {
    const page = await browser.newPage();
    await page.goto(origin, { timeout: TIMEOUT });
    const result = (await (await page.waitForFunction(() => (window as unknown as { result?: unknown }).result, null, { timeout: TIMEOUT })).jsonValue()) as {
      inWorker: { spilled: number; reloads: number; exact: boolean; where: string; error?: string };
      mainThread: string;
    };
    expect(result.inWorker.error).toBeUndefined();
    expect(result.inWorker.where).toMatch(/^OPFS quiver-test\/quiver-spill-/);
    expect(result.inWorker.spilled).toBeGreaterThanOrEqual(4);
    expect(result.inWorker.reloads).toBeGreaterThanOrEqual(4);
    expect(result.inWorker.exact).toBe(true);
    expect(result.mainThread).toMatch(/synchronous access only in a dedicated Worker/);
  }, TIMEOUT);
});

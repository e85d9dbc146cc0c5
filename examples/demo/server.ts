/**
 * Serves the demo page: index.html, its script bundled by esbuild in memory (app.ts and
 * everything it imports, apache-arrow included), and the files the package fetches
 * beside itself (wasm/quiver.wasm, shaders/*.wgsl). Every response carries the
 * cross-origin isolation headers that SharedArrayBuffer, and so the wasm backend's
 * worker threads, need.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = new URL('../../', import.meta.url);
const HERE = new URL('./', import.meta.url);

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cache-Control': 'no-store',
};

export interface DemoServer {
  /** The page's address, e.g. http://127.0.0.1:8080/ (loopback: navigator.gpu needs a secure context). */
  url: string;
  close(): Promise<void>;
}

/** The page's script: one ES module, so `import.meta.url` inside it still locates wasm/ and shaders/ on this server. */
export async function bundleDemo(): Promise<Uint8Array> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('app.ts', HERE))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return out.outputFiles[0]!.contents;
}

type Route = { type: string; body: () => Promise<Uint8Array> };

function routes(script: Uint8Array): (path: string) => Route | undefined {
  const file = (url: URL) => () => readFile(url);
  return (path) => {
    if (path === '/' || path === '/index.html') return { type: 'text/html; charset=utf-8', body: file(new URL('index.html', HERE)) };
    if (path === '/app.js') return { type: 'text/javascript; charset=utf-8', body: async () => script };
    if (path === '/wasm/quiver.wasm') return { type: 'application/wasm', body: file(new URL('wasm/quiver.wasm', ROOT)) };
    if (/^\/shaders\/[\w-]+\.wgsl$/.test(path)) return { type: 'text/plain; charset=utf-8', body: file(new URL(path.slice(1), ROOT)) };
    return undefined;
  };
}

async function respond(route: Route | undefined, path: string, res: ServerResponse): Promise<void> {
  const body = route ? await route.body().catch(() => undefined) : undefined;
  if (!route || !body) {
    res.writeHead(404, { 'Content-Type': 'text/plain', ...ISOLATION }).end(`not served: ${path}`);
    return;
  }
  res.writeHead(200, { 'Content-Type': route.type, ...ISOLATION }).end(body);
}

/** Bundles the page and listens on host:port (port 0: any free one). */
export async function startDemoServer(port = 0, host = '127.0.0.1'): Promise<DemoServer> {
  const route = routes(await bundleDemo());
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://demo').pathname;
    void respond(route(path), path, res);
  });
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(port, host, ok));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

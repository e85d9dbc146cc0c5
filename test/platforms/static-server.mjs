// Serves a folder over http://127.0.0.1 (navigator.gpu needs a secure context, which
// loopback http is) with the COOP/COEP headers that make the page cross-origin isolated,
// so SharedArrayBuffer exists and the wasm backend can run its threads.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.map': 'application/json', '.wasm': 'application/wasm', '.css': 'text/css' };

/** Starts the server on a free port; resolves to its base URL and a close function. */
export async function serveFolder(root) {
  const server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path.endsWith('/')) path += 'index.html';
    const body = path.includes('..') ? null : await readFile(join(root, path)).catch(() => null);
    res.writeHead(body ? 200 : 404, {
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    res.end(body ?? `not found: ${path}`);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

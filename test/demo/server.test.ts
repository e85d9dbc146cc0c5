import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../examples/demo/server.js';

// Bundling for the browser fails on any static Node import, so a served script is also
// the proof that the report's computing part is free of Node APIs.
describe('the demo server', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer();
  }, 60_000);
  afterAll(() => server?.close());

  it('serves the page, its browser bundle, the wasm module and the WGSL templates, all cross-origin isolated', async () => {
    for (const [path, type] of [['', 'text/html'], ['app.js', 'text/javascript'], ['wasm/quiver.wasm', 'application/wasm'], ['shaders/reduce.wgsl', 'text/plain']]) {
      const res = await fetch(new URL(path!, server.url));
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toContain(type);
      expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy'), path).toBe('require-corp');
      expect((await res.arrayBuffer()).byteLength, path).toBeGreaterThan(0);
    }
  });

  it('serves nothing else from the project', async () => {
    for (const path of ['package.json', 'src/index.ts', 'shaders/..%2Fpackage.json', 'shaders/missing.wgsl']) {
      expect((await fetch(new URL(path, server.url))).status, path).toBe(404);
    }
  });
});

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// In a process of its own, since the kernel module is read once per process. A local
// server hands out wasm/quiver.wasm and counts the requests: under the js backend the CSV
// reader reads it at its first read, parse threads are sent the compiled module, and the
// wasm backend started later reuses it.
const script = `
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { init } from './src/index.ts';
import { readCsvBatches } from './src/io/index.ts';
const bytes = readFileSync('wasm/quiver.wasm');
let requests = 0;
const server = createServer((_req, res) => {
  requests++;
  res.writeHead(200, { 'content-type': 'application/wasm' });
  res.end(bytes);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const wasmUrl = 'http://127.0.0.1:' + server.address().port + '/quiver.wasm';
await init({ backend: 'js', wasmUrl });
const counts = { init: requests };
const text = new TextEncoder().encode('a,b\\n' + Array.from({ length: 5000 }, (_, i) => i + ',' + i / 4).join('\\n'));
const sum = async (threads) => {
  let total = 0;
  for await (const batch of readCsvBatches(text, { threads, blockSize: 4096 })) for (const v of batch.columns.get('b')) total += v;
  return total;
};
const single = await sum(1);
counts.read = requests;
const parallel = await sum(2);
counts.parallelRead = requests;
await init({ backend: 'wasm', wasmUrl, threads: 1 });
counts.wasmBackend = requests;
server.close();
console.log(JSON.stringify({ counts, same: single === parallel && single === 4999 * 5000 / 8 }));
`;

describe('the CSV reader and init({ wasmUrl })', () => {
  it('reads its kernel module from the URL init was given, once, for itself, its parse threads and the wasm backend', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toEqual({ counts: { init: 0, read: 1, parallelRead: 1, wasmBackend: 1 }, same: true });
  });
});

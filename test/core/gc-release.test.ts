import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = `
import { init, np } from './src/index.ts';
import { realizedOf } from './src/runtime/node-state.ts';
await init({ backend: 'js' });
let x = np.arange(1000).mul(2);
await x.data();
const node = x.node();
const had = realizedOf(node) !== undefined;
x = undefined;
for (let i = 0; i < 20 && realizedOf(node) !== undefined; i++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 10));
}
console.log(JSON.stringify({ had, released: realizedOf(node) === undefined }));
`;

const chains = `
import { init, np } from './src/index.ts';
await init({ backend: 'js' });
const values = Array.from({ length: 1000 }, (_, i) => i / 1000);
const collect = async (done) => {
  for (let i = 0; i < 20 && !done(); i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 10));
  }
};
const before = np.memory().host.buffers;
const once = async () => {
  const x = np.array(values);
  const sq = x.mul(x);
  const result = x.mul(2.5).sub(1).abs().sqrt().add(sq.neg().exp()).sub(sq.log1p());
  await result.data();
  result.dispose();
  x.dispose();
};
for (let i = 0; i < 50; i++) await once();
await collect(() => np.memory().host.buffers === before);
const sourcesFreed = np.memory().host.buffers === before;
const x = np.array(values);
let doubled = x.mul(2);
const plusOne = doubled.add(1);
doubled = undefined;
x.dispose();
await collect(() => false);
const kept = Array.from(await plusOne.data()).every((v, i) => v === values[i] * 2 + 1);
console.log(JSON.stringify({ sourcesFreed, kept }));
`;

// Each run copies 1.6 MB into a new array and reads a sum of it; the loop awaits only
// evaluations, so without the event loop turning the job never ends (turn.ts).
const loop = (backend: string) => `
import { init, np } from './src/index.ts';
await init({ backend: '${backend}' });
const values = new Float64Array(200_000).map((_, i) => i);
const once = async () => {
  const x = np.array(values);
  await x.mul(2).sum().data();
};
for (let i = 0; i < 20; i++) await once();
globalThis.gc();
const start = process.memoryUsage().arrayBuffers;
for (let i = 0; i < 200; i++) {
  await once();
  if (i % 20 === 19) globalThis.gc();
}
console.log(JSON.stringify({ grewMB: Math.round((process.memoryUsage().arrayBuffers - start) / 2 ** 20) }));
`;

// The same for reads the result cache answers: each still builds nodes and WeakRefs to them.
const hits = `
import { init, np } from './src/index.ts';
await init({ backend: 'js' });
const x = np.array(new Float64Array(1000).map((_, i) => i));
await x.mul(2).sum().data();
globalThis.gc();
const start = process.memoryUsage().heapUsed;
for (let i = 0; i < 20000; i++) {
  await x.mul(2).sum().data();
  if (i % 2000 === 0) globalThis.gc();
}
globalThis.gc();
console.log(JSON.stringify({ grewMB: Math.round((process.memoryUsage().heapUsed - start) / 2 ** 20) }));
`;

describe('garbage collection', () => {
  it('lets the nodes of a loop of reads the result cache answers be collected as it runs', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', hits], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    // Kept to the loop's end, its nodes grew the heap by about 33 MB.
    expect(JSON.parse(run.stdout.trim()).grewMB).toBeLessThan(12);
  });

  it.each(['js', 'wasm'])('lets the arrays of a loop of evaluations that never waits for I/O be collected as it runs (%s)', (backend) => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', loop(backend)], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    // 200 runs would hold 320 MB if every array stayed alive to the loop's end.
    expect(JSON.parse(run.stdout.trim()).grewMB).toBeLessThan(64);
  });

  it('frees the data of disposed arrays once the temporaries built on them are collected, and keeps it while a live array may recompute from it', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', chains], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toEqual({ sourcesFreed: true, kept: true });
  });

  it('frees the result of an array nobody references any more', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toEqual({ had: true, released: true });
  });
});

/**
 * Run by deno-spill.test.ts on Deno (sloppy imports map the sources' `.js` specifiers to
 * their `.ts` files): the disk tier through Deno's `node:fs`, spilling
 * and reloading buffers of every dtype byte for byte. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSpillFile } from '../../src/platform/spill.js';
import { BufferCache } from '../../src/runtime/cache/cache.js';
import { DiskTier } from '../../src/runtime/cache/disk.js';

const deno = (globalThis as { Deno?: { version: { deno: string } } }).Deno;
const dir = mkdtempSync(join(tmpdir(), 'quiver-deno-spill-'));
const cache = new BufferCache(1100, Infinity);
cache.disk = new DiskTier(await openSpillFile(dir));
const arrays = [
  Float64Array.from({ length: 256 }, (_, i) => (i % 3 === 0 ? -0 : i / 7)),
  Float32Array.from({ length: 256 }, (_, i) => (i % 5 === 0 ? NaN : -i / 3)),
  Int32Array.from({ length: 256 }, (_, i) => -(2 ** 31) + i * 12345),
  Uint32Array.from({ length: 256 }, (_, i) => 2 ** 32 - 1 - i * 777),
  Uint8Array.from({ length: 256 }, (_, i) => i % 2),
];
const bytes = (a: ArrayBufferView) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
const entries = arrays.map((a) => cache.admit('deno', a, 'data'));
const spilled = cache.counters.spills;
const exact = entries.every((e, i) => JSON.stringify(bytes(cache.resident('deno', e))) === JSON.stringify(bytes(arrays[i]!)));
console.log(JSON.stringify({ runtime: deno ? `deno ${deno.version.deno}` : 'not deno', spilled, reloads: cache.counters.reloads, exact }));
cache.disk.file.close();
rmSync(dir, { recursive: true });

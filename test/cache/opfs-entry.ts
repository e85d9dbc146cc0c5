/**
 * Served to the browser by opfs.test.ts. In a dedicated Worker: the disk tier over the
 * Origin Private File System, spilling and reloading every dtype byte for byte. On the
 * page's main thread: the error saying a Worker is needed. Posts or returns one result.
 */
import { openSpillFile } from '../../src/platform/spill.js';
import { BufferCache } from '../../src/runtime/cache/cache.js';
import { DiskTier } from '../../src/runtime/cache/disk.js';

const bytes = (a: ArrayBufferView): string => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).join(',');

export async function roundTrip(): Promise<{ spilled: number; reloads: number; exact: boolean; where: string }> {
  const cache = new BufferCache(1100, Infinity);
  cache.disk = new DiskTier(await openSpillFile('quiver-test'));
  const arrays = [
    Float64Array.from({ length: 256 }, (_, i) => (i % 3 === 0 ? -0 : i / 7)),
    Float32Array.from({ length: 256 }, (_, i) => (i % 5 === 0 ? NaN : -i / 3)),
    Int32Array.from({ length: 256 }, (_, i) => -(2 ** 31) + i * 12345),
    Uint32Array.from({ length: 256 }, (_, i) => 2 ** 32 - 1 - i * 777),
    Uint8Array.from({ length: 256 }, (_, i) => i % 2),
  ];
  const entries = arrays.map((a) => cache.admit('opfs', a, 'data'));
  const spilled = cache.counters.spills;
  const exact = entries.every((e, i) => bytes(cache.resident('opfs', e)) === bytes(arrays[i]!));
  const where = cache.disk.file.where;
  cache.disk.file.close();
  return { spilled, reloads: cache.counters.reloads, exact, where };
}

export async function mainThreadError(): Promise<string> {
  try {
    await openSpillFile('quiver-test');
    return 'opened';
  } catch (e) {
    return (e as Error).message;
  }
}

const scope = globalThis as unknown as { document?: unknown; postMessage?: (m: unknown) => void };
if (scope.document === undefined && scope.postMessage) {
  roundTrip().then(
    (r) => scope.postMessage!(r),
    (e: Error) => scope.postMessage!({ error: e.message }),
  );
}

import { expect, it } from 'vitest';
import { DiskTier } from '../../src/runtime/cache/disk.js';
import type { SpillFile } from '../../src/platform/spill.js';

/** A spill file that records each call instead of touching a disk. */
function recordingFile(): SpillFile & { calls: [string, number, number][] } {
  const calls: [string, number, number][] = [];
  return {
    where: 'memory',
    calls,
    write: (bytes, at) => void calls.push(['write', bytes.byteLength, at]),
    read: (into, at) => void calls.push(['read', into.byteLength, at]),
    close: () => undefined,
  };
}

it('writes and reads a buffer larger than one Uint8Array can span (4 GiB) in 1 GiB pieces at consecutive offsets', () => {
  // Untouched pages of a large ArrayBuffer cost address space, not memory.
  const big = new Float64Array(new ArrayBuffer(5 * 2 ** 30 + 8 * 3), 8, 5 * 2 ** 27 + 1);
  const file = recordingFile();
  const disk = new DiskTier(file);
  disk.store(new Uint8Array(100));
  const region = disk.store(big);
  disk.load(region, big.subarray(2 ** 27));
  const GiB = 2 ** 30;
  expect(region).toEqual({ at: 100, bytes: 5 * GiB + 8 });
  expect(file.calls.slice(1)).toEqual([
    ['write', GiB, 100], ['write', GiB, 100 + GiB], ['write', GiB, 100 + 2 * GiB], ['write', GiB, 100 + 3 * GiB], ['write', GiB, 100 + 4 * GiB], ['write', 8, 100 + 5 * GiB],
    ['read', GiB, 100], ['read', GiB, 100 + GiB], ['read', GiB, 100 + 2 * GiB], ['read', GiB, 100 + 3 * GiB], ['read', 8, 100 + 4 * GiB],
  ]);
});

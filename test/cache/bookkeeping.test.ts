import { describe, expect, it } from 'vitest';
import { freeze } from '../../src/graph/immutable.js';
import { BufferCache } from '../../src/runtime/cache/cache.js';
import { DiskTier } from '../../src/runtime/cache/disk.js';
import type { Entry, Origin } from '../../src/runtime/cache/entry.js';
import { MemoryError } from '../../src/runtime/cache/errors.js';
import { rng } from '../helpers/rng.js';

/** A spill file in memory, large enough for every buffer the walk below spills. */
function memoryFile() {
  const bytes = new Uint8Array(1 << 20);
  return {
    where: 'memory',
    write: (data: Uint8Array, at: number) => bytes.set(data, at),
    read: (into: Uint8Array, at: number) => into.set(bytes.subarray(at, at + into.length)),
    close: () => {},
  };
}

/** The sums the cache keeps as it goes, computed the slow way: a walk over every buffer. */
const pinnedOracle = (entries: readonly Entry[], except: readonly Entry[]): number =>
  entries.filter((e) => !e.freed && e.pinned && e.host && !except.includes(e)).reduce((s, e) => s + e.bytes, 0);
const busyOracle = (entries: readonly Entry[]): boolean => entries.some((e) => e.leases > 0);

describe('the buffer cache bookkeeping of each evaluation', () => {
  it('counts pinned host bytes and leases right through pins, unpins, leases, spills, reloads and frees of many buffers', () => {
    // 24 buffers of 64 bytes fit in host memory; 300 are admitted, so most spill or drop.
    const cache = new BufferCache(24 * 64, Infinity);
    cache.disk = new DiskTier(memoryFile());
    const random = rng(13);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const entries: Entry[] = [];
    const leases: (() => void)[] = [];
    const origins: Origin[] = ['data', 'persisted', 'result'];
    for (let step = 0; step < 3000; step++) {
      const live = entries.filter((e) => !e.freed);
      const action = live.length < 10 ? 0 : Math.floor(random() * 7);
      try {
        if (action === 0) entries.push(cache.admit('test', freeze(new Float64Array(8).fill(step)), pick(origins)));
        else if (action === 1) cache.pin('test', pick(live));
        else if (action === 2) cache.unpin(pick(live));
        else if (action === 3) cache.free(pick(live));
        else if (action === 4) leases.push(cache.lease('test', [pick(live)]));
        else if (action === 5 && leases.length > 0) leases.splice(Math.floor(random() * leases.length), 1)[0]!();
        else cache.resident('test', pick(live));
      } catch (e) {
        // Pinned and leased buffers can fill the host budget: the step is refused, nothing else changes.
        expect(e).toBeInstanceOf(MemoryError);
      }
      const some = live.filter(() => random() < 0.1);
      expect(cache.pinnedBytes([])).toBe(pinnedOracle(entries, []));
      expect(cache.pinnedBytes(some)).toBe(pinnedOracle(entries, some));
      expect(cache.busy).toBe(busyOracle(entries));
    }
    expect(cache.counters.spills).toBeGreaterThan(0);
    expect(cache.counters.reloads).toBeGreaterThan(0);
    expect(entries.some((e) => e.pinned && e.host && !e.freed)).toBe(true);
    for (const end of leases) end();
    for (const e of entries) cache.unpin(e);
    expect(cache.pinnedBytes([])).toBe(0);
    expect(cache.busy).toBe(false);
  });
});

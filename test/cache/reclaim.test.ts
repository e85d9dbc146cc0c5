import { describe, expect, it } from 'vitest';
import { freeze } from '../../src/graph/immutable.js';
import { contiguousView } from '../../src/graph/view.js';
import { BufferCache } from '../../src/runtime/cache/cache.js';
import { DiskTier } from '../../src/runtime/cache/disk.js';

/** A spill file in memory: the cache under test spills to it like to disk. */
function memoryFile() {
  const bytes = new Uint8Array(1 << 20);
  return {
    where: 'memory',
    write: (data: Uint8Array, at: number) => bytes.set(data, at),
    read: (into: Uint8Array, at: number) => into.set(bytes.subarray(at, at + into.length)),
    close: () => {},
  };
}

/** Elements of a 64 KiB float64 buffer: the smallest copy the cache gives back at once. */
const N = 8192;

/** A cache whose host budget holds one buffer of N float64s. */
function smallCache(): BufferCache {
  const cache = new BufferCache(8 * N, Infinity);
  cache.disk = new DiskTier(memoryFile());
  return cache;
}

const values = (fill: number, n = N): Float64Array => new Float64Array(n).fill(fill);

describe('memory of evicted host copies', () => {
  it('gives a spilled persisted result its memory back at once, and reloads the same values', () => {
    const cache = smallCache();
    const kept = freeze(values(1));
    const e = cache.admit('test', kept, 'persisted');
    cache.admit('test', freeze(values(2)), 'persisted');
    expect(kept.byteLength).toBe(0);
    expect(Array.from(cache.resident('test', e))).toEqual(Array.from(values(1)));
  });

  it('gives a dropped result its memory back at once', () => {
    const cache = smallCache();
    const result = freeze(values(1));
    cache.admit('test', result, 'result');
    cache.admit('test', freeze(values(2)), 'result');
    expect(result.byteLength).toBe(0);
  });

  it('leaves a copy that a reader was given intact when it is evicted', () => {
    const cache = smallCache();
    const e = cache.admit('test', freeze(values(1)), 'persisted');
    const read = cache.value(e, contiguousView([N])).data;
    cache.admit('test', freeze(values(2)), 'persisted');
    expect(Array.from(read)).toEqual(Array.from(values(1)));
  });

  it('leaves user data, and results the cache cannot know are unshared, intact', () => {
    const cache = smallCache();
    const frozenData = freeze(values(1));
    const plainResult = values(2);
    cache.admit('test', frozenData, 'data');
    cache.admit('test', plainResult, 'persisted');
    cache.admit('test', freeze(values(3)), 'persisted');
    expect(Array.from(frozenData)).toEqual(Array.from(values(1)));
    expect(Array.from(plainResult)).toEqual(Array.from(values(2)));
  });

  it('leaves a buffer that only part of a larger ArrayBuffer holds intact', () => {
    const cache = smallCache();
    const whole = new Float64Array(2 * N).fill(4);
    const part = freeze(whole.subarray(0, N));
    cache.admit('test', part, 'persisted');
    cache.admit('test', freeze(values(2)), 'persisted');
    expect(whole.byteLength).toBe(16 * N);
  });

  it('leaves a dropped result under 64 KiB to the garbage collector', () => {
    const cache = new BufferCache(64, Infinity);
    const result = freeze(values(1, 8));
    cache.admit('test', result, 'result');
    cache.admit('test', freeze(values(2, 8)), 'result');
    expect(Array.from(result)).toEqual(Array.from(values(1, 8)));
  });
});

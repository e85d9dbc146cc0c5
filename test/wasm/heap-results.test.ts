import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/backend/wasm/heap.js';
import { HeapResults } from '../../src/backend/wasm/results.js';

const KIB = 1024;

function results(budget: number, largest?: number): { heap: Heap; results: HeapResults; keep: (bytes: number) => () => void } {
  const heap = new Heap(new WebAssembly.Memory({ initial: 1, maximum: 1024, shared: true }), 1024);
  const r = new HeapResults(heap, budget, largest);
  const keep = (bytes: number) => {
    const ptr = heap.alloc(bytes);
    return r.keep(new Float64Array(heap.memory.buffer, ptr, bytes / 8), ptr);
  };
  return { heap, results: r, keep };
}

describe('results left in the heap', () => {
  it('keeps results of 64 KiB and more while they fit the budget, and copies smaller ones out', () => {
    const { results: r, keep } = results(256 * KIB);
    expect(r.admits(32 * KIB)).toBe(false);
    expect(r.admits(64 * KIB)).toBe(true);
    keep(128 * KIB);
    expect(r.admits(128 * KIB)).toBe(true);
    expect(r.admits(192 * KIB)).toBe(false);
  });

  it('keeps the results of one evaluation past the budget, up to the largest it allows, when none was held before it', () => {
    const { results: r, keep } = results(128 * KIB, 1024 * KIB);
    expect(r.admits(512 * KIB)).toBe(true);
    expect(r.admits(2048 * KIB)).toBe(false);
    const release = keep(512 * KIB);
    // Another output of the same evaluation: nothing was held when it began.
    expect(r.admits(256 * KIB, 0)).toBe(true);
    expect(r.admits(768 * KIB, 0)).toBe(false);
    // A later evaluation while the first result is still held: the budget alone.
    expect(r.admits(512 * KIB)).toBe(false);
    expect(r.admits(64 * KIB)).toBe(false);
    release();
    expect(r.used).toBe(0);
    expect(r.admits(512 * KIB)).toBe(true);
  });

  it('without a largest, refuses whatever passes the budget', () => {
    const { results: r } = results(128 * KIB);
    expect(r.admits(256 * KIB)).toBe(false);
  });

  it('gives a block back to the heap once, however often it is released', () => {
    const { heap, results: r, keep } = results(256 * KIB);
    const release = keep(128 * KIB);
    expect(heap.stats().live).toBe(128 * KIB);
    release();
    release();
    expect(heap.stats().live).toBe(0);
    expect(r.used).toBe(0);
  });
});

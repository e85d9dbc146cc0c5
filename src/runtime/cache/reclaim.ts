import type { AnyTypedArray } from '../../graph/dtype.js';
import { isFrozen } from '../../graph/immutable.js';
import type { Entry } from './entry.js';

/**
 * Gives the memory of a host copy the cache lets go of back now, not at the next major
 * garbage collection: V8 frees old ArrayBuffers late, and the evicted copies of a working
 * set larger than the host budget piled up to 1.5x that budget (bench/cache.bench.ts,
 * out-of-core job on the wasm backend: 384 MiB of ArrayBuffers under 256 MiB). Moving
 * the bytes to a buffer nothing references detaches the copy, so only one that nothing
 * outside the cache can hold qualifies: a kernel's result as the backend handed it over
 * (frozen: graph/immutable.ts) or as the cache reloaded it, never given out unleased
 * (`escaped`), and the whole of a non-shared ArrayBuffer.
 */
/**
 * Smaller copies are left to the collector: moving one costs a clone call whatever its
 * size, a large part of a small evaluation's whole cost, and small buffers never add up
 * to the pile-up above.
 */
const RECLAIM_BYTES = 1 << 16;

export function reclaim(e: Entry, data: AnyTypedArray): void {
  if (data.byteLength < RECLAIM_BYTES || e.origin === 'data' || e.escaped || !isFrozen(data)) return;
  const buffer = data.buffer;
  if (!(buffer instanceof ArrayBuffer) || data.byteOffset !== 0 || data.byteLength !== buffer.byteLength) return;
  // ArrayBuffer.prototype.transfer (ES2024) frees at once; older engines (Node 20) move the bytes to a clone young enough to go at the next scavenge.
  if ('transfer' in buffer) buffer.transfer(0);
  else structuredClone(buffer, { transfer: [buffer] });
}

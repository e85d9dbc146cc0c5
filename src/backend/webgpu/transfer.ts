/// <reference types="@webgpu/types" />
import { allocate, type AnyTypedArray, type DType } from '../../graph/dtype.js';
import { MAP_READ } from './device.js';
import type { BufferPool } from './pool.js';

/**
 * Host <-> GPU conversions. Every dtype is one 32-bit word on the GPU: bool's Uint8Array
 * widens to u32 0/1, and float64 (only with `{ float64: 'downcast' }`) narrows to f32.
 */
export function toGpuWords(data: AnyTypedArray): Float32Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> {
  if (data instanceof Uint8Array) return Uint32Array.from(data);
  if (data instanceof Float64Array) return Float32Array.from(data);
  // writeBuffer takes no views of a SharedArrayBuffer (the wasm heap): copy those.
  return (data.buffer instanceof ArrayBuffer ? data : data.slice()) as Float32Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>;
}

/** The host array of `dtype` holding `count` words read back from the GPU. */
export function fromGpuWords(words: ArrayBuffer, dtype: DType, count: number): AnyTypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(words, 0, count);
    case 'int32':
      return new Int32Array(words, 0, count);
    case 'uint32':
      return new Uint32Array(words, 0, count);
    case 'bool': {
      const out = allocate('bool', count);
      out.set(new Uint32Array(words, 0, count));
      return out;
    }
    case 'float64': {
      const out = allocate('float64', count);
      out.set(new Float32Array(words, 0, count));
      return out;
    }
  }
}

/**
 * Copies GPU buffers into host memory: one command buffer copies each into a staging
 * buffer, then all are mapped at once, so n readbacks cost one round trip.
 */
export async function readBack(device: GPUDevice, staging: BufferPool, items: readonly { buffer: GPUBuffer; bytes: number }[]): Promise<ArrayBuffer[]> {
  if (items.length === 0) return [];
  const encoder = device.createCommandEncoder({ label: 'readback' });
  const targets = items.map(({ buffer, bytes }) => {
    const size = Math.max(4, bytes);
    const target = staging.acquire(size);
    encoder.copyBufferToBuffer(buffer, 0, target, 0, size);
    return { target, size };
  });
  device.queue.submit([encoder.finish()]);
  try {
    return await Promise.all(
      targets.map(async ({ target, size }) => {
        await target.mapAsync(MAP_READ, 0, size);
        const copy = target.getMappedRange(0, size).slice(0);
        target.unmap();
        return copy;
      }),
    );
  } finally {
    for (const { target } of targets) if (target.mapState === 'unmapped') staging.release(target);
  }
}

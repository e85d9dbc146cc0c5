import { PAGE } from './module.js';

/**
 * A size-class allocator over the shared wasm memory, the host tier of the buffer
 * cache: blocks are powers of two from 64 B, freed blocks go back to their class's
 * free list and are reused before the heap grows. Power-of-two classes waste at most
 * half a block but make reuse across evaluations of similar sizes certain, which is
 * what a loop of evaluations needs to keep the heap flat.
 */
export class Heap {
  private top: number;
  private readonly free = new Map<number, number[]>();
  private readonly sizeOf = new Map<number, number>();
  private liveBytes = 0;

  constructor(
    readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    this.top = align(base, 64);
  }

  /** A block of at least `bytes`, 64-byte aligned (whole SIMD lines for every dtype). */
  alloc(bytes: number): number {
    const size = classOf(bytes);
    const reuse = this.free.get(size)?.pop();
    const ptr = reuse ?? this.bump(size);
    this.sizeOf.set(ptr, size);
    this.liveBytes += size;
    return ptr;
  }

  release(ptr: number): void {
    const size = this.sizeOf.get(ptr);
    if (size === undefined) throw new Error(`heap: release of ${ptr}, which is not allocated`);
    this.sizeOf.delete(ptr);
    this.liveBytes -= size;
    (this.free.get(size) ?? this.free.set(size, []).get(size)!).push(ptr);
  }

  /** Bytes handed out and not released, and the heap's high-water mark. */
  stats(): { live: number; top: number } {
    return { live: this.liveBytes, top: this.top };
  }

  /** A fresh block past the top; when the memory cannot grow (RangeError), the top stays where it was. */
  private bump(size: number): number {
    const ptr = this.top;
    const needed = Math.ceil((ptr + size) / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (needed > 0) this.memory.grow(needed);
    this.top = ptr + size;
    return ptr;
  }
}

const align = (x: number, a: number): number => Math.ceil(x / a) * a;
/** The size of the block alloc(bytes) hands out. */
export const classOf = (bytes: number): number => Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(1, bytes))));

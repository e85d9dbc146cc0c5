/// <reference types="@webgpu/types" />

/** Totals a pool keeps, so a test can check that memory stays flat over many evaluations. */
export interface PoolStats {
  /** Bytes in buffers handed out and not yet released. */
  readonly live: number;
  /** Bytes in free buffers kept for reuse. */
  readonly pooled: number;
  /** Buffers created and destroyed over the pool's life. */
  readonly created: number;
  readonly destroyed: number;
}

/**
 * The size class of a request: the smallest of 2^k * {1, 1.25, 1.5, 1.75} that holds it,
 * at least 256 bytes. Quarter steps waste at most 20% of a buffer where powers of two
 * waste up to 50%, and keep the number of classes small enough that reuse is common.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return 256;
  const base = 2 ** Math.floor(Math.log2(bytes));
  for (const f of [1, 1.25, 1.5, 1.75, 2]) if (base * f >= bytes) return base * f;
  return base * 2;
}

/**
 * GPU buffers pooled by size class: a loop evaluating the same expression on new data
 * reuses the same buffers instead of creating (and zeroing) new ones each time. Free
 * buffers beyond `budget` bytes are destroyed, least recently released first.
 */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  /** Free buffers in release order, for eviction. */
  private readonly order = new Set<GPUBuffer>();
  private live = 0;
  private pooled = 0;
  private created = 0;
  private destroyed = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: number,
    private readonly budget: number,
    private readonly label: string,
  ) {}

  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    let buffer = list?.pop();
    if (buffer) {
      this.order.delete(buffer);
      this.pooled -= size;
    } else {
      buffer = this.device.createBuffer({ size, usage: this.usage, label: `${this.label} ${size}` });
      this.created++;
    }
    this.live += size;
    return buffer;
  }

  /**
   * Returns a buffer for reuse. Callers release only after the work using it has been
   * submitted: later uses are queued after that work, so reuse never races with it.
   */
  release(buffer: GPUBuffer): void {
    const size = buffer.size;
    this.live -= size;
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    list.push(buffer);
    this.order.add(buffer);
    this.pooled += size;
    this.trim(this.budget);
  }

  /** Destroys free buffers, oldest first, until at most `keep` bytes stay pooled. */
  trim(keep = 0): void {
    for (const buffer of this.order) {
      if (this.pooled <= keep) break;
      this.order.delete(buffer);
      const list = this.free.get(buffer.size)!;
      list.splice(list.indexOf(buffer), 1);
      this.pooled -= buffer.size;
      buffer.destroy();
      this.destroyed++;
    }
  }

  stats(): PoolStats {
    return { live: this.live, pooled: this.pooled, created: this.created, destroyed: this.destroyed };
  }
}

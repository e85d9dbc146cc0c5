import type { AnyTypedArray } from '../../graph/dtype.js';
import type { Heap } from './heap.js';

/**
 * Smaller results are copied out of the heap: their copy costs little, and a block each
 * would hold heap until the garbage collector finds their arrays (a loop of small reads
 * that never disposes would grow the heap).
 */
const MIN_BYTES = 64 * 1024;

/** A result's heap block; `live` false once given back, so a second release does nothing. */
interface Block {
  readonly ptr: number;
  readonly bytes: number;
  live: boolean;
}

/**
 * Results left in the heap where their kernel wrote them (#13): copying each out into
 * a fresh JavaScript array cost more than the kernel for cheap kernels, since a fresh
 * array's pages fault in one by one on first touch (8 MB: 5-13 ms on the 2-core machine,
 * 0.4-1 ms into memory already touched). Whoever holds a result (the buffer cache)
 * gives its block back through the release it is handed; a result whose array was
 * collected without that (an evaluation that failed before the cache took it) is given
 * back by the FinalizationRegistry. A later kernel reads a resident result in place.
 */
export class HeapResults {
  private readonly blocks = new WeakMap<AnyTypedArray, Block>();
  private bytes = 0;
  private readonly collected = new FinalizationRegistry<Block>((b) => this.free(b));

  constructor(
    private readonly heap: Heap,
    private readonly budget: number,
    private readonly largest = budget,
  ) {}

  /**
   * Whether a result of `bytes` may stay in the heap: big enough to be worth it, and
   * within the budget; or, when no result was held before its evaluation began
   * (`heldBefore`), within `largest`, so that the results of one evaluation (one big
   * array, or the many that np.compute reads at once) are not copied out twice (here,
   * then by the read) into fresh pages. Results dropped without dispose stay held until
   * the collector finds them, so a loop of those is bounded by the budget.
   */
  admits(bytes: number, heldBefore = this.bytes): boolean {
    if (bytes < MIN_BYTES) return false;
    return this.bytes + bytes <= this.budget || (heldBefore === 0 && this.bytes + bytes <= this.largest);
  }

  /** Makes `data`, a view of the heap block at `ptr` counted as `bytes`, a resident result; returns what gives the block back. */
  keep(data: AnyTypedArray, ptr: number, bytes = data.byteLength): () => void {
    const b: Block = { ptr, bytes, live: true };
    this.blocks.set(data, b);
    this.bytes += b.bytes;
    this.collected.register(data, b, b);
    return () => this.free(b);
  }

  /** The heap address of a resident result, for a kernel that reads it. */
  ptrOf(data: AnyTypedArray): number | undefined {
    const b = this.blocks.get(data);
    return b?.live ? b.ptr : undefined;
  }

  /** Bytes of resident results. */
  get used(): number {
    return this.bytes;
  }

  private free(b: Block): void {
    if (!b.live) return;
    b.live = false;
    this.bytes -= b.bytes;
    this.heap.release(b.ptr);
    this.collected.unregister(b);
  }
}

/**
 * The bytes of the block being filled: chunks are copied in until the block reaches its
 * target size, the parser takes the complete rows, and the unfinished last row moves to
 * the front for the next block. Memory stays near one block whatever the source's size.
 */
export class BlockBuffer {
  bytes: Uint8Array;
  length = 0;
  private target: number;

  constructor(private readonly blockSize: number) {
    this.target = blockSize;
    // Grown on demand, so a small source with a large blockSize stays small.
    this.bytes = new Uint8Array(Math.min(blockSize, 1 << 16));
  }

  get full(): boolean {
    return this.length >= this.target;
  }

  /** Copies as much of chunk[from, …) as fits under the target; returns how many bytes it took. */
  fill(chunk: Uint8Array, from: number): number {
    const n = Math.max(0, Math.min(chunk.byteLength - from, this.target - this.length));
    this.reserve(this.length + n);
    this.bytes.set(chunk.subarray(from, from + n), this.length);
    this.length += n;
    return n;
  }

  /** Drops the first `consumed` bytes (the rows parsed) and resets the target to one block. */
  drop(consumed: number): void {
    this.bytes.copyWithin(0, consumed, this.length);
    this.length -= consumed;
    this.target = this.blockSize;
  }

  /**
   * No complete row fitted: the target doubles, so a row longer than a block is
   * tokenized O(log(row / block)) times rather than once per arriving chunk.
   */
  widen(): void {
    this.target = Math.max(this.target, this.length) * 2;
  }

  private reserve(size: number): void {
    if (size <= this.bytes.byteLength) return;
    const bigger = new Uint8Array(Math.max(size, Math.min(this.bytes.byteLength * 2, this.target)));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }
}

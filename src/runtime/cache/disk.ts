import type { SpillFile } from '../../platform/spill.js';

/**
 * A buffer's bytes: a typed array of any size. One Uint8Array cannot span more than
 * 4 GiB in V8 (a 6 GiB Float64Array can exist), so files see pieces of at most 1 GiB.
 */
export type ByteSpan = Pick<ArrayBufferView, 'buffer' | 'byteOffset' | 'byteLength'>;
const PIECE = 2 ** 30;

/** The pieces of a span, each with its byte offset within the span. */
function* pieces(span: ByteSpan): Iterable<[Uint8Array, number]> {
  for (let at = 0; at < span.byteLength; at += PIECE) yield [new Uint8Array(span.buffer, span.byteOffset + at, Math.min(PIECE, span.byteLength - at)), at];
}

/** Where a spilled buffer's bytes lie in the spill file. */
export interface Region {
  readonly at: number;
  readonly bytes: number;
}

/**
 * The disk tier: regions of one spill file, allocated first-fit from a free list sorted
 * by offset and coalesced on release, so a loop that spills and frees buffers of similar
 * sizes reuses the same bytes and the file stops growing.
 */
export class DiskTier {
  private free: Region[] = [];
  private end = 0;
  used = 0;
  buffers = 0;

  constructor(readonly file: SpillFile) {}

  /** Writes `bytes` into a new region; a failed write (disk full) releases it again and throws. */
  store(bytes: ByteSpan): Region {
    const region = this.allocate(bytes.byteLength);
    try {
      this.writePart(region, bytes, 0);
    } catch (e) {
      this.release(region);
      throw e;
    }
    return region;
  }

  /** Reads `into.byteLength` bytes of a region from byte `offset` within it (a whole region when 0 and full length). */
  load(region: Region, into: ByteSpan, offset = 0): void {
    for (const [piece, at] of pieces(into)) this.file.read(piece, region.at + offset + at);
  }

  /** A region to be filled piece by piece with `writePart` (blocked results larger than host memory). */
  claim(bytes: number): Region {
    return this.allocate(bytes);
  }

  writePart(region: Region, bytes: ByteSpan, offset: number): void {
    for (const [piece, at] of pieces(bytes)) this.file.write(piece, region.at + offset + at);
  }

  release(region: Region): void {
    this.used -= region.bytes;
    this.buffers--;
    if (region.bytes === 0) return;
    const i = this.free.findIndex((r) => r.at > region.at);
    this.free.splice(i < 0 ? this.free.length : i, 0, region);
    this.coalesce();
  }

  private allocate(bytes: number): Region {
    this.used += bytes;
    this.buffers++;
    const i = this.free.findIndex((r) => r.bytes >= bytes);
    if (i < 0) {
      const region = { at: this.end, bytes };
      this.end += bytes;
      return region;
    }
    const hole = this.free[i]!;
    if (hole.bytes === bytes) this.free.splice(i, 1);
    else this.free[i] = { at: hole.at + bytes, bytes: hole.bytes - bytes };
    return { at: hole.at, bytes };
  }

  /** Merges neighbouring holes; a hole touching the end of the file shrinks the file instead. */
  private coalesce(): void {
    const merged: Region[] = [];
    for (const r of this.free) {
      const last = merged.at(-1);
      if (last && last.at + last.bytes === r.at) merged[merged.length - 1] = { at: last.at, bytes: last.bytes + r.bytes };
      else merged.push(r);
    }
    const tail = merged.at(-1);
    if (tail && tail.at + tail.bytes === this.end) {
      this.end = tail.at;
      merged.pop();
    }
    this.free = merged;
  }
}

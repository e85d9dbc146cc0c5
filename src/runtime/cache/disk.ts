import type { SpillFile } from '../../platform/spill.js';

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
  store(bytes: Uint8Array): Region {
    const region = this.allocate(bytes.length);
    try {
      this.file.write(bytes, region.at);
    } catch (e) {
      this.release(region);
      throw e;
    }
    return region;
  }

  /** Reads `into.length` bytes of a region from byte `offset` within it (a whole region when 0 and full length). */
  load(region: Region, into: Uint8Array, offset = 0): void {
    this.file.read(into, region.at + offset);
  }

  /** A region to be filled piece by piece with `writePart` (blocked results larger than host memory). */
  claim(bytes: number): Region {
    return this.allocate(bytes);
  }

  writePart(region: Region, bytes: Uint8Array, offset: number): void {
    this.file.write(bytes, region.at + offset);
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

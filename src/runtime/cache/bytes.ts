import { ValueError } from '../../graph/errors.js';
import { readByteSize, type ByteSize } from '../../io/byte-size.js';

/** A tier's budget from `init({ memory })` in whole bytes (io/byte-size.ts reads the strings). */
export function parseBytes(what: string, size: ByteSize): number {
  if (typeof size === 'number') {
    if (!(size >= 0) || !Number.isFinite(size)) throw new ValueError(`init: memory.${what} must be a non-negative number of bytes or a string like '512MB', got ${size}`);
    return Math.floor(size);
  }
  const bytes = readByteSize(size);
  if (bytes === undefined) throw new ValueError(`init: memory.${what} '${size}' is not a size; write a number of bytes or e.g. '512MB', '2GB'`);
  return Math.floor(bytes);
}

export function formatBytes(b: number): string {
  if (b === Infinity) return 'unlimited';
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(2)} MiB`;
  return b >= 2 ** 10 ? `${(b / 2 ** 10).toFixed(1)} KiB` : `${b} B`;
}

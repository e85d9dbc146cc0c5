import { ValueError } from '../graph/errors.js';
import { readByteSize, type ByteSize } from './byte-size.js';

// Field offsets are int32, so a block must stay under 2 GiB; 1 GiB leaves room for a long last row.
const MAX_BLOCK = 2 ** 30;

/** Bytes per block from a number or a size such as '64MB' or '512 KiB' (byte-size.ts reads it). */
export function parseBlockSize(size: ByteSize): number {
  const bytes = typeof size === 'number' ? size : fromText(size);
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > MAX_BLOCK) {
    throw new ValueError(`blockSize: ${JSON.stringify(size)} is not a whole number of bytes between 1 and 1GiB`);
  }
  return bytes;
}

function fromText(size: string): number {
  const bytes = readByteSize(size);
  if (bytes === undefined) throw new ValueError(`blockSize: cannot read ${JSON.stringify(size)} (write e.g. 64MB, 512KiB or 1048576)`);
  return Math.round(bytes);
}

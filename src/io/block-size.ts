import { ValueError } from '../graph/errors.js';

// Units as Dask's read_csv(blocksize=...) reads them: KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024.
const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30 };
// Field offsets are int32, so a block must stay under 2 GiB; 1 GiB leaves room for a long last row.
const MAX_BLOCK = 2 ** 30;

/** Bytes per block from a number or a size such as '64MB' or '512 KiB'. */
export function parseBlockSize(size: number | string): number {
  const bytes = typeof size === 'number' ? size : fromText(size);
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > MAX_BLOCK) {
    throw new ValueError(`blockSize: ${JSON.stringify(size)} is not a whole number of bytes between 1 and 1GiB`);
  }
  return bytes;
}

function fromText(size: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(size);
  const unit = UNITS[(match?.[2] || 'b').toLowerCase()];
  if (!match || unit === undefined) throw new ValueError(`blockSize: cannot read ${JSON.stringify(size)} (write e.g. 64MB, 512KiB or 1048576)`);
  return Math.round(Number(match[1]) * unit);
}

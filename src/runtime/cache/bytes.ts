import { ValueError } from '../../graph/errors.js';

/** A byte count as `init({ memory })` takes it: a number, or a string such as '512MB', '1.5 GiB', '64k'. */
export type ByteSize = number | string;

/**
 * Decimal and binary units alike are powers of 1024: users writing '512MB' for a budget
 * mean what their OS monitor shows, which is MiB, and being 5% off the other way would
 * make a budget larger than asked.
 */
const UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30, t: 2 ** 40, tb: 2 ** 40, tib: 2 ** 40 };

export function parseBytes(what: string, size: ByteSize): number {
  if (typeof size === 'number') {
    if (!(size >= 0) || !Number.isFinite(size)) throw new ValueError(`init: memory.${what} must be a non-negative number of bytes or a string like '512MB', got ${size}`);
    return Math.floor(size);
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(size);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new ValueError(`init: memory.${what} '${size}' is not a size; write a number of bytes or e.g. '512MB', '2GB'`);
  return Math.floor(Number(m[1]) * unit);
}

export function formatBytes(b: number): string {
  if (b === Infinity) return 'unlimited';
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(2)} MiB`;
  return b >= 2 ** 10 ? `${(b / 2 ** 10).toFixed(1)} KiB` : `${b} B`;
}

import { ArgumentError } from '../graph/errors.js';
import { openPositionedFile, type PositionedFile } from '../platform/files.js';
import { readByteSize, type ByteSize } from './byte-size.js';
import { SourceError } from './errors.js';

/** The bytes [start, end) of a file on disk: the part of it one worker reads (#17). */
export interface FilePartition {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Cuts a file into byte ranges that cover [0, size) with no gap or overlap: `parts`
 * equal ranges, or as many equal ranges as keep each within `blockSize` bytes. The cuts
 * ignore the file's content; a reader such as readCsvPartition decides which rows each
 * range owns. There is always at least one range, so an empty file still has a partition
 * to read its (absent) header from.
 */
export async function splitFile(path: string, parts: number | { blockSize: ByteSize }): Promise<FilePartition[]> {
  const requested = typeof parts === 'number' ? checkedCount(parts) : undefined;
  const block = typeof parts === 'number' ? undefined : checkedBlockSize(parts.blockSize);
  const file = await openForPartitions('splitFile', path);
  const size = file.size;
  await file.close();
  const count = requested ?? Math.max(1, Math.ceil(size / block!));
  return Array.from({ length: count }, (_, i) => ({ path, start: Math.floor((i * size) / count), end: Math.floor(((i + 1) * size) / count) }));
}

/** Opens a partition's file for positioned reads; a file that cannot be opened is a SourceError naming `op` and the path. */
export async function openForPartitions(op: string, path: string): Promise<PositionedFile> {
  try {
    return await openPositionedFile(path);
  } catch (e) {
    throw new SourceError(`${op}: cannot open the file '${path}' (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
}

function checkedCount(parts: number): number {
  if (!Number.isInteger(parts) || parts < 1) throw new ArgumentError(`splitFile: parts must be a whole number of at least 1, got ${parts}`);
  return parts;
}

function checkedBlockSize(size: ByteSize): number {
  const bytes = typeof size === 'number' ? size : readByteSize(size);
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 1) {
    throw new ArgumentError(`splitFile: blockSize must be at least 1 byte, as a number or a size such as '64MB', got ${JSON.stringify(size)}`);
  }
  return bytes;
}

import { ArgumentError } from '../graph/errors.js';
import type { PositionedFile } from '../platform/files.js';
import type { ColumnBatch } from './batch.js';
import { columnTypeOf, type ColumnType } from './csv-columns.js';
import { readCsvBatches, type CsvOptions } from './csv.js';
import { concatBytes } from './concat-bytes.js';
import { CsvError } from './errors.js';
import { openForPartitions, type FilePartition } from './file-partition.js';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Reads the CSV rows of one byte range of a file, so that workers can each read a part
 * of one file (#17). A row belongs to the range that holds its first byte, as Hadoop's
 * and DuckDB's splits do: the reader starts at the first line start at or after `start`
 * and reads past `end` to finish the last row it owns. The partitions of a file, for any
 * split points, so give every row once and in order. The header (unless `header` is
 * false) is read from the file's start for every partition, so all have the same column
 * names; pass `schema` (csvSchemaOf) so that they also have the same types. A batch's
 * `bytes` counts the bytes read for this partition, the header's included.
 *
 * Limitation: rows are found by line breaks alone, without reading the file up to
 * `start`, so a quoted field holding a line break must not straddle a split point. When
 * one does, the partition it starts in ends inside the quotes and raises a CsvError
 * ('unterminated quote', saying that a quoted field may cross this partition's end); the
 * next partition starts inside the field and may read its tail as rows before that error
 * is seen, so a job must fail when any of its partitions does.
 *
 * A CsvError names the file and the line in the whole file: the lines before the range
 * are counted only then, as counting them costs a read of everything before `start`.
 */
export async function* readCsvPartition(part: FilePartition, options: CsvOptions = {}): AsyncIterable<ColumnBatch> {
  checkPartition(part);
  const file = await openForPartitions('readCsvPartition', part.path);
  try {
    const header = options.header === false ? new Uint8Array(0) : await headerBytes(file, (options.delimiter ?? ',').charCodeAt(0));
    const begin = await lineStartFrom(file, Math.max(part.start, header.byteLength));
    const stop = await lineStartFrom(file, Math.max(part.end, header.byteLength));
    try {
      yield* readCsvBatches(headerThenRange(header, file, begin, stop), options);
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      throw await inWholeFile(e, part.path, file, header, begin, stop);
    }
  } finally {
    await file.close();
  }
}

/**
 * The column names and types the first block of a file infers (with `options` as
 * readCsvBatches takes them), to pass as `schema` to every partition of every file:
 * otherwise each partition infers its own, and a column of '1.5' and '2' values is
 * float64 in one partition and int32 in another. A file without rows (empty, or a
 * header alone, whose columns would all read as strings) infers nothing: {}.
 */
export async function csvSchemaOf(path: string, options: CsvOptions = {}): Promise<Record<string, ColumnType>> {
  for await (const first of readCsvBatches(path, { ...options, onProgress: undefined })) {
    if (first.rows > 0) return Object.fromEntries([...first.columns].map(([name, data]) => [name, columnTypeOf(data)]));
  }
  return {};
}

function checkPartition({ path, start, end }: FilePartition): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new ArgumentError(`readCsvPartition: a partition is whole bytes [start, end) with 0 <= start <= end, got [${start}, ${end}) of '${path}'`);
  }
}

async function* headerThenRange(header: Uint8Array, file: PositionedFile, begin: number, stop: number): AsyncIterable<Uint8Array> {
  if (header.byteLength > 0) yield header;
  for (let at = begin; at < stop; ) {
    const chunk = await file.readAt(at);
    if (chunk.byteLength === 0) return;
    yield chunk.subarray(0, Math.min(chunk.byteLength, stop - at));
    at += chunk.byteLength;
  }
}

/**
 * The file's first row through its line break (blank lines before it included), read
 * as the tokenizer reads it: a quote opens a field only at the field's start, `""` is an
 * escape, and a line break inside quotes does not end the row. The whole file when the
 * row never ends.
 */
async function headerBytes(file: PositionedFile, delimiter: number): Promise<Uint8Array> {
  let bytes: Uint8Array = new Uint8Array(0);
  for (;;) {
    const chunk = await file.readAt(bytes.byteLength);
    if (chunk.byteLength === 0) return bytes;
    bytes = concatBytes([bytes, chunk]);
    const end = firstRowEnd(bytes, delimiter);
    if (end >= 0) return bytes.subarray(0, end);
  }
}

/** Just past the first non-blank row's line break, or -1 when the bytes end first (or inside a `""`). */
function firstRowEnd(bytes: Uint8Array, delimiter: number): number {
  const bom = BOM.every((b, i) => bytes[i] === b) ? BOM.length : 0;
  let rowStart = bom;
  let fieldStart = true;
  let quoted = false;
  for (let i = bom; i < bytes.byteLength; i++) {
    const b = bytes[i]!;
    if (quoted) {
      if (b !== QUOTE) continue;
      if (i + 1 === bytes.byteLength) return -1;
      if (bytes[i + 1] === QUOTE) i++;
      else quoted = false;
    } else if (b === LF) {
      const blank = i === rowStart || (i === rowStart + 1 && bytes[rowStart] === CR);
      if (!blank) return i + 1;
      rowStart = i + 1;
      fieldStart = true;
    } else {
      quoted = fieldStart && b === QUOTE;
      fieldStart = b === delimiter;
    }
  }
  return -1;
}

/** The first line start at or after `at`: `at` itself when it follows a line break, else just past the next one; the file's size when none. */
async function lineStartFrom(file: PositionedFile, at: number): Promise<number> {
  if (at === 0) return 0;
  for (let pos = at - 1; pos < file.size; ) {
    const chunk = await file.readAt(pos);
    if (chunk.byteLength === 0) break;
    const i = chunk.indexOf(LF);
    if (i >= 0) return pos + i + 1;
    pos += chunk.byteLength;
  }
  return file.size;
}

/** The same error with the file's name, the line counted from the file's start, and a hint when a quote runs past the partition. */
async function inWholeFile(e: CsvError, path: string, file: PositionedFile, header: Uint8Array, begin: number, stop: number): Promise<CsvError> {
  const firstDataLine = 1 + countLineBreaks(header);
  const line = e.line < firstDataLine ? e.line : e.line - firstDataLine + 1 + (await lineBreaksBefore(file, begin));
  const crossing = e.problem === 'unterminated quote' && stop < file.size;
  const problem = crossing ? `${e.problem}; a quoted field with a line break may cross this partition's end at byte ${stop}, which partitions do not support` : e.problem;
  return new CsvError(line, e.column, e.text, problem, path);
}

async function lineBreaksBefore(file: PositionedFile, end: number): Promise<number> {
  let count = 0;
  for (let at = 0; at < end; ) {
    const chunk = await file.readAt(at);
    if (chunk.byteLength === 0) break;
    count += countLineBreaks(chunk.subarray(0, end - at));
    at += chunk.byteLength;
  }
  return count;
}

function countLineBreaks(bytes: Uint8Array): number {
  let count = 0;
  for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) count++;
  return count;
}

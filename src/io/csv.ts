import type { ByteSource } from '../platform/files.js';
import { openSource } from './open-source.js';
import { BlockBuffer } from './block-buffer.js';
import { parseBlockSize } from './block-size.js';
import type { ByteSize } from './byte-size.js';
import type { ColumnBatch, ReadProgress } from './batch.js';
import { CsvBlockParser, type CsvParserOptions, type ParsedBlock } from './csv-parser.js';

export type { ByteSource } from '../platform/files.js';
export type { ColumnData, ColumnType } from './csv-columns.js';
export { CsvError } from './errors.js';
export type { ColumnBatch, ReadProgress } from './batch.js';

export interface CsvOptions extends CsvParserOptions {
  /** Bytes per batch, as a number or a size such as '64MB' (64 MiB); bounds the memory a stream holds. */
  blockSize?: ByteSize;
  /** Called after each batch with the totals so far. */
  onProgress?: (progress: ReadProgress) => void;
}

// 16 MiB blocks. bench/csv.bench.ts streams a table from memory in blocks of 256KB to
// 64MB: 1MB to 16MB run at about the same speed and 64MB is the slowest, even with
// blocks parsed in 1 MB windows (csv-parser.ts). Every batch costs its consumer a
// pipeline run, so the default is the largest size before the drop.
const DEFAULT_BLOCK = '16MB';

/**
 * Streams a CSV source as column batches, one per block of about `blockSize` bytes,
 * reading the source only as the batches are consumed. The first block fixes the column
 * names and types (see CsvBlockParser). Empty input yields no batch; a header without
 * rows yields one empty batch that names the columns.
 */
export async function* readCsvBatches(source: ByteSource, options: CsvOptions = {}): AsyncIterable<ColumnBatch> {
  const parser = new CsvBlockParser(options);
  const block = new BlockBuffer(parseBlockSize(options.blockSize ?? DEFAULT_BLOCK));
  const { chunks, total } = await openSource('readCsv', source);
  const progress = { bytes: 0, rows: 0, ...(total === undefined ? {} : { total }) };
  let yielded = false;
  const take = (parsed: ParsedBlock): ColumnBatch => {
    block.drop(parsed.consumed);
    progress.bytes += parsed.consumed;
    progress.rows += parsed.rows;
    yielded = true;
    options.onProgress?.({ ...progress });
    return { rows: parsed.rows, columns: parsed.columns, bytes: progress.bytes };
  };
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.byteLength; ) {
      at += block.fill(chunk, at);
      if (!block.full) continue;
      const parsed = parser.parse(block.bytes, block.length, false);
      if (parsed) yield take(parsed);
      else block.widen();
    }
  }
  const last = parser.parse(block.bytes, block.length, true)!;
  if (last.rows > 0 || (!yielded && last.columns.size > 0)) yield take(last);
}

/** Parses a whole CSV text or byte array at once, as one batch. */
export function parseCsv(input: string | Uint8Array, options: CsvOptions = {}): ColumnBatch {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const parsed = new CsvBlockParser(options).parse(bytes, bytes.byteLength, true)!;
  options.onProgress?.({ bytes: bytes.byteLength, rows: parsed.rows, total: bytes.byteLength });
  return { rows: parsed.rows, columns: parsed.columns, bytes: bytes.byteLength };
}

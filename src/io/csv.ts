import type { ByteSource } from '../platform/files.js';
import { openSource } from './open-source.js';
import { BlockBuffer } from './block-buffer.js';
import { parseBlockSize } from './block-size.js';
import type { ByteSize } from './byte-size.js';
import type { ColumnBatch, ReadProgress } from './batch.js';
import { CsvBlockParser, type CsvParserOptions, type ParsedBlock } from './csv-parser.js';
import { concatBytes } from './concat-bytes.js';
import { laterBatches, type ParseBlock } from './csv-blocks.js';
import { threadParser } from './parse-threads.js';
import { loadCsvWasm } from './csv-wasm.js';
import { ArgumentError } from '../graph/errors.js';
import { hardwareThreads } from '../platform/workers.js';

export type { ByteSource } from '../platform/files.js';
export type { ColumnData, ColumnType } from './csv-columns.js';
export { CsvError } from './errors.js';
export type { ColumnBatch, ReadProgress } from './batch.js';

export interface CsvOptions extends CsvParserOptions {
  /** Bytes per batch, as a number or a size such as '64MB' (64 MiB); bounds the memory a stream holds. */
  blockSize?: ByteSize;
  /** Called after each batch with the totals so far. */
  onProgress?: (progress: ReadProgress) => void;
  /**
   * Threads that parse blocks after the first, several blocks at once; default the
   * machine's hardware threads up to 4, 1 to parse every block on the calling thread.
   * Batches come in source order either way, the same batches.
   */
  threads?: number;
}

// 16 MiB blocks. bench/csv.bench.ts streams a table from memory in blocks of 256KB to
// 64MB: 1MB to 16MB run at about the same speed and 64MB is the slowest, even with
// blocks parsed in 1 MB windows (csv-parser.ts). Every batch costs its consumer a
// pipeline run, so the default is the largest size before the drop.
const DEFAULT_BLOCK = '16MB';

/**
 * Streams a CSV source as column batches, one per block of about `blockSize` bytes,
 * reading the source only as the batches are consumed. The first block fixes the column
 * names and types (see CsvBlockParser) and is parsed here; with `threads` above 1 the
 * blocks after it are parsed on that many threads at once (csv-blocks.ts), else here
 * too. Empty input yields no batch; a header without rows yields one empty batch that
 * names the columns. With `project`, the batches hold only the source's columns named
 * there (names it lacks are passed over): the rest are split but never read.
 */
export async function* readCsvBatches(source: ByteSource, options: CsvOptions = {}, project?: readonly string[]): AsyncIterable<ColumnBatch> {
  if (options.engine !== 'js') await loadCsvWasm();
  const parser = new CsvBlockParser(options, undefined, project);
  const blockSize = parseBlockSize(options.blockSize ?? DEFAULT_BLOCK);
  const threads = await threadCount(options.threads);
  const block = new BlockBuffer(blockSize);
  const { chunks, total } = await openSource('readCsv', source);
  const progress = { bytes: 0, rows: 0, ...(total === undefined ? {} : { total }) };
  let yielded = false;
  const batch = (rows: number, consumed: number, columns: ColumnBatch['columns']): ColumnBatch => {
    progress.bytes += consumed;
    progress.rows += rows;
    yielded = true;
    options.onProgress?.({ ...progress });
    return { rows, columns, bytes: progress.bytes };
  };
  const take = (parsed: ParsedBlock): ColumnBatch => {
    block.drop(parsed.consumed);
    return batch(parsed.rows, parsed.consumed, parsed.columns);
  };
  const rest = chunks[Symbol.asyncIterator]();
  try {
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      const chunk = next.value;
      for (let at = 0; at < chunk.byteLength; ) {
        at += block.fill(chunk, at);
        if (!block.full) continue;
        const parsed = parser.parse(block.bytes, block.length, false);
        if (!parsed) {
          block.widen();
          continue;
        }
        yield take(parsed);
        const columns = parser.columns!;
        const parserOptions = { delimiter: options.delimiter, schema: options.schema, engine: options.engine };
        const onThreads = threads > 1 ? await threadParser(threads, parserOptions, columns) : undefined;
        const head = concatBytes([block.bytes.subarray(0, block.length), chunk.subarray(at)]);
        const later = { line: parser.line, head, rest, blockSize, inFlight: onThreads ? threads + 1 : 1 };
        yield* laterBatches(later, onThreads ?? parsedHere(CsvBlockParser.continuing(parserOptions, columns)), batch);
        return;
      }
    }
    const last = parser.parse(block.bytes, block.length, true)!;
    if (last.rows > 0 || (!yielded && last.columns.size > 0)) yield take(last);
  } finally {
    await rest.return?.();
  }
}

/** Blocks parsed on the calling thread, one after another, by one parser that remembers their strings. */
const parsedHere = (parser: CsvBlockParser): ParseBlock => async (bytes, final) => parser.parseApart(bytes, final);

/**
 * Parse threads by default: the hardware threads, at most 4. Each thread holds a block in
 * flight (its bytes, their copy and its columns), so a scan's memory grows with the count:
 * 4 threads of 64 MB blocks hold about 1 GB.
 */
const DEFAULT_MAX_THREADS = 4;

/** `threads` as given, else DEFAULT_MAX_THREADS or fewer; 1 parses on the calling thread. */
async function threadCount(threads: number | undefined): Promise<number> {
  if (threads === undefined) return Math.min(DEFAULT_MAX_THREADS, await hardwareThreads());
  if (!Number.isInteger(threads) || threads < 1) throw new ArgumentError(`readCsv: threads must be a whole number of at least 1, got ${String(threads)}`);
  return threads;
}

/** Parses a whole CSV text or byte array at once, as one batch. */
export function parseCsv(input: string | Uint8Array, options: CsvOptions = {}): ColumnBatch {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const parsed = new CsvBlockParser(options).parse(bytes, bytes.byteLength, true)!;
  options.onProgress?.({ bytes: bytes.byteLength, rows: parsed.rows, total: bytes.byteLength });
  return { rows: parsed.rows, columns: parsed.columns, bytes: bytes.byteLength };
}

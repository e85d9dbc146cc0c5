import type * as Arrow from 'apache-arrow';
import type { RecordBatch, RecordBatchReader, Schema } from 'apache-arrow';
import type { ByteSource } from '../platform/files.js';
import { openSource } from './open-source.js';
import { arrowColumn, emptyArrowColumn } from './arrow-columns.js';
import { checkedIpc } from './arrow-framing.js';
import type { ColumnData } from './csv-columns.js';
import type { ColumnBatch, ReadProgress } from './batch.js';
import { ArrowIpcError } from './errors.js';

export interface ArrowOptions {
  /** Called after each batch with the bytes read so far, the rows so far and, when known, the source's size. */
  onProgress?: (progress: ReadProgress) => void;
}

/**
 * Streams an Arrow IPC source (stream or file format) as column batches, one per record
 * batch, through apache-arrow's RecordBatchReader, which pulls bytes only as batches are
 * consumed. A schema without batches yields one empty batch that names the columns.
 * apache-arrow is imported here, on first use, so an app that never reads Arrow never
 * loads it (bundlers put it in a chunk of its own).
 */
export async function* readArrowBatches(source: ByteSource, options: ArrowOptions = {}): AsyncIterable<ColumnBatch> {
  const arrow = await import('apache-arrow');
  const { chunks, total } = await openSource('readArrow', source);
  const counted = { bytes: 0 };
  const reader = await openReader(arrow, checkedIpc(countBytes(chunks, counted)), counted);
  let rows = 0;
  let yielded = false;
  let index = 0;
  for await (const batch of decoded(reader, counted)) {
    const columns = new Map<string, ColumnData>();
    const where = `batch ${index++}`;
    batch.schema.fields.forEach((field, i) => columns.set(field.name, arrowColumn(arrow, field.name, batch.data.children[i]!, where)));
    rows += batch.numRows;
    yielded = true;
    options.onProgress?.({ bytes: counted.bytes, rows, ...(total === undefined ? {} : { total }) });
    yield { rows: batch.numRows, columns, bytes: counted.bytes };
  }
  if (!yielded && reader.schema) yield { rows: 0, columns: emptyColumns(arrow, reader.schema), bytes: counted.bytes };
}

/** The reader's batches, its decoding failures reported as ArrowIpcError naming the batch and the bytes read. */
async function* decoded(reader: RecordBatchReader, counted: { bytes: number }): AsyncIterable<RecordBatch> {
  const batches = reader[Symbol.asyncIterator]();
  for (let index = 0; ; index++) {
    let next: IteratorResult<RecordBatch>;
    try {
      next = await batches.next();
    } catch (cause) {
      throw notArrow(cause, `batch ${index} (at byte ${counted.bytes})`);
    }
    if (next.done) return;
    yield next.value;
  }
}

/** An ArrowIpcError from the checks before apache-arrow passes as it is; the reader's own failures say where they happened. */
function notArrow(cause: unknown, where: string): ArrowIpcError {
  if (cause instanceof ArrowIpcError) return cause;
  return new ArrowIpcError(`readArrow: ${where}: the source is not valid Arrow IPC (${cause instanceof Error ? cause.message : String(cause)})`);
}

async function openReader(arrow: typeof Arrow, chunks: AsyncIterable<Uint8Array>, counted: { bytes: number }): Promise<RecordBatchReader> {
  try {
    return await arrow.RecordBatchReader.from(chunks);
  } catch (cause) {
    throw notArrow(cause, `schema (at byte ${counted.bytes})`);
  }
}

function emptyColumns(arrow: typeof Arrow, schema: Schema): Map<string, ColumnData> {
  return new Map(schema.fields.map((field) => [field.name, emptyArrowColumn(arrow, field.name, field.type)]));
}

async function* countBytes(chunks: AsyncIterable<Uint8Array>, counted: { bytes: number }): AsyncIterable<Uint8Array> {
  for await (const chunk of chunks) {
    counted.bytes += chunk.byteLength;
    yield chunk;
  }
}

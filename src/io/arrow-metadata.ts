import { ArrowIpcError } from './errors.js';

/** Message header types (Message.fbs, MessageHeader union). */
export const HEADER = { schema: 1, dictionary: 2, recordBatch: 3 } as const;
/** FieldNode and Buffer structs are 16 bytes each (Message.fbs, Schema.fbs). */
const STRUCT16 = 16;
/** Nested fields deeper than this are refused rather than walked. */
const MAX_DEPTH = 64;

/**
 * Reads flatbuffer words with every offset checked against a region of the bytes. The
 * metadata decoder apache-arrow 21 uses trusts vector lengths: a lying one makes it
 * loop billions of times, so each vector it will walk is checked to fit first.
 */
export class Flat {
  private readonly view: DataView;
  constructor(
    bytes: Uint8Array,
    private readonly start: number,
    private end: number,
    private readonly where: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.end = Math.min(end, bytes.byteLength);
  }
  fail(problem: string): ArrowIpcError {
    return new ArrowIpcError(`readArrow: ${this.where}: ${problem}`);
  }
  private at(pos: number, size: number): number {
    if (!Number.isSafeInteger(pos) || pos < this.start || pos + size > this.end) throw this.fail(`an offset points at byte ${pos}, outside bytes ${this.start} to ${this.end}`);
    return pos;
  }
  u8 = (pos: number): number => this.view.getUint8(this.at(pos, 1));
  u16 = (pos: number): number => this.view.getUint16(this.at(pos, 2), true);
  i32 = (pos: number): number => this.view.getInt32(this.at(pos, 4), true);
  u32 = (pos: number): number => this.view.getUint32(this.at(pos, 4), true);
  i64 = (pos: number): number => Number(this.view.getBigInt64(this.at(pos, 8), true));
  /** Where field `i` of the table at `table` lies, or undefined when absent. */
  field(table: number, i: number): number | undefined {
    const vtable = table - this.i32(table);
    if (4 + 2 * i >= this.u16(vtable)) return undefined;
    const rel = this.u16(vtable + 4 + 2 * i);
    return rel === 0 ? undefined : table + rel;
  }
  /** The table an offset at `pos` refers to (a root, or a table-valued field). */
  table = (pos: number): number => pos + this.u32(pos);
  /** The start and length of the vector field `i` of `table` holds, checked to lie inside the region; length 0 when absent. */
  vector(table: number, i: number, elementBytes: number): { at: number; length: number } {
    const f = this.field(table, i);
    if (f === undefined) return { at: 0, length: 0 };
    const at = this.table(f);
    const length = this.u32(at);
    if (at + 4 + length * elementBytes > this.end) throw this.fail(`a vector of ${length} entries runs past the metadata's end`);
    return { at: at + 4, length };
  }
}

/** Checks a Schema table's field vectors (and their children, custom metadata) fit. */
export function checkSchema(flat: Flat, schema: number): void {
  // Schema fields (Schema.fbs): endianness, fields, custom_metadata, features.
  checkFields(flat, flat.vector(schema, 1, 4), 0);
  flat.vector(schema, 2, 4);
  flat.vector(schema, 3, 8);
}

function checkFields(flat: Flat, fields: { at: number; length: number }, depth: number): void {
  if (depth > MAX_DEPTH) throw flat.fail(`fields nest deeper than ${MAX_DEPTH}`);
  for (let k = 0; k < fields.length; k++) {
    const field = flat.table(fields.at + 4 * k);
    // Field fields: name, nullable, type_type, type, dictionary, children, custom_metadata.
    checkFields(flat, flat.vector(field, 5, 4), depth + 1);
    flat.vector(field, 6, 4);
  }
}

function checkRecordBatch(flat: Flat, batch: number): void {
  // RecordBatch fields: length, nodes, buffers, compression, variadicBufferCounts.
  flat.vector(batch, 1, STRUCT16);
  flat.vector(batch, 2, STRUCT16);
  flat.vector(batch, 4, 8);
}

/** Checks one Message table (at the root of the region) and returns its header type and body length. */
export function checkMessage(flat: Flat, root: number): { header: number; bodyLength: number } {
  const message = flat.table(root);
  // Message fields: version, header_type, header, bodyLength, custom_metadata.
  const typeAt = flat.field(message, 1);
  const header = typeAt === undefined ? 0 : flat.u8(typeAt);
  const headerAt = flat.field(message, 2);
  const lengthAt = flat.field(message, 3);
  const bodyLength = lengthAt === undefined ? 0 : flat.i64(lengthAt);
  if (bodyLength < 0) throw flat.fail(`the message body length ${bodyLength} is negative`);
  flat.vector(message, 4, 4);
  if (headerAt === undefined) return { header, bodyLength };
  const table = flat.table(headerAt);
  if (header === HEADER.schema) checkSchema(flat, table);
  if (header === HEADER.recordBatch) checkRecordBatch(flat, table);
  if (header === HEADER.dictionary) {
    // DictionaryBatch fields: id, data (a RecordBatch), isDelta.
    const data = flat.field(table, 1);
    if (data !== undefined) checkRecordBatch(flat, flat.table(data));
  }
  return { header, bodyLength };
}

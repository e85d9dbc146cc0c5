import { Dictionary, Int32, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readArrowBatches } from '../../src/io/index.js';
import { Flat } from '../../src/io/arrow-metadata.js';
import { collect } from './collect.js';

/** Lies arrow-fuzz.test.ts found, each made by hand so it stays pinned whatever the fuzzer draws. */
const dictTable = () => new Table({ d: vectorFromArray(['buy', 'sell', 'buy'], new Dictionary(new Utf8(), new Int32())) });

/** The Message table of each message of a stream: [continuation, length, metadata, body]. */
function messages(bytes: Uint8Array): { flat: Flat; message: number }[] {
  const flat = new Flat(bytes, 0, bytes.byteLength, 'test');
  const out: { flat: Flat; message: number }[] = [];
  for (let at = 0; at + 8 <= bytes.byteLength && flat.i32(at + 4) > 0; ) {
    const length = flat.i32(at + 4);
    const message = flat.table(at + 8);
    out.push({ flat, message });
    const body = flat.field(message, 3);
    at += 8 + length + (body === undefined ? 0 : flat.i64(body));
  }
  return out;
}

/** The RecordBatch table a record batch message holds, or a dictionary batch's data. */
function recordBatchOf(flat: Flat, message: number, dictionary: boolean): number {
  const header = flat.table(flat.field(message, 2)!);
  return dictionary ? flat.table(flat.field(header, 1)!) : header;
}

const read = (bytes: Uint8Array) => collect(readArrowBatches(bytes));

describe('Arrow metadata that lies is refused with ArrowIpcError instead of hanging or exhausting memory', () => {
  it('refuses a dictionary batch whose field node claims 2^32 - 1 entries', async () => {
    const bytes = tableToIPC(dictTable(), 'stream');
    const { flat, message } = messages(bytes)[1]!;
    const nodes = flat.table(flat.field(recordBatchOf(flat, message, true), 1)!);
    // FieldNode: length int64, null_count int64.
    new DataView(bytes.buffer, bytes.byteOffset).setBigInt64(nodes + 4, 2n ** 32n - 1n, true);
    await expect(read(bytes)).rejects.toThrow(/readArrow: batch 0, its dictionary, column 'd': 4294967295 rows/);
  });

  it('refuses a record batch whose field-node vector claims 2^31 - 1 entries', async () => {
    const bytes = tableToIPC(dictTable(), 'stream');
    const { flat, message } = messages(bytes)[2]!;
    const nodes = flat.table(flat.field(recordBatchOf(flat, message, false), 1)!);
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(nodes, 2 ** 31 - 1, true);
    await expect(read(bytes)).rejects.toThrow(/readArrow: message at byte \d+: a vector of 2147483647 entries runs past the metadata's end/);
  });

  it('refuses a file whose footer sends a record batch block to the dictionary batch', async () => {
    const bytes = tableToIPC(dictTable(), 'file');
    const flat = new Flat(bytes, 0, bytes.byteLength, 'test');
    const end = bytes.byteLength - 10;
    const footer = flat.table(end - flat.i32(end));
    const blocks = flat.table(flat.field(footer, 3)!) + 4;
    new DataView(bytes.buffer, bytes.byteOffset).setBigInt64(blocks, 8n, true);
    await expect(read(bytes)).rejects.toThrow('readArrow: file footer record batch 0 at byte 8: no record batch message starts there');
  });
});

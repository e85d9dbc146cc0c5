import { ArrowIpcError } from './errors.js';
import { Flat, HEADER, checkMessage, checkSchema } from './arrow-metadata.js';
import { concatBytes } from './concat-bytes.js';

/** "ARROW1" and two bytes of padding: how the Arrow IPC file format starts. */
const FILE_START = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31, 0, 0];
/** The footer's size (int32) and "ARROW1" end a file. */
const FILE_END = 10;
/** A footer Block: offset int64, metaDataLength int32, padding, bodyLength int64. */
const BLOCK_BYTES = 24;
const CONTINUATION = 0xffffffff;
const EMPTY: Uint8Array = new Uint8Array(0);

/** a then b; b itself when nothing is pending, as most chunks arrive. */
const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => (a.byteLength === 0 ? b : concatBytes([a, b]));

/**
 * An Arrow IPC source as apache-arrow's reader may safely take it. apache-arrow 21
 * trusts the metadata it decodes: a vector length that lies makes it loop billions of
 * times, and a file footer block that points at a schema or dictionary message makes
 * its file reader loop forever. So each message's metadata is checked before the reader
 * sees it (a stream still flows chunk by chunk; bodies pass through unread), and a file,
 * which that reader buffers whole anyway, has its footer and every block checked.
 */
export async function* checkedIpc(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  let pending: Uint8Array = EMPTY;
  let mode: 'detect' | 'stream' | 'file' | 'rest' = 'detect';
  const walker = new StreamWalker();
  for await (const chunk of chunks) {
    if (mode === 'rest') {
      yield chunk;
      continue;
    }
    pending = concat(pending, chunk);
    if (mode === 'detect') {
      if (pending.byteLength < FILE_START.length) continue;
      mode = FILE_START.every((b, i) => pending[i] === b) ? 'file' : 'stream';
    }
    if (mode === 'file') continue;
    const { ready, rest, ended } = walker.take(pending);
    yield* ready;
    pending = rest;
    if (ended) mode = 'rest';
  }
  if (mode === 'file') checkFile(pending);
  if (pending.byteLength > 0) yield pending;
}

/** Walks stream-format framing: a message's metadata is released once checked, its body as it arrives. */
class StreamWalker {
  private offset = 0;
  private body = 0;

  take(bytes: Uint8Array): { ready: Uint8Array[]; rest: Uint8Array; ended: boolean } {
    const ready: Uint8Array[] = [];
    let at = 0;
    const release = (n: number) => {
      ready.push(bytes.subarray(at, at + n));
      at += n;
      this.offset += n;
    };
    for (;;) {
      if (this.body > 0) {
        const n = Math.min(this.body, bytes.byteLength - at);
        if (n === 0) break;
        release(n);
        this.body -= n;
        continue;
      }
      const left = bytes.byteLength - at;
      if (left < 4) break;
      const view = new DataView(bytes.buffer, bytes.byteOffset + at, left);
      const continued = view.getUint32(0, true) === CONTINUATION;
      const prefix = continued ? 8 : 4;
      if (left < prefix) break;
      const length = view.getInt32(prefix - 4, true);
      if (length === 0) {
        release(left);
        return { ready, rest: EMPTY, ended: true };
      }
      if (length < 0) throw new ArrowIpcError(`readArrow: message at byte ${this.offset}: metadata length ${length} is negative`);
      if (left < prefix + length) break;
      const flat = new Flat(bytes, at + prefix, at + prefix + length, `message at byte ${this.offset}`);
      this.body = checkMessage(flat, at + prefix).bodyLength;
      release(prefix + length);
    }
    return { ready, rest: bytes.subarray(at), ended: false };
  }
}

/** Checks a whole file: the footer's schema, and that each block holds the message the footer says, itself checked. */
function checkFile(bytes: Uint8Array): void {
  const end = bytes.byteLength - FILE_END;
  const whole = new Flat(bytes, 0, bytes.byteLength, 'file footer');
  const footerLength = end >= 0 ? whole.i32(end) : 0;
  const start = end - footerLength;
  if (end < 0 || footerLength <= 0 || start < FILE_START.length) {
    throw new ArrowIpcError(`readArrow: file footer: its length ${footerLength} at byte ${Math.max(end, 0)} does not fit the file's ${bytes.byteLength} bytes`);
  }
  const flat = new Flat(bytes, start, end, `file footer at byte ${start}`);
  const footer = flat.table(start);
  // Footer fields (File.fbs): version, schema, dictionaries, recordBatches.
  const schema = flat.field(footer, 1);
  if (schema !== undefined) checkSchema(flat, flat.table(schema));
  checkBlocks(bytes, flat, flat.vector(footer, 2, BLOCK_BYTES), HEADER.dictionary, 'dictionary batch');
  checkBlocks(bytes, flat, flat.vector(footer, 3, BLOCK_BYTES), HEADER.recordBatch, 'record batch');
}

function checkBlocks(bytes: Uint8Array, footer: Flat, blocks: { at: number; length: number }, header: number, kind: string): void {
  for (let k = 0; k < blocks.length; k++) {
    const offset = footer.i64(blocks.at + k * BLOCK_BYTES);
    const where = `file footer ${kind} ${k} at byte ${offset}`;
    const frame = new Flat(bytes, 0, bytes.byteLength, where);
    const prefix = frame.u32(offset) === CONTINUATION ? 8 : 4;
    const length = frame.i32(offset + prefix - 4);
    const metadata = new Flat(bytes, offset + prefix, offset + prefix + Math.max(0, length), where);
    if (checkMessage(metadata, offset + prefix).header !== header) throw metadata.fail(`no ${kind} message starts there`);
  }
}

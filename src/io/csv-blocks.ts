import type { ColumnBatch } from './batch.js';
import { BlockBuffer } from './block-buffer.js';
import { concatBytes } from './concat-bytes.js';
import type { ColumnData } from './csv-columns.js';
import { CsvError } from './errors.js';
import { canShareMemory } from '../platform/workers.js';

const LF = 0x0a;

/** What parsing one block gave: its rows, the bytes they used, the lines they spanned, and its columns. */
export interface BlockResult {
  readonly rows: number;
  readonly consumed: number;
  readonly lines: number;
  readonly columns: readonly [string, ColumnData][];
}

/**
 * Parses a block's complete rows as the fixed columns, here or on a thread; a CsvError
 * counts lines from the block's first line as 1.
 */
export type ParseBlock = (bytes: Uint8Array, final: boolean) => Promise<BlockResult>;

/** Where the blocks after the first start: what the first block left. */
export interface LaterBlocks {
  /** The source line the rest starts on. */
  readonly line: number;
  /** Bytes read but not parsed yet, then the rest of the source. */
  readonly head: Uint8Array;
  readonly rest: AsyncIterator<Uint8Array>;
  readonly blockSize: number;
  /** Blocks parsed at once (the parse threads); 1 parses each as it is cut. */
  readonly inFlight: number;
}

/** A block sent to be parsed: its bytes (kept until its start is known to be a row's) and the result to come. */
interface Sent {
  readonly bytes: Uint8Array;
  readonly final: boolean;
  readonly result: Promise<BlockResult>;
}

/**
 * The batches of the blocks after the first, in source order. Blocks are cut after
 * their last line break, a cheap scan that cannot see quotes, so several can be parsed
 * at once: a cut inside a quoted field shows when the block before it leaves bytes
 * unparsed (its last row is not complete), and the next block, parsed from a wrong
 * start, is parsed again from those bytes. Every row is parsed from its true start, and
 * the batches are the same however many blocks are parsed at once.
 */
export async function* laterBatches(at: LaterBlocks, parse: ParseBlock, take: (rows: number, consumed: number, columns: ColumnBatch['columns']) => ColumnBatch): AsyncIterable<ColumnBatch> {
  const queue: Sent[] = [];
  const send = (bytes: Uint8Array, final: boolean): Sent => {
    const result = parse(bytes, final);
    // A block parsed from a wrong start is parsed again and its first result dropped, error or not.
    result.catch(() => undefined);
    return { bytes, final, result };
  };
  let line = at.line;
  /** The unparsed end of the last block settled, when no block after it was sent yet. */
  let carry: Uint8Array | undefined;
  const settle = async function* (): AsyncIterable<ColumnBatch> {
    const block = queue.shift()!;
    const result = await block.result.catch((e: unknown) => {
      throw e instanceof CsvError ? new CsvError(line + e.line - 1, e.column, e.text, e.problem) : e;
    });
    line += result.lines;
    if (result.consumed < block.bytes.byteLength) {
      const tail = block.bytes.subarray(result.consumed);
      const next = queue[0];
      if (next) queue[0] = send(concatBytes([tail, next.bytes]), next.final);
      else carry = tail.slice();
    }
    blocks?.release(block.bytes);
    if (result.rows > 0) yield take(result.rows, result.consumed, new Map(result.columns));
  };
  const blocks = at.inFlight > 1 && canShareMemory() ? new SharedBlocks(at.blockSize) : undefined;
  const copy = blocks ? (bytes: Uint8Array, n: number) => blocks.copy(bytes, n) : (bytes: Uint8Array, n: number) => bytes.slice(0, n);
  for await (const { bytes, final } of lineBlocks(at.head, at.rest, at.blockSize, copy)) {
    queue.push(send(carry ? concatBytes([carry, bytes]) : bytes, final));
    carry = undefined;
    while (queue.length >= at.inFlight) yield* settle();
  }
  while (queue.length > 0) yield* settle();
}

/**
 * The source's bytes in blocks of about `blockSize`, each ending just after a line break
 * (a block without one grows until it has one), and the last with whatever remains.
 */
async function* lineBlocks(head: Uint8Array, rest: AsyncIterator<Uint8Array>, blockSize: number, copy: (bytes: Uint8Array, n: number) => Uint8Array): AsyncIterable<{ bytes: Uint8Array; final: boolean }> {
  const block = new BlockBuffer(blockSize);
  for (let chunk: Uint8Array | undefined = head; chunk; ) {
    for (let at = 0; at < chunk.byteLength; ) {
      at += block.fill(chunk, at);
      if (!block.full) continue;
      const cut = block.bytes.lastIndexOf(LF, block.length - 1) + 1;
      if (cut === 0) {
        block.widen();
        continue;
      }
      yield { bytes: copy(block.bytes, cut), final: false };
      block.drop(cut);
    }
    const next: IteratorResult<Uint8Array> = await rest.next();
    chunk = next.done ? undefined : next.value;
  }
  yield { bytes: copy(block.bytes, block.length), final: true };
}

/**
 * Blocks in SharedArrayBuffers, for parse threads: a message shares one with a thread
 * where an ArrayBuffer would be copied twice (into the message and out of it). Posting
 * 16 MB blocks that way took the main thread 546 ms of a 300 MB scan on 2 threads, more
 * than cutting them. The buffers are reused once a block's result is in (its thread
 * is done with it): fresh ones are freed only when every thread's collector lets go,
 * and a 240 MB stream's peak RSS then grew by 80 MiB (test/frame/stream-rss.test.ts).
 */
class SharedBlocks {
  private readonly free: SharedArrayBuffer[] = [];

  constructor(private readonly blockSize: number) {}

  /** bytes[0, n) in a shared buffer. */
  copy(bytes: Uint8Array, n: number): Uint8Array {
    const at = this.free.findIndex((b) => b.byteLength >= n);
    const buffer = at >= 0 ? this.free.splice(at, 1)[0]! : new SharedArrayBuffer(Math.max(n, this.blockSize));
    const copy = new Uint8Array(buffer, 0, n);
    copy.set(bytes.subarray(0, n));
    return copy;
  }

  /** A block whose result is in; one re-sent joined to the block before it was copied out and is not shared. */
  release(bytes: Uint8Array): void {
    if (bytes.buffer instanceof SharedArrayBuffer) this.free.push(bytes.buffer);
  }
}

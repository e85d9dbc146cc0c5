import { openByteSource, type ByteChunks, type ByteSource } from '../platform/files.js';
import { SourceError } from './errors.js';

/**
 * Opens a source for `reader` (readCsv, readArrow) and reads it chunk by chunk; a source
 * that cannot be opened or a read that fails becomes a SourceError naming the reader and
 * the source, instead of the platform's own error (Node's ENOENT, Deno's NotFound).
 */
export async function openSource(reader: string, source: ByteSource): Promise<ByteChunks> {
  const opened = await openByteSource(source).catch((e: unknown) => {
    throw new SourceError(`${reader}: cannot open ${describe(source)} (${messageOf(e)})`, { cause: e });
  });
  return { ...opened, chunks: reported(reader, source, opened.chunks) };
}

async function* reported(reader: string, source: ByteSource, chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  let bytes = 0;
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (e) {
        throw new SourceError(`${reader}: reading ${describe(source)} failed after ${bytes} bytes (${messageOf(e)})`, { cause: e });
      }
      if (next.done) return;
      bytes += next.value.byteLength;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

const describe = (source: ByteSource): string => (typeof source === 'string' ? `the file '${source}'` : 'the source');
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

import { importNode, isNode, type NodeFileHandle } from './node.js';

/**
 * Where bytes come from: a file path (Node and Deno), a Blob or File (browsers, Node,
 * Deno), a web ReadableStream, bytes already in memory, or any async iterable of chunks.
 */
export type ByteSource = string | Blob | ReadableStream<Uint8Array> | Uint8Array | AsyncIterable<Uint8Array>;

/** A source opened for reading: its chunks in order and, when known, its size in bytes. */
export interface ByteChunks {
  readonly chunks: AsyncIterable<Uint8Array>;
  readonly total?: number;
}

// 1 MiB reads: large enough that the per-read overhead (a syscall and a promise) is
// noise, small enough that a reader holds little beyond the block it is filling.
const READ_SIZE = 1 << 20;

/** Opens any ByteSource as a sequence of chunks; nothing is read until the chunks are pulled. */
export async function openByteSource(source: ByteSource): Promise<ByteChunks> {
  if (typeof source === 'string') return openFile(source);
  if (source instanceof Uint8Array) return { chunks: bytesChunks(source), total: source.byteLength };
  if (isBlob(source)) return { chunks: streamChunks(source.stream()), total: source.size };
  if (isReadableStream(source)) return { chunks: streamChunks(source) };
  return { chunks: source };
}

function isBlob(source: object): source is Blob {
  return typeof Blob !== 'undefined' && source instanceof Blob;
}

function isReadableStream(source: object): source is ReadableStream<Uint8Array> {
  return typeof (source as ReadableStream).getReader === 'function';
}

async function* bytesChunks(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += READ_SIZE) yield bytes.subarray(at, at + READ_SIZE);
}

/** Reads a web stream chunk by chunk; the lock is released if the consumer stops early. */
async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

interface DenoFile {
  read(into: Uint8Array): Promise<number | null>;
  /** `whence` 0 is Deno.SeekMode.Start: `offset` counts from the file's first byte. */
  seek(offset: number, whence: 0): Promise<number>;
  stat(): Promise<{ size: number }>;
  close(): void;
}

interface DenoNamespace {
  open(path: string, options: { read: true }): Promise<DenoFile>;
}

/** A file on disk, through Node's fs or Deno.open; browsers have no paths and get a clear error. */
async function openFile(path: string): Promise<ByteChunks> {
  const deno = (globalThis as { Deno?: DenoNamespace }).Deno;
  if (deno) {
    const file = await deno.open(path, { read: true });
    return { chunks: denoChunks(file), total: (await file.stat()).size };
  }
  if (isNode()) {
    const fs = await importNode('fs/promises');
    const handle = await fs.open(path, 'r');
    const { size } = await handle.stat();
    return { chunks: nodeChunks(handle), total: size };
  }
  throw new Error(`openByteSource: file paths need Node or Deno; in a browser pass a File, Blob or ReadableStream (got '${path}')`);
}

type ReadInto = (into: Uint8Array) => Promise<number>;

/** Fresh buffer per chunk, so a consumer may keep any chunk it was given. */
async function* readerChunks(readInto: ReadInto, close: () => unknown): AsyncIterable<Uint8Array> {
  try {
    for (;;) {
      const chunk = new Uint8Array(READ_SIZE);
      const n = await readInto(chunk);
      if (n === 0) return;
      yield chunk.subarray(0, n);
    }
  } finally {
    await close();
  }
}

function nodeChunks(handle: NodeFileHandle): AsyncIterable<Uint8Array> {
  return readerChunks(async (into) => (await handle.read(into, 0, into.byteLength, null)).bytesRead, () => handle.close());
}

function denoChunks(file: DenoFile): AsyncIterable<Uint8Array> {
  return readerChunks(async (into) => (await file.read(into)) ?? 0, () => file.close());
}

/**
 * A file opened for reads at chosen offsets, for readers that split one file into byte
 * ranges and read each on its own (io/csv-partition.ts).
 */
export interface PositionedFile {
  readonly size: number;
  /** Up to 1 MiB (READ_SIZE) from `position`, in a fresh buffer; empty only at the end of the file. */
  readAt(position: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Opens a file on disk for positioned reads, through Node's fs or Deno.open. */
export async function openPositionedFile(path: string): Promise<PositionedFile> {
  const deno = (globalThis as { Deno?: DenoNamespace }).Deno;
  if (deno) {
    const file = await deno.open(path, { read: true });
    const size = (await file.stat()).size;
    // Deno's read has no position argument: seek, then read; a file's reads are not interleaved here.
    const readInto = async (into: Uint8Array, position: number) => (await file.seek(position, 0), (await file.read(into)) ?? 0);
    return positioned(size, readInto, async () => file.close());
  }
  if (isNode()) {
    const handle = await (await importNode('fs/promises')).open(path, 'r');
    const { size } = await handle.stat();
    return positioned(size, async (into, position) => (await handle.read(into, 0, into.byteLength, position)).bytesRead, () => handle.close());
  }
  throw new Error(`openPositionedFile: file paths need Node or Deno (got '${path}')`);
}

function positioned(size: number, readInto: (into: Uint8Array, position: number) => Promise<number>, close: () => Promise<void>): PositionedFile {
  return {
    size,
    async readAt(position) {
      const chunk = new Uint8Array(READ_SIZE);
      return chunk.subarray(0, await readInto(chunk, position));
    },
    close,
  };
}

import type { ColumnBatch, ColumnData } from '../../src/io/index.js';

/** A source that hands out `bytes` in chunks of the given sizes, cycling through them. */
export async function* chunked(bytes: Uint8Array, sizes: readonly number[]): AsyncIterable<Uint8Array> {
  for (let at = 0, k = 0; at < bytes.byteLength; k++) {
    const size = Math.max(1, sizes[k % sizes.length]!);
    yield bytes.slice(at, at + size);
    at += size;
  }
}

/** All batches of a stream, and their columns joined end to end as plain arrays. */
export async function collect(batches: AsyncIterable<ColumnBatch>): Promise<{ batches: ColumnBatch[]; columns: Map<string, unknown[]> }> {
  const all: ColumnBatch[] = [];
  const columns = new Map<string, unknown[]>();
  for await (const batch of batches) {
    all.push(batch);
    for (const [name, data] of batch.columns) columns.set(name, [...(columns.get(name) ?? []), ...plain(data)]);
  }
  return { batches: all, columns };
}

/** A column's values as a plain array; dictionary-encoded strings decoded, -1 as null. */
export function plain(data: ColumnData): unknown[] {
  if ('codes' in data) return Array.from(data.codes, (c) => (c < 0 ? null : data.dictionary[c]));
  return Array.from(data as ArrayLike<unknown>);
}

/** The storage type of a column, named as a schema names it. */
export function typeOf(data: ColumnData): string {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint8Array) return 'bool';
  return 'string';
}

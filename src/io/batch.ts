import type { ColumnData } from './csv-columns.js';

/** Some rows of a source as columns; `bytes` counts the source bytes consumed so far, this batch included. */
export interface ColumnBatch {
  readonly rows: number;
  readonly columns: ReadonlyMap<string, ColumnData>;
  readonly bytes: number;
}

/** How far a reader has got: bytes and rows so far and, when known, the source's size. */
export interface ReadProgress {
  bytes: number;
  rows: number;
  total?: number;
}

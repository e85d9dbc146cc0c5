import { allocateColumn, type ColumnData, type ReadType } from './csv-columns.js';

/**
 * One column of a block being read window by window. Its size is estimated from the
 * rows per byte of the block's first window, and grows by half when a later window
 * holds more rows than that; finish() cuts it to the rows read. A skipped column holds
 * nothing.
 */
export class ColumnOutput {
  data: ColumnData;

  /** A string column's codes go into `dictionary` (its StringCodes' list for the block). */
  constructor(
    readonly type: ReadType,
    capacity: number,
    private readonly dictionary: readonly string[] = [],
  ) {
    this.data = type === 'skip' ? new Uint8Array(0) : allocateColumn(type, capacity, dictionary);
  }

  /** Makes room for `rows` values, keeping those written. */
  reserve(rows: number): void {
    if (this.type === 'skip') return;
    const values = valuesOf(this.data);
    if (rows <= values.length) return;
    const bigger = allocateColumn(this.type, Math.max(rows, Math.ceil(values.length * 1.5)), this.dictionary);
    valuesOf(bigger).set(values);
    this.data = bigger;
  }

  /**
   * The first `rows` values. They are not frozen (graph/immutable.ts), though nobody else
   * can write them: a frozen block column gets a resident wasm heap copy, but each is read
   * by one evaluation, so the copy bought nothing: a stream with frozen block columns
   * took the same CPU time and more wall time (wasm, 2 threads).
   */
  finish(rows: number): ColumnData {
    const values = valuesOf(this.data);
    const exact = values.length === rows ? values : values.subarray(0, rows);
    return this.type === 'string' ? { codes: exact as Int32Array, dictionary: this.dictionary } : exact;
  }
}

/** The typed array holding a column's values (a string column's codes). */
const valuesOf = (data: ColumnData): Float64Array | Int32Array | Uint8Array => ('codes' in data ? data.codes : (data as Float64Array | Int32Array | Uint8Array));

import { freeze } from '../../graph/immutable.js';
import { allocateColumn, type ColumnData, type ColumnType } from './csv-columns.js';

/**
 * One column of a block being read window by window. Its size is estimated from the
 * rows per byte of the block's first window, and grows by half when a later window
 * holds more rows than that; finish() cuts it to the rows read.
 */
export class ColumnOutput {
  data: ColumnData;

  constructor(
    readonly type: ColumnType,
    capacity: number,
  ) {
    this.data = allocateColumn(type, capacity);
  }

  /** Makes room for `rows` values, keeping those written. */
  reserve(rows: number): void {
    if (rows <= this.data.length) return;
    const bigger = allocateColumn(this.type, Math.max(rows, Math.ceil(this.data.length * 1.5)));
    if (Array.isArray(bigger)) (this.data as (string | null)[]).forEach((s, i) => (bigger[i] = s));
    else bigger.set(this.data as never);
    this.data = bigger;
  }

  /**
   * The first `rows` values. Typed arrays are frozen: the parser made them and hands
   * them on without keeping a reference, so nobody can write them, and a backend may keep
   * its own copy (the wasm heap) for every kernel that reads the block instead of
   * copying them in again each time.
   */
  finish(rows: number): ColumnData {
    const data = this.data;
    if (Array.isArray(data)) {
      data.length = rows;
      return data;
    }
    return freeze(data.length === rows ? data : data.subarray(0, rows));
  }
}

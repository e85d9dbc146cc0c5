import type { AnyTypedArray, DType } from '../../graph/dtype.js';
import { ArgumentError, DTypeError, ShapeError, ValueError } from '../../graph/errors.js';
import { checkOptions, describe, intArg, isOptionsObject } from '../arguments.js';
import { checkArrowTable, checkByteSource, columnNames } from './arguments.js';
import { asarray } from '../creation.js';
import type { NDArray } from '../ndarray.js';
import { argsort, take } from '../sorting.js';
import { dtypeOfColumn, lengthOf, toColumn, type Column, type ColumnInput } from './column.js';
import { Expr, numbersOf } from './expr.js';
import { hostValues } from './host.js';
import { GroupBy } from './groupby.js';
import type { GroupOptions } from './aggregate.js';
import { formatFrame } from './format.js';
import { fromArrowTable, type ArrowTableLike } from './arrow.js';
import { toArrowTable } from './arrow-out.js';
import type { Table } from 'apache-arrow';
import type { ArrowOptions, ByteSource, CsvOptions, FilePartition } from '../../io/index.js';
import { scanArrow, scanArrowFiles, scanCsv, scanCsvPartitions, type ScanFrame } from './scan.js';

/** What assign and filter accept: an expression over the frame, or a column's data. */
export type ColumnValue = Expr | ColumnInput;

/** Host data of one column as toColumns returns it. */
export type ColumnData = AnyTypedArray | (string | null)[];

/** Options of `Frame.sortBy`. */
export interface SortOptions {
  /** One flag for all keys or one per key (default false). */
  readonly descending?: boolean | readonly boolean[];
}

/**
 * A table of named, equally long columns, immutable like NDArray: every method returns
 * a new Frame sharing the columns it did not change. Numeric columns are lazy arrays, so
 * `assign`, `sortBy`, `head` and `select` record work that runs (fused) when results are read.
 */
export class Frame {
  /** @internal */
  readonly cols: ReadonlyMap<string, Column>;
  /** Number of rows. */
  readonly length: number;

  constructor(columns: Readonly<Record<string, ColumnInput>> | ReadonlyMap<string, Column>) {
    if (!(columns instanceof Map) && !isOptionsObject(columns)) {
      throw new ArgumentError(`Frame: columns must be an object mapping names to column data, got ${describe(columns)}`);
    }
    this.cols = columns instanceof Map ? columns : new Map(Object.entries(columns).map(([name, c]) => [name, toColumn('Frame', name, c)]));
    this.length = checkLengths('Frame', this.cols);
  }

  get columns(): string[] {
    return [...this.cols.keys()];
  }
  get dtypes(): Record<string, DType | 'string'> {
    return Object.fromEntries([...this.cols].map(([name, c]) => [name, dtypeOfColumn(c)]));
  }

  /** @internal A column by name, or an error listing the columns there are. */
  column(op: string, name: string): Column {
    if (typeof name !== 'string') throw new ArgumentError(`${op}: a column name must be a string, got ${describe(name)}`);
    const c = this.cols.get(name);
    if (!c) throw new ValueError(`${op}: unknown column '${name}' (columns: ${this.columns.join(', ') || 'none'})`);
    return c;
  }

  /** A numeric column as a lazy 1-D array. */
  col(name: string): NDArray {
    return numbersOf('col', this.column('col', name), name);
  }

  /** Resolves an expression or data against this frame, checking its length. */
  private resolve(op: string, name: string, v: ColumnValue): Column {
    const c = v instanceof Expr ? v.resolve((o, n) => this.column(o, n), op) : toColumn(op, name, v);
    const n = lengthOf(c);
    if (n !== this.length && this.cols.size > 0) throw new ShapeError(`${op}: column '${name}' has ${n} rows, the frame has ${this.length}`);
    return c;
  }

  /** New or replaced columns; expressions stay lazy and fuse into whatever reads them. */
  assign(spec: Readonly<Record<string, ColumnValue>>): Frame {
    if (!isOptionsObject(spec)) throw new ArgumentError(`assign: expected an object mapping names to columns or expressions, got ${describe(spec)}`);
    const cols = new Map(this.cols);
    for (const [name, v] of Object.entries(spec)) cols.set(name, this.resolve('assign', name, v));
    return new Frame(cols);
  }

  /** These columns, in this order. */
  select(...names: (string | readonly string[])[]): Frame {
    return new Frame(new Map(names.flat().map((n) => [n, this.column('select', n)])));
  }

  /** The first n rows (a view: nothing is copied). */
  head(n = 5): Frame {
    const k = Math.max(0, Math.min(intArg('head', 'n', n)!, this.length));
    return this.mapColumns((a) => a.slice(`:${k}`));
  }

  /** @internal The rows at `indices` (int32), gathered lazily. */
  takeRows(indices: NDArray): Frame {
    return this.mapColumns((a) => take(a, indices));
  }

  private mapColumns(f: (a: NDArray) => NDArray): Frame {
    const cols = new Map<string, Column>();
    for (const [name, c] of this.cols) cols.set(name, c.kind === 'number' ? { kind: 'number', values: f(c.values) } : { ...c, codes: f(c.codes) });
    return new Frame(cols);
  }

  /** The rows where a boolean mask (an expression or an array) is true. The row count depends on the mask, so this awaits it. */
  async filter(mask: ColumnValue): Promise<Frame> {
    const m = this.resolve('filter', 'mask', mask);
    if (m.kind !== 'number' || m.values.dtype !== 'bool') throw new DTypeError(`filter: the mask must be boolean, got ${dtypeOfColumn(m)}`);
    const [host] = await hostValues('filter', [m.values]);
    let count = 0;
    for (let i = 0; i < host!.length; i++) count += host![i]! ? 1 : 0;
    const rows = new Int32Array(count);
    for (let i = 0, j = 0; i < host!.length; i++) if (host![i]) rows[j++] = i;
    return this.takeRows(asarray(rows));
  }

  /**
   * Rows ordered by one or several keys (stable, NaN and null last, as pandas'
   * na_position='last'): argsorts applied from the last key to the first, all lazy.
   */
  sortBy(keys: string | readonly string[], options: SortOptions = {}): Frame {
    const names = columnNames('sortBy', keys);
    if (names.length === 0) throw new ValueError('sortBy: expected at least one key');
    const desc = descendingFlags(names.length, checkOptions('sortBy', options, ['descending']).descending);
    let order: NDArray | undefined;
    for (let k = names.length - 1; k >= 0; k--) {
      const key = sortableKey(this.column('sortBy', names[k]!), desc[k]!);
      order = order === undefined ? argsort(key) : take(order, argsort(take(key, order)));
    }
    return this.takeRows(order!);
  }

  /** Rows grouped by one or several key columns; `.agg(spec)` aggregates them. */
  groupby(keys: string | readonly string[], options: GroupOptions = {}): GroupBy {
    return new GroupBy(this, keys, options);
  }

  /** pandas-style text of the frame (CPU backends; a GPU backend shows the schema). */
  toString(): string {
    return formatFrame(this.cols, this.length, this.dtypes);
  }

  /**
   * A lazy frame over a CSV file (Node/Deno path), Blob, ReadableStream or bytes, read in
   * blocks of `blockSize` as it is aggregated. A list of paths, or of byte ranges
   * `{ path, start, end }` (`splitFile`), makes each a partition: a cluster runs one job
   * per partition, and all of them parse with the first file's schema.
   */
  static scanCsv(source: ByteSource | readonly (string | FilePartition)[], options: CsvOptions = {}): ScanFrame {
    if (Array.isArray(source)) {
      checkOptions('scanCsv', options, ['delimiter', 'header', 'schema', 'usecols', 'blockSize']);
      return scanCsvPartitions(source, checkedUsecols(options));
    }
    checkByteSource('scanCsv', source);
    checkOptions('scanCsv', options, ['delimiter', 'header', 'schema', 'usecols', 'blockSize', 'onProgress', 'threads']);
    return scanCsv(source as ByteSource, checkedUsecols(options));
  }

  /** A lazy frame over an Arrow IPC stream or file, read one record batch at a time; a list of paths makes each file a partition. */
  static scanArrow(source: ByteSource | readonly string[], options: ArrowOptions = {}): ScanFrame {
    if (Array.isArray(source)) {
      checkOptions('scanArrow', options, []);
      return scanArrowFiles(source);
    }
    checkByteSource('scanArrow', source);
    checkOptions('scanArrow', options, ['onProgress']);
    return scanArrow(source as ByteSource, options);
  }

  /** A Frame over an apache-arrow Table: numeric single-chunk columns without nulls are zero-copy; dictionaries keep their codes. */
  static fromArrow(table: Table): Frame {
    checkArrowTable('fromArrow', table);
    return new Frame(fromArrowTable(table as unknown as ArrowTableLike));
  }

  /** The frame as an apache-arrow Table. */
  async toArrow(): Promise<Table> {
    return toArrowTable(this.cols);
  }

  /** Every column on the host: TypedArrays for numbers, string lists (null for missing) for strings. */
  async toColumns(): Promise<Record<string, ColumnData>> {
    const entries = [...this.cols];
    const hosts = await hostValues('toColumns', entries.map(([, c]) => (c.kind === 'number' ? c.values : c.codes)));
    return Object.fromEntries(entries.map(([name, c], k) => [name, c.kind === 'number' ? hosts[k]!.slice() : decode(hosts[k]!, c.dictionary)]));
  }
}

/** One descending flag per sort key, from one flag for all or a list of them. */
function descendingFlags(keys: number, descending: unknown): boolean[] {
  const flags = Array.isArray(descending) ? (descending as unknown[]) : Array<unknown>(keys).fill(descending ?? false);
  if (flags.length !== keys || !flags.every((f) => typeof f === 'boolean')) {
    throw new ArgumentError(`sortBy: descending must be a boolean or a list of ${keys} booleans, got ${describe(descending)}`);
  }
  return flags as boolean[];
}

/** Strings from dictionary codes; -1 is null. */
export const decode = (codes: ArrayLike<number>, dictionary: readonly string[]): (string | null)[] => Array.from(codes, (c) => (c < 0 ? null : dictionary[c]!));

function checkLengths(op: string, cols: ReadonlyMap<string, Column>): number {
  let length: number | undefined;
  let first = '';
  for (const [name, c] of cols) {
    const n = lengthOf(c);
    if (length === undefined) [length, first] = [n, name];
    else if (n !== length) throw new ShapeError(`${op}: column '${name}' has ${n} rows but column '${first}' has ${length}`);
  }
  return length ?? 0;
}

/**
 * A float64 array whose ascending order is the key's order: numbers as they are, strings
 * as the rank of their dictionary entry (null reads index -1 of the ranks, which is NaN,
 * so it sorts last). Descending negates, which keeps NaN last and a stable sort stable.
 */
function sortableKey(c: Column, descending: boolean): NDArray {
  let key: NDArray;
  if (c.kind === 'number') key = c.values.astype('float64');
  else {
    const ranks = new Float64Array(c.dictionary.length + 1);
    const sorted = c.dictionary.map((s, i) => [s, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    sorted.forEach(([, i], r) => (ranks[i] = r));
    ranks[c.dictionary.length] = NaN;
    key = take(asarray(ranks), c.codes);
  }
  return descending ? key.neg() : key;
}

/** scanCsv's options with `usecols` checked at the call: a list of names (one name is a list of one). */
function checkedUsecols(options: CsvOptions): CsvOptions {
  return options.usecols === undefined ? options : { ...options, usecols: columnNames('scanCsv', options.usecols, 'usecols') };
}

import { CsvError } from './errors.js';
import { readBool, readFloat64, readInt32 } from './csv-numbers.js';
import { fieldText, isMissing, type StringCodes } from './csv-text.js';
import type { FieldTable } from './csv-tokenizer.js';

export type ColumnType = 'float64' | 'int32' | 'bool' | 'string';
/** How the reader takes a column: as its type, or passed over ('skip', a column nobody reads: csv.ts's projection). */
export type ReadType = ColumnType | 'skip';
/** A dictionary-encoded string column: codes into `dictionary` (distinct strings in order of first appearance), -1 for missing. */
export interface StringColumn {
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
}
/**
 * A column's values: bool as 0/1 bytes, missing as NaN (float64) or null (string). The CSV
 * reader gives strings dictionary-encoded (a block's pointer array of strings measured as
 * much garbage-collector time as the rest of the parse); Arrow gives them as an array.
 */
export type ColumnData = Float64Array | Int32Array | Uint8Array | StringColumn | (string | null)[];

/** Inference tries the narrowest type first, as pandas does: int, then float, then bool, then string (which always fits). */
export const INFERENCE_ORDER: readonly ColumnType[] = ['int32', 'float64', 'bool', 'string'];

/**
 * A tokenized window of a block: its bytes, its field table, the first data row (the
 * header is row 0 of the source's first window), and where that row goes in the output
 * columns (row r is written to out[r - from + at]).
 */
export interface FieldBlock {
  readonly buf: Uint8Array;
  readonly table: FieldTable;
  readonly from: number;
  readonly at: number;
}

/** Fills out[r - from + at] for rows [r0, r1) of one column: -1 when every field fits the type, else the first row that does not. */
type Fill = (block: FieldBlock, column: number, out: ColumnData, r0: number, r1: number, strings: StringCodes) => number;

// One loop per type rather than one generic loop taking the reader as an argument: a
// shared loop's call site sees three readers, and V8 then inlines none of them.
const fillFloat64: Fill = ({ buf, table, from, at }, column, out, r0, r1) => {
  const { starts, ends, raw, width } = table;
  const shift = at - from;
  for (let r = r0, i = r0 * width + column; r < r1; r++, i += width) {
    if (!readFloat64(buf, starts[i]!, ends[i]!, raw[i]!, out as Float64Array, r + shift)) return r;
  }
  return -1;
};

/** int32 and bool columns cannot hold a missing value (pandas raises for them too): their readers refuse one. */
const fillInt32: Fill = ({ buf, table, from, at }, column, out, r0, r1) => {
  const { starts, ends, raw, width } = table;
  const shift = at - from;
  for (let r = r0, i = r0 * width + column; r < r1; r++, i += width) {
    if (!readInt32(buf, starts[i]!, ends[i]!, raw[i]!, out as Int32Array, r + shift)) return r;
  }
  return -1;
};

const fillBool: Fill = ({ buf, table, from, at }, column, out, r0, r1) => {
  const { starts, ends, raw, width } = table;
  const shift = at - from;
  for (let r = r0, i = r0 * width + column; r < r1; r++, i += width) {
    if (!readBool(buf, starts[i]!, ends[i]!, raw[i]!, out as Uint8Array, r + shift)) return r;
  }
  return -1;
};

const fillString: Fill = ({ buf, table, from, at }, column, out, r0, r1, strings) => {
  const { starts, ends, raw, width } = table;
  const shift = at - from;
  const codes = (out as StringColumn).codes;
  for (let r = r0, i = r0 * width + column; r < r1; r++, i += width) codes[r + shift] = strings.code(buf, starts[i]!, ends[i]!, raw[i]!);
  return -1;
};

const FILLS: { [T in ReadType]: Fill } = { float64: fillFloat64, int32: fillInt32, bool: fillBool, string: fillString, skip: () => -1 };

/** An empty column of n values; a string column's codes go into `dictionary`. */
export function allocateColumn(type: ColumnType, n: number, dictionary: readonly string[] = []): ColumnData {
  switch (type) {
    case 'float64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'bool':
      return new Uint8Array(n);
    case 'string':
      return { codes: new Int32Array(n), dictionary };
  }
}

/** The type a column was read as: allocateColumn's inverse. */
export function columnTypeOf(data: ColumnData): ColumnType {
  if ('codes' in data) return 'string';
  if (data instanceof Float64Array) return 'float64';
  return data instanceof Int32Array ? 'int32' : 'bool';
}

// 2,048 rows per pass, so a pass's slice of the window and of the field table (about
// 200 KB for 5 columns of 40-byte rows) stays in L2 while every column reads it.
// 512, 2,048, 8,192 rows and whole-column passes parse at the same speed within the
// bench machine's noise (bench/csv.bench.ts).
const ROWS_PER_PASS = 2048;

/** A column being read whose type is fixed, and the output it fills. */
export interface ColumnRead {
  readonly index: number;
  readonly type: ReadType;
  readonly strings: StringCodes;
  readonly out: ColumnData;
}

/** The first field that did not fit its column's type: which entry of the reads, and its row in the window. */
export interface Misfit {
  readonly read: number;
  readonly row: number;
}

/**
 * Reads a window's data rows into the outputs, in passes of ROWS_PER_PASS rows across all
 * the columns; answers the first field that does not fit its type, else undefined.
 */
export function fillColumns(block: FieldBlock, reads: readonly ColumnRead[]): Misfit | undefined {
  const { table, from } = block;
  for (let r0 = from; r0 < table.rows; r0 += ROWS_PER_PASS) {
    const r1 = Math.min(r0 + ROWS_PER_PASS, table.rows);
    for (let k = 0; k < reads.length; k++) {
      const { index, type, strings, out } = reads[k]!;
      const row = FILLS[type](block, index, out, r0, r1, strings);
      if (row >= 0) return { read: k, row };
    }
  }
  return undefined;
}

/** The CsvError for a field that does not fit its column's type; `label` names the column. */
export function fieldError({ buf, table }: FieldBlock, column: number, row: number, type: ColumnType, label: string): CsvError {
  const i = row * table.width + column;
  const text = fieldText(buf, table.starts[i]!, table.ends[i]!, table.raw[i]!);
  const problem = isMissing(text) ? `missing value in ${label}; ${type} columns cannot hold one` : `does not parse as ${type} (${label})`;
  return new CsvError(table.rowLines[row]!, column + 1, text, problem);
}

/** The first type in INFERENCE_ORDER, from `least` on, that every field of the window's column fits; string fits all, unread. */
export function inferType(block: FieldBlock, column: number, strings: StringCodes, least: ColumnType = INFERENCE_ORDER[0]!): ColumnType {
  const { table, from } = block;
  const scratch = { ...block, at: 0 };
  for (const type of INFERENCE_ORDER.slice(INFERENCE_ORDER.indexOf(least))) {
    if (type === 'string' || FILLS[type](scratch, column, allocateColumn(type, table.rows - from), from, table.rows, strings) < 0) return type;
  }
  throw new Error('inferType: INFERENCE_ORDER ends with string, which every field fits');
}

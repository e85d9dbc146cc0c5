import { CsvError } from './errors.js';
import { readBool, readFloat64, readInt32 } from './csv-numbers.js';
import { fieldText, isMissing, StringInterner } from './csv-text.js';
import type { FieldTable } from './csv-tokenizer.js';

export type ColumnType = 'float64' | 'int32' | 'bool' | 'string';
/** A column's values: bool as 0/1 bytes, missing as NaN (float64) or null (string). */
export type ColumnData = Float64Array | Int32Array | Uint8Array | (string | null)[];

/** Inference tries the narrowest type first, as pandas does: int, then float, then bool, then string (which always fits). */
export const INFERENCE_ORDER: readonly ColumnType[] = ['int32', 'float64', 'bool', 'string'];

/** A tokenized block: its bytes, its field table, and its first data row (the header is row 0 of the first block). */
export interface FieldBlock {
  readonly buf: Uint8Array;
  readonly table: FieldTable;
  readonly from: number;
}

/** Fills out[r - from] for rows [r0, r1) of one column: -1 when every field fits the type, else the first row that does not. */
type Fill = (block: FieldBlock, column: number, out: ColumnData, r0: number, r1: number, strings: StringInterner) => number;

// One loop per type rather than one generic loop taking the reader as an argument: a
// shared loop's call site sees three readers, and V8 then inlines none of them.
const fillFloat64: Fill = ({ buf, table, from }, column, out, r0, r1) => {
  const { starts, ends, raw, width } = table;
  for (let r = r0, i = r0 * width + column; r < r1; r++, i += width) {
    if (!readFloat64(buf, starts[i]!, ends[i]!, raw[i]!, out as Float64Array, r - from)) return r;
  }
  return -1;
};

/** int32 and bool columns cannot hold a missing value (pandas raises for them too): their readers refuse one. */
const fillInt32: Fill = ({ buf, table, from }, column, out, r0, r1) => {
  const { starts, ends, raw, width } = table;
  for (let r = r0, i = r0 * width + column; r < r1; r++, i += width) {
    if (!readInt32(buf, starts[i]!, ends[i]!, raw[i]!, out as Int32Array, r - from)) return r;
  }
  return -1;
};

const fillBool: Fill = ({ buf, table, from }, column, out, r0, r1) => {
  const { starts, ends, raw, width } = table;
  for (let r = r0, i = r0 * width + column; r < r1; r++, i += width) {
    if (!readBool(buf, starts[i]!, ends[i]!, raw[i]!, out as Uint8Array, r - from)) return r;
  }
  return -1;
};

const fillString: Fill = ({ buf, table, from }, column, out, r0, r1, strings) => {
  const { starts, ends, raw, width } = table;
  const texts = out as (string | null)[];
  for (let r = r0, i = r0 * width + column; r < r1; r++, i += width) {
    const start = starts[i]!;
    const end = ends[i]!;
    const text = raw[i] ? fieldText(buf, start, end, 1) : strings.text(buf, start, end);
    texts[r - from] = isMissing(text) ? null : text;
  }
  return -1;
};

const FILLS: { [T in ColumnType]: Fill } = { float64: fillFloat64, int32: fillInt32, bool: fillBool, string: fillString };

/** An empty column of n values; a string column is filled with null first (a bare `new Array(n)` of 400k slots measured 4x slower to fill, push() 3x). */
export function allocateColumn(type: ColumnType, n: number): ColumnData {
  switch (type) {
    case 'float64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'bool':
      return new Uint8Array(n);
    case 'string':
      return new Array<string | null>(n).fill(null);
  }
}

// 2,048 rows per pass, so a pass's slice of the block and of the field table (about
// 200 KB for 5 columns of 40-byte rows) stays in L2 while every column reads it, instead
// of streaming a 16 MB block from memory once per column. On the shared 2-core bench
// machine 512, 2,048, 8,192 rows and whole-column passes all measured 140-170 MB/s of
// CPU time (within its noise); the pass bounds the memory traffic where bandwidth is short.
const ROWS_PER_PASS = 2048;

/**
 * Reads columns of known types, in passes of ROWS_PER_PASS rows across all the columns.
 * A field that does not fit is a CsvError naming its line, column and text; `label(c)`
 * names column c in that message.
 */
export function convertColumns(block: FieldBlock, columns: { index: number; type: ColumnType; strings: StringInterner }[], label: (column: number) => string): ColumnData[] {
  const { table, from } = block;
  const outs = columns.map(({ type }) => allocateColumn(type, table.rows - from));
  for (let r0 = from; r0 < table.rows; r0 += ROWS_PER_PASS) {
    const r1 = Math.min(r0 + ROWS_PER_PASS, table.rows);
    columns.forEach(({ index, type, strings }, k) => {
      const failed = FILLS[type](block, index, outs[k]!, r0, r1, strings);
      if (failed >= 0) throw fieldError(block, index, failed, type, label(index));
    });
  }
  return outs;
}

function fieldError({ buf, table }: FieldBlock, column: number, row: number, type: ColumnType, label: string): CsvError {
  const i = row * table.width + column;
  const text = fieldText(buf, table.starts[i]!, table.ends[i]!, table.raw[i]!);
  const problem = isMissing(text) ? `missing value in ${label}; ${type} columns cannot hold one` : `does not parse as ${type} (${label})`;
  return new CsvError(table.rowLines[row]!, column + 1, text, problem);
}

/** The first type in INFERENCE_ORDER that every field of the column fits, with the values read as that type. */
export function inferColumn(block: FieldBlock, column: number, strings: StringInterner): { type: ColumnType; data: ColumnData } {
  const { table, from } = block;
  for (const type of INFERENCE_ORDER) {
    const data = allocateColumn(type, table.rows - from);
    if (FILLS[type](block, column, data, from, table.rows, strings) < 0) return { type, data };
  }
  throw new Error('inferColumn: the string reader accepts every field');
}

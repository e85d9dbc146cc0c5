import type * as Arrow from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import type { ColumnData } from './csv-columns.js';
import { ArrowIpcError } from './errors.js';

/**
 * Arrow columns as Quiver columns, with the CSV reader's conventions so a frame reads the
 * same either way: missing numbers are NaN (an int column with nulls becomes float64, as
 * in pandas), missing strings null, a bool column with nulls becomes the strings
 * 'true'/'false'/null. float64 and int32 columns without nulls are the IPC buffer itself,
 * not a copy. `arrow` is the apache-arrow module, which the reader imports on first use.
 */
export function arrowColumn(arrow: typeof Arrow, name: string, data: Data, where: string): ColumnData {
  const { Type } = arrow;
  const type = data.type as DataType;
  checkBounds(arrow, name, data, where);
  switch (type.typeId) {
    case Type.Float:
      return numbers(arrow, data, 'float64');
    case Type.Int:
      return numbers(arrow, data, fitsInt32(type) ? 'int32' : 'float64');
    case Type.Bool:
      return data.nullCount === 0 ? bits(data) : strings(arrow, data, (v) => String(v));
    case Type.Utf8:
    case Type.LargeUtf8:
      return strings(arrow, data, (v) => v as string);
    case Type.Dictionary:
      return dictionaryStrings(arrow, name, data, where);
    default:
      throw unsupported(name, type, where);
  }
}

/**
 * A record batch's lengths are read from its metadata and apache-arrow does not check
 * them against the buffers it was sent, so a lying length would read past a buffer
 * (as undefined) or allocate a column of billions of rows: each is checked first.
 */
function checkBounds({ Type }: typeof Arrow, name: string, data: Data, where: string): void {
  const { offset, length } = data;
  const fail = (problem: string) => new ArrowIpcError(`readArrow: ${where}, column '${name}': ${problem}`);
  if (!Number.isSafeInteger(offset + length) || offset < 0 || length < 0) throw fail(`offset ${offset} and length ${length} are not a valid range`);
  // Bitmaps keep the slice offset; apache-arrow slices fixed-width values and string offsets.
  if (data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0 && data.nullBitmap.length * 8 < offset + length) throw fail(`${length} rows but a validity bitmap of ${data.nullBitmap.length} bytes`);
  const typeId = (data.type as DataType).typeId;
  const stored = (data.values as ArrayLike<unknown> | undefined)?.length ?? 0;
  if (typeId === Type.Bool && stored * 8 < offset + length) throw fail(`${length} rows but ${stored} bytes of bits`);
  if ((typeId === Type.Float || typeId === Type.Int || typeId === Type.Dictionary) && stored < length) throw fail(`${length} rows but room for ${stored} values`);
  if (typeId === Type.Utf8 || typeId === Type.LargeUtf8) {
    const offsets = data.valueOffsets as ArrayLike<number | bigint>;
    if (length > 0 && offsets.length < length + 1) throw fail(`${length} rows but ${offsets.length} string offsets`);
    for (let i = 0; i < length; i++) {
      const [from, to] = [Number(offsets[i]), Number(offsets[i + 1])];
      if (!(from >= 0 && from <= to && to <= stored)) throw fail(`string ${i} spans bytes ${from} to ${to} of ${stored}`);
    }
  }
}

/** The empty column a schema field gives (a stream with a schema and no batches). */
export function emptyArrowColumn({ Type }: typeof Arrow, name: string, type: DataType): ColumnData {
  switch (type.typeId) {
    case Type.Float:
      return new Float64Array(0);
    case Type.Int:
      return fitsInt32(type) ? new Int32Array(0) : new Float64Array(0);
    case Type.Bool:
      return new Uint8Array(0);
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Dictionary:
      return [];
    default:
      throw unsupported(name, type, 'schema');
  }
}

function fitsInt32(type: DataType): boolean {
  const { bitWidth, isSigned } = type as unknown as { bitWidth: number; isSigned: boolean };
  return bitWidth < 32 || (bitWidth === 32 && isSigned);
}

/** Zero-copy when the storage already is the target array and nothing is null; else one pass that turns nulls into NaN. */
function numbers(arrow: typeof Arrow, data: Data, target: 'float64' | 'int32'): Float64Array | Int32Array {
  const values = data.values as ArrayLike<number | bigint>;
  const direct = target === 'float64' ? values instanceof Float64Array : values instanceof Int32Array;
  // IPC pads buffers to 8 bytes, so the storage may run past the column's last value.
  if (direct && data.nullCount === 0) return (values as Float64Array | Int32Array).subarray(0, data.length);
  const typeId = (data.type as DataType).typeId;
  const halfFloat = typeId === arrow.Type.Float && (data.type as unknown as { precision: number }).precision === 0;
  const read = halfFloat ? vectorReader(arrow, data) : (i: number) => Number(values[i]);
  if (data.nullCount === 0 && target === 'int32') return Int32Array.from({ length: data.length }, (_, i) => read(i));
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = isValid(data, i) ? read(i) : NaN;
  return out;
}

function vectorReader(arrow: typeof Arrow, data: Data): (i: number) => number {
  const vector = arrow.makeVector(data);
  return (i) => vector.get(i) as number;
}

function bits(data: Data): Uint8Array {
  const packed = data.values as Uint8Array;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const bit = data.offset + i;
    out[i] = (packed[bit >> 3]! >> (bit & 7)) & 1;
  }
  return out;
}

function strings(arrow: typeof Arrow, data: Data, text: (value: unknown) => string): (string | null)[] {
  const vector = arrow.makeVector(data);
  return Array.from({ length: data.length }, (_, i) => (isValid(data, i) ? text(vector.get(i)) : null));
}

/** Each dictionary entry is decoded once; rows share its string. A key outside the dictionary is refused. */
function dictionaryStrings(arrow: typeof Arrow, name: string, data: Data, where: string): (string | null)[] {
  const { Type } = arrow;
  const dictionary = data.dictionary;
  const valueType = dictionary?.type as DataType | undefined;
  if (!dictionary || (valueType?.typeId !== Type.Utf8 && valueType?.typeId !== Type.LargeUtf8)) throw unsupported(name, data.type as DataType, where);
  for (const chunk of dictionary.data) checkBounds(arrow, name, chunk, `${where}, its dictionary`);
  const words = Array.from({ length: dictionary.length }, (_, k) => dictionary.get(k) as string | null);
  const keys = data.values as ArrayLike<number | bigint>;
  return Array.from({ length: data.length }, (_, i) => {
    if (!isValid(data, i)) return null;
    const word = words[Number(keys[i])];
    if (word === undefined) throw new ArrowIpcError(`readArrow: ${where}, column '${name}': row ${i} has dictionary key ${keys[i]}, beyond the dictionary's ${words.length} entries`);
    return word;
  });
}

function isValid(data: Data, i: number): boolean {
  if (data.nullCount === 0 || !data.nullBitmap || data.nullBitmap.length === 0) return true;
  const bit = data.offset + i;
  return ((data.nullBitmap[bit >> 3]! >> (bit & 7)) & 1) === 1;
}

function unsupported(name: string, type: DataType, where: string): ArrowIpcError {
  return new ArrowIpcError(`readArrow: column '${name}' has Arrow type ${String(type)}; Quiver reads float, int, bool, utf8 and dictionary-encoded utf8 columns (${where})`);
}

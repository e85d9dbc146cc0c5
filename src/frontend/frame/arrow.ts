import { DTypeError } from '../../graph/errors.js';
import { asarray } from '../creation.js';
import { encodeStrings, type Column } from './column.js';

/**
 * The parts of an apache-arrow Table that fromArrow reads, typed structurally so the
 * core does not import apache-arrow: type ids are the Arrow columnar spec's
 * (Schema.fbs: Int 2, FloatingPoint 3, Utf8 5, Bool 6, LargeUtf8 20; dictionaries -1 in arrow-js).
 */
interface ArrowType {
  readonly typeId: number;
  readonly bitWidth?: number;
  readonly isSigned?: boolean;
  readonly precision?: number;
  readonly dictionary?: ArrowType;
}
interface ArrowData {
  readonly values: ArrayLike<number> & ArrayBufferView;
  readonly offset: number;
  readonly length: number;
  readonly nullCount: number;
  readonly dictionary?: ArrowVector;
}
interface ArrowVector extends Iterable<unknown> {
  readonly type: ArrowType;
  readonly length: number;
  readonly nullCount: number;
  readonly data: readonly ArrowData[];
  toArray(): ArrayLike<unknown>;
}
export interface ArrowTableLike {
  readonly schema: { readonly fields: readonly { readonly name: string }[] };
  getChildAt(i: number): ArrowVector | null;
}

const TYPE = { int: 2, float: 3, utf8: 5, bool: 6, largeUtf8: 20, dictionary: -1 } as const;

/** A TypedArray Quiver stores without copying, for an Arrow numeric type. */
function storedNumbers(t: ArrowType): boolean {
  if (t.typeId === TYPE.float) return t.precision === 1 || t.precision === 2;
  return t.typeId === TYPE.int && t.bitWidth === 32;
}

/** Numbers with nulls (or in a width Quiver does not store) as float64, null as NaN. */
function numbersWithNulls(v: ArrowVector): Float64Array {
  const out = new Float64Array(v.length);
  let i = 0;
  for (const x of v) out[i++] = x === null ? NaN : Number(x);
  return out;
}

/** One Arrow column as a Frame column; single-chunk numeric columns without nulls are zero-copy. */
export function fromArrowVector(name: string, v: ArrowVector): Column {
  const t = v.type;
  if (t.typeId === TYPE.dictionary && v.data.length === 1 && v.data[0]!.dictionary) return dictionaryColumn(v, v.data[0]!);
  if (t.typeId === TYPE.dictionary || t.typeId === TYPE.utf8 || t.typeId === TYPE.largeUtf8) return encodeStrings([...v].map((s) => (s === null ? null : String(s))));
  if (t.typeId === TYPE.bool) return { kind: 'number', values: asarray(Uint8Array.from(v, (x) => (x ? 1 : 0)), 'bool') };
  if (t.typeId === TYPE.int || t.typeId === TYPE.float) {
    if (v.nullCount === 0 && v.data.length === 1 && storedNumbers(t)) {
      const d = v.data[0]!;
      const typed = (d.values as unknown as Float64Array).subarray(d.offset, d.offset + d.length);
      return { kind: 'number', values: t.typeId === TYPE.int && t.isSigned === false ? asarray(new Uint32Array(typed.buffer, typed.byteOffset, typed.length)) : asarray(typed) };
    }
    return { kind: 'number', values: asarray(numbersWithNulls(v)) };
  }
  throw new DTypeError(`fromArrow: column '${name}' has Arrow type ${String(t)}, which a Frame does not hold (numbers, bool, strings, dictionaries)`);
}

/** A one-chunk dictionary column keeps its codes (zero-copy for int32 codes without nulls) and its dictionary. */
function dictionaryColumn(v: ArrowVector, d: ArrowData): Column {
  const dictionary = [...d.dictionary!].map((s) => String(s));
  const raw = d.values;
  if (v.nullCount === 0 && raw instanceof Int32Array) return { kind: 'string', codes: asarray(raw.subarray(d.offset, d.offset + d.length)), dictionary };
  const codes = new Int32Array(v.length);
  let i = 0;
  for (const s of v) {
    codes[i] = s === null ? -1 : Number(raw[d.offset + i]);
    i++;
  }
  return { kind: 'string', codes: asarray(codes), dictionary };
}

export function fromArrowTable(table: ArrowTableLike): Map<string, Column> {
  return new Map(table.schema.fields.map((f, i) => [f.name, fromArrowVector(f.name, table.getChildAt(i)!)]));
}

import { ValueError } from '../../graph/errors.js';
import { convertColumns, inferColumn, type ColumnData, type ColumnType } from './csv-columns.js';
import { fieldText, StringInterner } from './csv-text.js';
import { CsvTokenizer, FieldTable, QUOTE } from './csv-tokenizer.js';

export interface CsvParserOptions {
  /** One ASCII character; ',' by default. */
  delimiter?: string;
  /** Whether the first row names the columns (true by default); without one they are '0', '1', …. */
  header?: boolean;
  /** Types for some or all columns; the rest are inferred from the first block. */
  schema?: Record<string, ColumnType>;
}

/** What one block gave: its data rows as columns, and how many bytes of the block they used. */
export interface ParsedBlock {
  readonly rows: number;
  readonly columns: Map<string, ColumnData>;
  readonly consumed: number;
}

const TYPES: readonly ColumnType[] = ['float64', 'int32', 'bool', 'string'];
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Turns successive blocks of CSV bytes into columns. The first block with a data row
 * fixes the column names (from the header) and types (from the schema, else inferred
 * from that block); later blocks are read as those types, and a value that does not fit
 * is a CsvError. State between blocks is only the source line and that schema.
 */
export class CsvBlockParser {
  private readonly tokenizer: CsvTokenizer;
  private readonly header: boolean;
  private readonly schema: Record<string, ColumnType>;
  private names: string[] | undefined;
  private types: ColumnType[] = [];
  private strings: StringInterner[] = [];
  private line = 1;

  constructor(options: CsvParserOptions) {
    this.tokenizer = new CsvTokenizer(delimiterByte(options.delimiter ?? ','), new FieldTable());
    this.header = options.header ?? true;
    this.schema = checkedSchema(options.schema ?? {});
  }

  /**
   * Parses the complete rows of buf[0, end). Until the source is `final`, a block must
   * hold at least one complete data row (inference needs one, and a row longer than the
   * block has to wait for more bytes): otherwise it answers undefined and takes nothing.
   */
  parse(buf: Uint8Array, end: number, final: boolean): ParsedBlock | undefined {
    const first = this.names === undefined;
    const start = first ? bomLength(buf, end) : 0;
    if (start < 0 && !final) return undefined;
    const consumed = this.tokenizer.run(buf, Math.max(start, 0), end, final, this.line);
    const table = this.tokenizer.table;
    const from = first && this.header ? 1 : 0;
    if (table.rows <= from && !final) return undefined;
    if (first) this.fixNames(buf);
    this.line = this.tokenizer.line;
    return { rows: Math.max(table.rows - from, 0), columns: this.columns(buf, from, first), consumed };
  }

  private fixNames(buf: Uint8Array): void {
    const { table } = this.tokenizer;
    const width = table.rows > 0 ? table.width : 0;
    const raw = Array.from({ length: width }, (_, c) => (this.header ? fieldText(buf, table.starts[c]!, table.ends[c]!, table.raw[c]!) : String(c)));
    this.names = uniqueNames(raw);
    const unknown = Object.keys(this.schema).filter((name) => !this.names!.includes(name));
    if (unknown.length > 0) throw new ValueError(`readCsv: schema names ${unknown.map((n) => `'${n}'`).join(', ')}, not among the columns (${this.names.join(', ')})`);
    this.strings = this.names.map(() => new StringInterner());
  }

  /**
   * The block's columns. On the first block a column without a schema type is inferred
   * (which reads it); every other column is read as its fixed type.
   */
  private columns(buf: Uint8Array, from: number, first: boolean): Map<string, ColumnData> {
    const block = { buf, table: this.tokenizer.table, from };
    const names = this.names!;
    const rows = block.table.rows - from;
    const data: (ColumnData | undefined)[] = names.map(() => undefined);
    if (first) {
      names.forEach((name, c) => {
        const given = ownType(this.schema, name);
        if (given !== undefined || rows === 0) {
          this.types[c] = given ?? 'string';
          return;
        }
        const inferred = inferColumn(block, c, this.strings[c]!);
        this.types[c] = inferred.type;
        data[c] = inferred.data;
      });
    }
    const pending = names.flatMap((_, c) => (data[c] === undefined ? [{ index: c, type: this.types[c]!, strings: this.strings[c]! }] : []));
    const read = convertColumns(block, pending, (c) => this.label(c));
    pending.forEach(({ index }, k) => (data[index] = read[k]));
    return new Map(names.map((name, c) => [name, data[c]!]));
  }

  private label(column: number): string {
    const name = this.names![column]!;
    return ownType(this.schema, name) === undefined ? `column '${name}', whose type was inferred from the first block; pass a schema to override` : `column '${name}'`;
  }
}

function ownType(schema: Record<string, ColumnType>, name: string): ColumnType | undefined {
  return Object.hasOwn(schema, name) ? schema[name] : undefined;
}

/** 3 for a UTF-8 byte-order mark, 0 for none, -1 when the bytes so far are a prefix of one. */
function bomLength(buf: Uint8Array, end: number): number {
  for (let i = 0; i < BOM.length; i++) {
    if (i === end) return i === 0 ? 0 : -1;
    if (buf[i] !== BOM[i]) return 0;
  }
  return BOM.length;
}

function delimiterByte(delimiter: string): number {
  const code = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || code >= 0x80 || code === QUOTE || code === 0x0a || code === 0x0d) {
    throw new ValueError(`readCsv: delimiter must be one ASCII character other than a quote or newline, got ${JSON.stringify(delimiter)}`);
  }
  return code;
}

function checkedSchema(schema: Record<string, ColumnType>): Record<string, ColumnType> {
  for (const [name, type] of Object.entries(schema)) {
    if (!TYPES.includes(type)) throw new ValueError(`readCsv: schema gives column '${name}' the type ${JSON.stringify(type)}; types are ${TYPES.join(', ')}`);
  }
  return schema;
}

/** pandas' names for headers: an empty one becomes 'Unnamed: i', a repeated one 'a.1', 'a.2', …. */
function uniqueNames(raw: string[]): string[] {
  const seen = new Set<string>();
  return raw.map((name, i) => {
    let unique = name === '' ? `Unnamed: ${i}` : name;
    for (let k = 1; seen.has(unique); k++) unique = `${name}.${k}`;
    seen.add(unique);
    return unique;
  });
}

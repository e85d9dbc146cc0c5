import { ValueError } from '../graph/errors.js';
import type { BlockResult } from './csv-blocks.js';
import { fieldError, fillColumns, inferType, INFERENCE_ORDER, type ColumnData, type ColumnType, type FieldBlock, type ReadType } from './csv-columns.js';
import { ColumnOutput } from './csv-output.js';
import { fieldText, StringCodes } from './csv-text.js';
import { CsvTokenizer, FieldTable, QUOTE } from './csv-tokenizer.js';
import { csvWasm, type CsvWasm, type WasmWindow } from './csv-wasm.js';

export interface CsvParserOptions {
  /** One ASCII character; ',' by default. */
  delimiter?: string;
  /** Whether the first row names the columns (true by default); without one they are '0', '1', …. */
  header?: boolean;
  /** Types for some or all columns; the rest are inferred from the first block. */
  schema?: Record<string, ColumnType>;
  /**
   * The columns to read, by name, as pandas' `usecols`: the others are split but never
   * typed or kept, and the batches hold these in the source's order. A name the source
   * lacks is an error.
   */
  usecols?: readonly string[];
  /**
   * Who reads quote-free windows of typed columns: 'wasm' (the default, where the wasm
   * reader has loaded: wasm/src/csv.rs) or 'js'. Both give the same columns and errors.
   */
  engine?: 'wasm' | 'js';
}

/** What one block gave: its data rows as columns, and how many bytes of the block they used. */
export interface ParsedBlock {
  readonly rows: number;
  readonly columns: Map<string, ColumnData>;
  readonly consumed: number;
}

const TYPES: readonly ColumnType[] = ['float64', 'int32', 'bool', 'string'];
const BOM = [0xef, 0xbb, 0xbf];

// Blocks are tokenized and read 1 MiB at a time, so the field table (about 9 bytes per
// field) and the window's bytes stay in cache while every column reads them; a whole
// 64 MB block's table is ~100 MB and every column pass then streams it from memory.
// Streaming 64 MB blocks is faster in 1 MiB windows than parsing whole blocks, side by
// side (bench/csv.bench.ts); 256 KiB, 1 MiB and 4 MiB windows are within the machine's
// noise of each other.
const WINDOW = 1 << 20;

/** The parse of a first block restarts when a later window shows an inferred type too narrow. */
const RESTART = Symbol('restart');

/** What the parser knows between blocks; restored when a block is not taken. */
interface Fixed {
  names: string[] | undefined;
  types: (ReadType | undefined)[];
  line: number;
}

/** The columns a source's first block fixed: what a parser on another thread reads later blocks as. */
export interface FixedColumns {
  readonly names: readonly string[];
  readonly types: readonly ReadType[];
}

/**
 * Turns successive blocks of CSV bytes into columns. The first block with a data row
 * fixes the column names (from the header) and types (from the schema, else inferred
 * from that block); later blocks are read as those types, and a value that does not fit
 * is a CsvError. State between blocks is only the source line and that schema.
 *
 * A block is tokenized and read in windows of about `window` bytes (a row longer than a
 * window gets a wider one). Inference in the first block starts from its first window's
 * data; a later window that does not fit a column's type raises the least type that
 * column may take and the block is read again, so the type is the narrowest that fits
 * the whole block, as if it had been inferred at once.
 *
 * Columns outside `usecols`, and with `project` those it does not name, are skipped
 * (their fields split, never read or typed) and left out of the blocks; `project` is a
 * scan's projection (frame/projection.ts), whose names the source may lack.
 */
export class CsvBlockParser {
  private readonly tokenizer: CsvTokenizer;
  private readonly delimiter: number;
  private readonly wasm: CsvWasm | undefined;
  private readonly header: boolean;
  private readonly schema: Record<string, ColumnType>;
  private readonly usecols: readonly string[] | undefined;
  /** The columns read, where not all are. */
  private readonly keep: ReadonlySet<string> | undefined;
  private fixed: Fixed = { names: undefined, types: [], line: 1 };
  private strings: StringCodes[] = [];
  /** The narrowest type each column may still be inferred as (raised by restarts). */
  private readonly least: ColumnType[] = [];

  constructor(
    options: CsvParserOptions,
    private readonly window = WINDOW,
    project?: readonly string[],
  ) {
    this.delimiter = delimiterByte(options.delimiter ?? ',');
    this.tokenizer = new CsvTokenizer(this.delimiter, new FieldTable());
    this.wasm = options.engine === 'js' ? undefined : csvWasm();
    this.header = options.header ?? true;
    this.schema = checkedSchema(options.schema ?? {});
    this.usecols = checkedUsecols(options.usecols);
    const wanted = this.usecols && project ? this.usecols.filter((name) => project.includes(name)) : (this.usecols ?? project);
    this.keep = wanted && new Set(wanted);
  }

  /** A parser for blocks after the first, whose columns are already fixed; its lines count from 1. */
  static continuing(options: CsvParserOptions, columns: FixedColumns): CsvBlockParser {
    const parser = new CsvBlockParser(options);
    parser.fixed = { names: [...columns.names], types: [...columns.types], line: 1 };
    parser.strings = columns.names.map(() => new StringCodes());
    // The first row it sees may be read from a wrong start (csv-blocks.ts), so it must not set the width.
    parser.tokenizer.table.width = columns.names.length;
    return parser;
  }

  /** The columns fixed by the first block with data; undefined until then. */
  get columns(): FixedColumns | undefined {
    const { names, types } = this.fixed;
    return names && types.length === names.length ? { names, types: types as ReadType[] } : undefined;
  }

  /** The source line the next block starts on. */
  get line(): number {
    return this.fixed.line;
  }

  /** Parses a block after the first apart from the ones before it, its lines counted from 1 (csv-blocks.ts). */
  parseApart(bytes: Uint8Array, final: boolean): BlockResult {
    this.fixed.line = 1;
    const parsed = this.parse(bytes, bytes.byteLength, final);
    if (!parsed) return { rows: 0, consumed: 0, lines: 0, columns: [] };
    return { rows: parsed.rows, consumed: parsed.consumed, lines: this.fixed.line - 1, columns: [...parsed.columns] };
  }

  /**
   * Parses the complete rows of buf[0, end). Until the source is `final`, a block must
   * hold at least one complete data row (inference needs one, and a row longer than the
   * block has to wait for more bytes): otherwise it answers undefined and takes nothing.
   */
  parse(buf: Uint8Array, end: number, final: boolean): ParsedBlock | undefined {
    const first = this.fixed.names === undefined;
    const start = first ? bomLength(buf, end) : 0;
    if (start < 0 && !final) return undefined;
    const before = this.fixed;
    for (;;) {
      this.fixed = { ...before, types: [...before.types] };
      const parsed = this.readBlock(buf, Math.max(start, 0), end, final, first);
      if (parsed === RESTART) continue;
      if (parsed === undefined) this.fixed = before;
      return parsed;
    }
  }

  /** Tokenizes and reads buf[start, end) window by window. */
  private readBlock(buf: Uint8Array, start: number, end: number, final: boolean, first: boolean): ParsedBlock | undefined | typeof RESTART {
    const table = this.tokenizer.table;
    let outputs: ColumnOutput[] | undefined;
    let rows = 0;
    let at = start;
    for (let size = this.window; at < end; ) {
      const stop = end - at <= size * 1.5 ? end : at + size;
      const last = stop === end;
      // Once every column's type is fixed, the wasm reads what it can; the rest is read here.
      if (this.wasm && (outputs !== undefined || !first)) {
        const estimate = (w: WasmWindow) => (w.rows / (w.consumed - at)) * (end - start);
        const read = this.wasm.read(buf, at, stop, final && last, this.delimiter, this.fixed.types as ReadType[], (w) => {
          outputs ??= this.outputs(first, estimate(w));
          outputs.forEach((o) => o.reserve(rows + w.rows));
          return outputs;
        }, this.strings, rows);
        if (read) {
          if (read.consumed === at && !last) {
            size *= 2;
            continue;
          }
          size = this.window;
          this.fixed.line += read.lines;
          rows += read.rows;
          if (read.consumed === at) break;
          at = read.consumed;
          continue;
        }
      }
      const consumed = this.tokenizer.run(buf, at, stop, final && last, this.fixed.line);
      if (consumed === at && !last) {
        size *= 2;
        continue;
      }
      size = this.window;
      this.fixed.line = this.tokenizer.line;
      let from = 0;
      if (this.fixed.names === undefined && table.rows > 0) {
        this.fixNames(buf);
        from = this.header ? 1 : 0;
      }
      if (table.rows > from) {
        const window: FieldBlock = { buf, table, from, at: rows };
        if (outputs === undefined) outputs = this.outputs(first, ((table.rows - from) / (consumed - at)) * (end - start), window);
        const added = table.rows - from;
        outputs.forEach((o) => o.reserve(rows + added));
        if (this.fill(window, outputs, first) === RESTART) return RESTART;
        rows += added;
      }
      if (consumed === at) break;
      at = consumed;
    }
    if (rows === 0 && !final) return undefined;
    if (this.fixed.names === undefined) this.fixNames(buf);
    const names = this.fixed.names!;
    this.fixed.types = names.map((name, c) => this.fixed.types[c] ?? ownType(this.schema, name) ?? 'string');
    outputs ??= this.fixed.types.map((type) => new ColumnOutput(type!, 0));
    const read = names.flatMap((name, c) => (outputs![c]!.type === 'skip' ? [] : [[name, outputs![c]!.finish(rows)] as const]));
    return { rows, columns: new Map(read), consumed: at };
  }

  /**
   * The block's outputs, sized for `estimate` rows. In the first block, columns without a
   * schema type are inferred from this (its first) window with data.
   */
  private outputs(first: boolean, estimate: number, window?: FieldBlock): ColumnOutput[] {
    const capacity = Math.ceil(estimate * 1.05) + 64;
    return this.fixed.names!.map((name, c) => {
      if (this.fixed.types[c] === 'skip') return new ColumnOutput('skip', 0);
      const given = ownType(this.schema, name);
      if (first && given === undefined) this.fixed.types[c] = inferType(window!, c, this.strings[c]!, this.least[c]);
      else this.fixed.types[c] ??= given;
      const type = this.fixed.types[c]!;
      return new ColumnOutput(type, capacity, type === 'string' ? this.strings[c]!.startBlock() : undefined);
    });
  }

  /** Reads one window into the outputs; a misfit is an error, or in the first block a restart with a wider inferred type. */
  private fill(window: FieldBlock, outputs: ColumnOutput[], first: boolean): typeof RESTART | undefined {
    const reads = outputs.map((o, c) => ({ index: c, type: o.type, strings: this.strings[c]!, out: o.data }));
    const misfit = fillColumns(window, reads);
    if (misfit === undefined) return undefined;
    const c = misfit.read;
    // A skipped column's fill never answers a misfit.
    const type = outputs[c]!.type as ColumnType;
    if (first && ownType(this.schema, this.fixed.names![c]!) === undefined) {
      this.least[c] = inferType(window, c, this.strings[c]!, INFERENCE_ORDER[INFERENCE_ORDER.indexOf(type) + 1]);
      return RESTART;
    }
    throw fieldError(window, c, misfit.row, type, this.label(c));
  }

  private fixNames(buf: Uint8Array): void {
    const { table } = this.tokenizer;
    const width = table.rows > 0 ? table.width : 0;
    const raw = Array.from({ length: width }, (_, c) => (this.header ? fieldText(buf, table.starts[c]!, table.ends[c]!, table.raw[c]!) : String(c)));
    const names = uniqueNames(raw);
    // A source without rows (empty, or a headerless partition of blank lines) has no columns for a schema or usecols to contradict.
    if (width > 0) {
      checkNamed('schema', Object.keys(this.schema), names);
      checkNamed('usecols', this.usecols ?? [], names);
    }
    this.fixed.names = names;
    names.forEach((name, c) => {
      if (this.keep && !this.keep.has(name)) this.fixed.types[c] = 'skip';
    });
    if (this.strings.length !== names.length) this.strings = names.map(() => new StringCodes());
  }

  private label(column: number): string {
    const name = this.fixed.names![column]!;
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

/** Refuses an option (schema, usecols) that names columns the source lacks, naming them and the columns it has. */
function checkNamed(option: string, named: readonly string[], names: readonly string[]): void {
  const unknown = named.filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new ValueError(`readCsv: ${option} names ${unknown.map((n) => `'${n}'`).join(', ')}, not among the columns (${names.join(', ')})`);
}

function checkedUsecols(usecols: unknown): readonly string[] | undefined {
  if (usecols === undefined) return undefined;
  if (!Array.isArray(usecols) || !usecols.every((name) => typeof name === 'string')) {
    throw new ValueError(`readCsv: usecols must be a list of column names, got ${JSON.stringify(usecols)}`);
  }
  return usecols;
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

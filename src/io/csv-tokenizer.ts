import { CsvError } from './errors.js';
import { fieldText } from './csv-text.js';

export const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Where each field of a block's complete rows lies in the block's bytes, row-major
 * (field c of row r is entry r * width + c). A field is [start, end) of plain text, or,
 * when `raw` is 1, the text still wrapped in its quotes (it held `""` escapes or text
 * after the closing quote) and must be unquoted before use. Arrays are reused across
 * blocks and grow by doubling.
 */
export class FieldTable {
  starts: Int32Array = new Int32Array(4096);
  ends: Int32Array = new Int32Array(4096);
  raw: Uint8Array = new Uint8Array(4096);
  /** The 1-based source line each row starts on, for error messages. */
  rowLines: Int32Array = new Int32Array(1024);
  count = 0;
  rows = 0;
  /** Fields per row, set by the first row of the source. */
  width = 0;

  push(start: number, end: number, raw: number): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.raw[this.count++] = raw;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    this.starts = resized(this.starts, size);
    this.ends = resized(this.ends, size);
    const raw = new Uint8Array(size);
    raw.set(this.raw);
    this.raw = raw;
  }

  markRow(line: number): void {
    if (this.rows === this.rowLines.length) this.rowLines = resized(this.rowLines, this.rows * 2);
    this.rowLines[this.rows++] = line;
  }
}

function resized(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** How a field ended: at a delimiter (more fields follow), at the end of its row, or at the end of the bytes so far. */
const DELIMITER = 0;
const ROW_END = 1;
const INCOMPLETE = 2;
type FieldEnd = typeof DELIMITER | typeof ROW_END | typeof INCOMPLETE;

/**
 * Splits bytes into rows and fields (RFC 4180 plus what pandas accepts): rows end at LF,
 * an LF's preceding CR is dropped (a lone CR is data, not a row end), a field that starts with `"` is quoted and may hold
 * delimiters, newlines and `""` escapes, text after a closing quote is kept (as pandas
 * does), and blank lines are skipped. Only complete rows are taken: a block that ends
 * inside a row, a quote, a `""` or a CRLF leaves that row for the next block.
 */
export class CsvTokenizer {
  private buf: Uint8Array = new Uint8Array(0);
  private end = 0;
  private final = false;
  private pos = 0;
  /** Index in the table of the current row's first field. */
  private rowMark = 0;
  /** The source line at `pos`. */
  line = 1;

  constructor(
    private readonly delimiter: number,
    readonly table: FieldTable,
  ) {}

  /**
   * Tokenizes the complete rows of buf[start, end) starting at `line`; returns the offset
   * just past the last complete row. Bytes at and past `end` are stale (the buffer is
   * reused) and never read.
   */
  run(buf: Uint8Array, start: number, end: number, final: boolean, line: number): number {
    this.buf = buf;
    this.end = end;
    this.final = final;
    this.pos = start;
    this.line = line;
    const table = this.table;
    table.count = 0;
    table.rows = 0;
    let consumed = start;
    while (this.pos < end) {
      const rowStart = this.pos;
      const rowLine = this.line;
      const mark = table.count;
      this.rowMark = mark;
      if (!this.row()) {
        table.count = mark;
        this.line = rowLine;
        break;
      }
      consumed = this.pos;
      this.checkRow(rowStart, rowLine, mark);
    }
    return consumed;
  }

  /**
   * Reads one row's fields; false when the row is not complete yet. Unquoted fields
   * followed by a delimiter, the bulk of most files, are scanned here in one tight loop
   * (faster than a call per field; bench/csv.bench.ts); the rest go to plain() and quoted().
   */
  private row(): boolean {
    const { buf, end, delimiter, table } = this;
    let p = this.pos;
    for (;;) {
      if (p < end && buf[p] === QUOTE) {
        this.pos = p;
        const ended = this.quoted();
        if (ended !== DELIMITER) return ended === ROW_END;
        p = this.pos;
        continue;
      }
      const start = p;
      while (p < end) {
        const b = buf[p]!;
        if (b === delimiter) break;
        if (b === LF) return this.plain(start, p, 0) === ROW_END;
        p++;
      }
      if (p === end) return this.plain(start, p, 0) === ROW_END;
      table.push(start, p++, 0);
    }
  }

  /** Skips blank lines, takes the first row's width, and rejects rows of any other width. */
  private checkRow(rowStart: number, rowLine: number, mark: number): void {
    const table = this.table;
    const fields = table.count - mark;
    const blank = fields === 1 && table.starts[mark] === table.ends[mark] && this.buf[rowStart] !== QUOTE;
    if (blank) {
      table.count = mark;
      return;
    }
    if (table.width === 0) table.width = fields;
    if (fields !== table.width) {
      const column = Math.min(fields, table.width) + 1;
      const text = fieldText(this.buf, rowStart, this.pos, 0).replace(/\r?\n$/, '');
      throw new CsvError(rowLine, column, text, `expected ${table.width} fields, saw ${fields}`);
    }
    table.markRow(rowLine);
  }

  /**
   * An unquoted field starting at `start`, scanned from `from` to the next delimiter or
   * LF; or the tail of a quoted one (`raw` 1, `start` then its opening quote).
   */
  private plain(start: number, from: number, raw: number): FieldEnd {
    const { buf, end, delimiter } = this;
    let p = from;
    while (p < end) {
      const b = buf[p]!;
      if (b === delimiter || b === LF) break;
      p++;
    }
    if (p === end && !this.final) return INCOMPLETE;
    const atRowEnd = p === end || buf[p] === LF;
    this.table.push(start, atRowEnd && p > start && buf[p - 1] === CR ? p - 1 : p, raw);
    if (!atRowEnd) {
      this.pos = p + 1;
      return DELIMITER;
    }
    if (p === end) {
      this.pos = end;
      return ROW_END;
    }
    this.pos = p + 1;
    this.line++;
    return ROW_END;
  }

  /** A field that opens with a quote: finds the closing quote, past `""` escapes and newlines. */
  private quoted(): FieldEnd {
    const { buf, end } = this;
    const open = this.pos;
    let p = open + 1;
    let escaped = 0;
    let newlines = 0;
    for (;;) {
      if (p >= end) return this.final ? this.unterminated(open) : INCOMPLETE;
      const b = buf[p];
      if (b === QUOTE) {
        if (p + 1 >= end) {
          if (!this.final) return INCOMPLETE;
          break;
        }
        if (buf[p + 1] !== QUOTE) break;
        escaped = 1;
        p += 2;
        continue;
      }
      if (b === LF) newlines++;
      p++;
    }
    this.line += newlines;
    return this.afterClosingQuote(open, p, escaped);
  }

  /** What follows a closing quote decides the field's end: a delimiter, a row end, or more text (kept, raw). */
  private afterClosingQuote(open: number, close: number, escaped: number): FieldEnd {
    const { buf, end } = this;
    const next = close + 1;
    if (next >= end) return this.final ? this.closeQuoted(open, close, escaped, end, ROW_END) : INCOMPLETE;
    const b = buf[next];
    if (b === this.delimiter) return this.closeQuoted(open, close, escaped, next + 1, DELIMITER);
    if (b === LF) return this.closeQuoted(open, close, escaped, next + 1, ROW_END);
    if (b === CR && next + 1 < end && buf[next + 1] === LF) return this.closeQuoted(open, close, escaped, next + 2, ROW_END);
    if (b === CR && next + 1 === end && this.final) return this.closeQuoted(open, close, escaped, end, ROW_END);
    return this.plain(open, next, 1);
  }

  /** Records a quoted field: without escapes its inside, with them the whole quoted text (raw); moves on to `pos`. */
  private closeQuoted(open: number, close: number, escaped: number, pos: number, ended: FieldEnd): FieldEnd {
    this.table.push(escaped ? open : open + 1, escaped ? close + 1 : close, escaped);
    this.pos = pos;
    if (this.buf[pos - 1] === LF) this.line++;
    return ended;
  }

  private unterminated(open: number): never {
    const column = this.table.count - this.rowMark + 1;
    throw new CsvError(this.line, column, fieldText(this.buf, open, this.end, 0), 'unterminated quote');
  }
}

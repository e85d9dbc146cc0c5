import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError } from '../../src/io/index.js';
import { CsvBlockParser } from '../../src/io/csv-parser.js';
import { plain, typeOf } from './collect.js';
import { csvTable, writeCsv, type CsvTable } from './csv-table.js';
import { expectedType, expectedValue } from './csv-oracle.js';

/**
 * The parser reads a block in windows of about 1 MB; these tests shrink the window to a
 * few bytes so that every quote, `""` escape, CRLF, missing value and row end lands on a
 * window edge somewhere.
 */
const bytesOf = (text: string) => new TextEncoder().encode(text);
const column = (t: CsvTable, c: number) => t.cells.map((row) => row[c]!);

function parseInWindows(text: string, window: number, options: ConstructorParameters<typeof CsvBlockParser>[0] = {}) {
  const bytes = bytesOf(text);
  return new CsvBlockParser(options, window).parse(bytes, bytes.byteLength, true)!;
}

describe('a block read in small windows gives the columns of one read at once', () => {
  it('reads every table back, inferring each type from the whole block, for windows of 1 to 40 bytes', () => {
    fc.assert(
      fc.property(csvTable({ withMissing: true }), fc.integer({ min: 1, max: 40 }), (table, window) => {
        const parsed = parseInWindows(writeCsv(table), window, { delimiter: table.delimiter });
        expect(parsed.rows).toBe(table.cells.length);
        table.names.forEach((name, c) => {
          const type = expectedType(column(table, c));
          expect(typeOf(parsed.columns.get(name)!), name).toBe(type);
          expect(plain(parsed.columns.get(name)!), name).toEqual(column(table, c).map((text) => expectedValue(type, text)));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a quoted field with a newline, a "" escape and a CRLF whole when a window edge falls inside it', () => {
    const text = 'a,b\r\n1,"x\r\ny ""q"""\r\n2,"p,q"\r\n3,NA\r\n';
    for (let window = 1; window <= text.length; window++) {
      const { columns } = parseInWindows(text, window);
      expect(plain(columns.get('a')!), `window ${window}`).toEqual([1, 2, 3]);
      expect(plain(columns.get('b')!), `window ${window}`).toEqual(['x\r\ny "q"', 'p,q', null]);
    }
  });

  it('widens a type inferred from the first window when a later window of the first block needs it', () => {
    const ints = Array.from({ length: 50 }, (_, i) => `${i},k${i}`).join('\n');
    const widened = parseInWindows(`n,s\n${ints}\n2.5,z\n`, 16);
    expect(typeOf(widened.columns.get('n')!)).toBe('float64');
    expect(plain(widened.columns.get('n')!).at(-1)).toBe(2.5);
    const mixed = parseInWindows(`n\n${Array.from({ length: 30 }, (_, i) => i).join('\n')}\ntrue\nNA\n`, 8);
    expect(typeOf(mixed.columns.get('n')!)).toBe('string');
    expect(plain(mixed.columns.get('n')!).slice(-3)).toEqual(['29', 'true', null]);
  });

  it('names the line and column of a malformed field in a later window', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i * 2}`);
    rows[30] = '30,x';
    const read = () => parseInWindows(`a,b\n${rows.join('\n')}\n`, 10, { schema: { b: 'int32' } });
    expect(read).toThrow(CsvError);
    expect(read).toThrow(`csv: line 32, column 2: does not parse as int32 (column 'b') ("x")`);
    rows[30] = '30';
    expect(() => parseInWindows(`a,b\n${rows.join('\n')}\n`, 10)).toThrow('csv: line 32, column 2: expected 2 fields, saw 1 ("30")');
  });

  it('gives a row longer than the window a wider one', () => {
    const long = 'v'.repeat(500);
    const { columns } = parseInWindows(`a,b\n1,${long}\n2,"${long}\n${long}"\n`, 8);
    expect(plain(columns.get('b')!)).toEqual([long, `${long}\n${long}`]);
  });
});

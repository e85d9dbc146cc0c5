import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, readCsvBatches } from '../../src/io/index.js';
import { ValueError } from '../../src/graph/errors.js';
import { chunked, collect } from './collect.js';

function csvError(run: () => unknown): CsvError {
  try {
    run();
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error('expected a CsvError');
}

describe('malformed CSV is refused with the line, the column and the offending text', () => {
  it('names a row with too few fields', () => {
    const error = csvError(() => parseCsv('a,b,c\n1,2,3\n4,5\n'));
    expect(error.message).toBe('csv: line 3, column 3: expected 3 fields, saw 2 ("4,5")');
    expect([error.line, error.column, error.text]).toEqual([3, 3, '4,5']);
  });

  it('names a row with too many fields at the first extra one', () => {
    expect(() => parseCsv('a,b\r\n1,2\r\n3,4,5\r\n')).toThrow('csv: line 3, column 3: expected 2 fields, saw 3 ("3,4,5")');
  });

  it('counts lines inside quoted fields and skipped blank lines', () => {
    expect(() => parseCsv('a,b\n"x\ny",1\n\n2\n')).toThrow('csv: line 5, column 2: expected 2 fields, saw 1 ("2")');
  });

  it('names an unterminated quote by the line and column where it opens', () => {
    expect(() => parseCsv('a,b\n1,2\n3,"open\nstill open')).toThrow('csv: line 3, column 2: unterminated quote ("\\"open\\nstill open")');
  });

  it('names a value that does not parse as its schema type', () => {
    expect(() => parseCsv('a,b\n1,2\n3,x4\n', { schema: { b: 'int32' } })).toThrow(`csv: line 3, column 2: does not parse as int32 (column 'b') ("x4")`);
    expect(() => parseCsv('a\n1.5\n', { schema: { a: 'int32' } })).toThrow(`csv: line 2, column 1: does not parse as int32 (column 'a') ("1.5")`);
    expect(() => parseCsv('a,f\n1,yes\n', { schema: { f: 'bool' } })).toThrow(`csv: line 2, column 2: does not parse as bool (column 'f') ("yes")`);
    expect(() => parseCsv('a\n1\n1e400x\n', { schema: { a: 'float64' } })).toThrow(`does not parse as float64 (column 'a') ("1e400x")`);
  });

  it('refuses a missing value in an int32 or bool column', () => {
    expect(() => parseCsv('a\n1\nNA\n', { schema: { a: 'int32' } })).toThrow(`csv: line 3, column 1: missing value in column 'a'; int32 columns cannot hold one ("NA")`);
    expect(() => parseCsv('a,b\ntrue,1\n,2\n', { schema: { a: 'bool' } })).toThrow(`csv: line 3, column 1: missing value in column 'a'; bool columns cannot hold one ("")`);
  });

  it('refuses a later block value that does not fit the type inferred from the first block, and says how to fix it', async () => {
    const bytes = new TextEncoder().encode('n,s\n1,a\n2,b\n3,c\n4.5,d\n');
    const read = collect(readCsvBatches(chunked(bytes, [5]), { blockSize: 8 }));
    await expect(read).rejects.toThrow(`csv: line 5, column 1: does not parse as int32 (column 'n', whose type was inferred from the first block; pass a schema to override) ("4.5")`);
  });

  it('quotes at most 60 characters of a long offending text', () => {
    const long = 'x'.repeat(100);
    expect(() => parseCsv(`a\n${long}\n`, { schema: { a: 'float64' } })).toThrow(`("${'x'.repeat(60)}…")`);
  });
});

describe('bad options are refused before reading', () => {
  it('refuses a schema naming a column the header lacks', () => {
    expect(() => parseCsv('a,b\n1,2\n', { schema: { c: 'int32' } })).toThrow(new ValueError(`readCsv: schema names 'c', not among the columns (a, b)`));
  });

  it('refuses an unknown schema type, a multi-character delimiter and an unreadable block size', async () => {
    expect(() => parseCsv('a\n1\n', { schema: { a: 'int64' as 'int32' } })).toThrow(`readCsv: schema gives column 'a' the type "int64"; types are float64, int32, bool, string`);
    expect(() => parseCsv('a\n1\n', { delimiter: '::' })).toThrow('readCsv: delimiter must be one ASCII character other than a quote or newline, got "::"');
    await expect(collect(readCsvBatches(new Uint8Array(0), { blockSize: '64 parsecs' }))).rejects.toThrow('blockSize: cannot read "64 parsecs" (write e.g. 64MB, 512KiB or 1048576)');
  });
});

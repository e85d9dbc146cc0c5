import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvBatches } from '../../src/io/index.js';
import { chunked, collect, plain, typeOf } from './collect.js';
import { csvTable, writeCsv, type CsvTable } from './csv-table.js';
import { expectedType, expectedValue } from './csv-oracle.js';

const chunkSizes = fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 6 });
const schemaOf = (t: CsvTable) => Object.fromEntries(t.names.map((n, c) => [n, t.kinds[c]!]));
const column = (t: CsvTable, c: number) => t.cells.map((row) => row[c]!);

describe('CSV written by a careful writer reads back to the same table', () => {
  it('reads every value back under a given schema, whatever the chunk and block sizes', async () => {
    await fc.assert(
      fc.asyncProperty(csvTable({ withMissing: true }), chunkSizes, fc.integer({ min: 1, max: 64 }), async (table, sizes, blockSize) => {
        const bytes = new TextEncoder().encode(writeCsv(table));
        const { batches, columns } = await collect(readCsvBatches(chunked(bytes, sizes), { delimiter: table.delimiter, schema: schemaOf(table), blockSize }));
        expect([...columns.keys()]).toEqual(table.names);
        table.names.forEach((name, c) => {
          expect(columns.get(name), name).toEqual(column(table, c).map((text) => expectedValue(table.kinds[c]!, text)));
        });
        expect(batches.reduce((n, b) => n + b.rows, 0)).toBe(table.cells.length);
        expect(batches.at(-1)!.bytes).toBe(bytes.byteLength);
      }),
      { numRuns: 300 },
    );
  });

  it('infers each column type from the first block as pandas would, and reads the values as that type', async () => {
    await fc.assert(
      fc.asyncProperty(csvTable({ withMissing: true }), chunkSizes, async (table, sizes) => {
        const bytes = new TextEncoder().encode(writeCsv(table));
        const { batches, columns } = await collect(readCsvBatches(chunked(bytes, sizes), { delimiter: table.delimiter }));
        const first = batches[0]!;
        table.names.forEach((name, c) => {
          const type = expectedType(column(table, c));
          expect(typeOf(first.columns.get(name)!), name).toBe(type);
          expect(columns.get(name), name).toEqual(column(table, c).map((text) => expectedValue(type, text)));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same columns from parseCsv on the whole text as from a stream of 1-byte chunks', async () => {
    await fc.assert(
      fc.asyncProperty(csvTable({ withMissing: true, maxRows: 8 }), async (table) => {
        const text = writeCsv(table);
        const whole = parseCsv(text, { delimiter: table.delimiter });
        const streamed = await collect(readCsvBatches(chunked(new TextEncoder().encode(text), [1]), { delimiter: table.delimiter }));
        expect(new Map([...whole.columns].map(([k, v]) => [k, plain(v)]))).toEqual(streamed.columns);
      }),
      { numRuns: 100 },
    );
  });
});

import fc from 'fast-check';

/**
 * Random tables and the CSV text a careful writer would make of them, for the round-trip
 * properties. Each cell is kept as the text written (unquoted) so a test can compute
 * what a reader must return with its own, independent rules.
 */
export type Kind = 'float64' | 'int32' | 'bool' | 'string';

export interface CsvTable {
  names: string[];
  kinds: Kind[];
  /** cells[row][column]: the field's text before quoting. */
  cells: string[][];
  delimiter: string;
  newline: '\n' | '\r\n';
  finalNewline: boolean;
  bom: boolean;
  /** Quote every field, not only those that need it. */
  quoteAll: boolean;
}

export const MISSING_MARKERS = ['', 'NA', 'NaN', 'null', 'N/A'];
const KINDS: Kind[] = ['float64', 'int32', 'bool', 'string'];

const missing = fc.constantFrom(...MISSING_MARKERS);
const floatText = fc.oneof(
  fc.double().map((v) => (Object.is(v, -0) ? '-0' : String(v))),
  fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 })).map(([v, k]) => v.toExponential(k)),
  fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 8 })).map(([v, k]) => v.toFixed(k)),
  fc.integer({ min: -99999, max: 99999 }).map((v) => (v / 100).toFixed(2)),
);

/** Cell texts for a column of each kind; `withMissing` lets float and string columns have missing markers. */
function cellText(kind: Kind, withMissing: boolean): fc.Arbitrary<string> {
  const values: { [K in Kind]: fc.Arbitrary<string> } = {
    float64: floatText,
    int32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map(String),
    bool: fc.constantFrom('true', 'false', 'True', 'False', 'TRUE', 'FALSE'),
    string: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom('a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', ' pad ', 'desk-1')),
  };
  const canMiss = withMissing && (kind === 'float64' || kind === 'string');
  return canMiss ? fc.oneof({ arbitrary: values[kind], weight: 4 }, { arbitrary: missing, weight: 1 }) : values[kind];
}

export function csvTable(options: { withMissing: boolean; maxRows?: number }): fc.Arbitrary<CsvTable> {
  return fc
    .record({
      kinds: fc.array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 5 }),
      rows: fc.integer({ min: 0, max: options.maxRows ?? 25 }),
      delimiter: fc.constantFrom(',', ';', '\t', '|'),
      newline: fc.constantFrom('\n' as const, '\r\n' as const),
      finalNewline: fc.boolean(),
      bom: fc.boolean(),
      quoteAll: fc.boolean(),
    })
    .chain(({ kinds, rows, ...format }) =>
      fc.record({
        names: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }).filter((n) => !/\.\d+$/.test(n) && !n.startsWith('\ufeff')), { minLength: kinds.length, maxLength: kinds.length }),
        cells: fc.array(fc.tuple(...kinds.map((k) => cellText(k, options.withMissing))), { minLength: rows, maxLength: rows }),
        kinds: fc.constant(kinds),
        ...Object.fromEntries(Object.entries(format).map(([k, v]) => [k, fc.constant(v)])),
      }) as fc.Arbitrary<CsvTable>,
    );
}

/** RFC 4180 writing: a field is quoted (with `""` escapes) when it holds a delimiter, quote, CR or LF, or when asked. */
export function writeCsv(table: CsvTable): string {
  const line = (fields: string[]) => fields.map((f) => quoted(f, table, fields.length)).join(table.delimiter);
  const lines = [line(table.names), ...table.cells.map(line)];
  return (table.bom ? '\ufeff' : '') + lines.join(table.newline) + (table.finalNewline ? table.newline : '');
}

function quoted(text: string, table: CsvTable, width: number): string {
  const needs = text.includes(table.delimiter) || /["\r\n]/.test(text) || (width === 1 && text === '');
  return needs || table.quoteAll ? `"${text.replaceAll('"', '""')}"` : text;
}

import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvBatches } from '../../src/io/index.js';
import { chunked, collect, plain } from './collect.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const columnsOf = (text: string, options = {}) => new Map([...parseCsv(text, options).columns].map(([k, v]) => [k, plain(v)]));

describe('the edges of a CSV file read as pandas reads them', () => {
  it('reads empty input as no rows and no columns, and streams it as no batches', async () => {
    expect(parseCsv('')).toEqual({ rows: 0, columns: new Map(), bytes: 0 });
    expect((await collect(readCsvBatches(new Uint8Array(0)))).batches).toEqual([]);
  });

  it('reads a header without rows as empty string columns, or the schema types', async () => {
    const noStrings = { codes: new Int32Array(0), dictionary: [] };
    expect(parseCsv('a,b\n').columns).toEqual(new Map([['a', noStrings], ['b', noStrings]]));
    expect(parseCsv('a,b', { schema: { a: 'float64' } }).columns).toEqual(new Map<string, unknown>([['a', new Float64Array(0)], ['b', noStrings]]));
    const { batches } = await collect(readCsvBatches(bytes('a,b\r\n'), { blockSize: 2 }));
    expect(batches).toEqual([{ rows: 0, columns: new Map([['a', noStrings], ['b', noStrings]]), bytes: 5 }]);
  });

  it('names columns 0, 1, … without a header, and reads the first row as data', () => {
    expect(columnsOf('1,x\n2,y', { header: false })).toEqual(new Map<string, unknown>([['0', [1, 2]], ['1', ['x', 'y']]]));
  });

  it('renames empty and repeated header names as pandas does', () => {
    expect([...parseCsv('a,,a,a\n1,2,3,4\n').columns.keys()]).toEqual(['a', 'Unnamed: 1', 'a.1', 'a.2']);
  });

  it('drops a UTF-8 byte-order mark, even one split across chunks', async () => {
    expect([...parseCsv('\ufeffa,b\n1,2').columns.keys()]).toEqual(['a', 'b']);
    const { columns } = await collect(readCsvBatches(chunked(bytes('\ufeffa\n1\n'), [1]), { blockSize: 1 }));
    expect(columns).toEqual(new Map([['a', [1]]]));
  });

  it('reads CRLF, LF, a last line without newline, and skips blank lines', () => {
    expect(columnsOf('a,b\r\n1,x\r\n\r\n2,y\n\n3,z')).toEqual(new Map<string, unknown>([['a', [1, 2, 3]], ['b', ['x', 'y', 'z']]]));
  });

  it('reads quoted fields with delimiters, newlines, CRLF and "" escapes inside, and text after a closing quote', () => {
    expect(columnsOf('s,n\n"a,b",1\n"line\r\nbreak",2\n"say ""hi""",3\n"ab"cd,4\n""," 5 "')).toEqual(
      new Map<string, unknown>([
        ['s', ['a,b', 'line\r\nbreak', 'say "hi"', 'abcd', null]],
        ['n', [1, 2, 3, 4, 5]],
      ]),
    );
  });

  it('reads pandas missing markers as NaN in float64 and null in string columns, and promotes an int column with one to float64', () => {
    const columns = parseCsv('i,f,s\n1,1.5,x\n,NA,NULL\n3,nan,n/a\n4,#N/A,None\n').columns;
    expect(columns.get('i')).toEqual(new Float64Array([1, NaN, 3, 4]));
    expect(columns.get('f')).toEqual(new Float64Array([1.5, NaN, NaN, NaN]));
    expect(columns.get('s')).toEqual({ codes: new Int32Array([0, -1, -1, -1]), dictionary: ['x'] });
  });

  it('gives each block its own dictionary of the strings it holds, in order of first appearance', async () => {
    const { batches } = await collect(readCsvBatches(bytes('s\nb\na\nb\nc\nNA\nc\n'), { blockSize: 8 }));
    expect(batches.map((b) => b.columns.get('s'))).toEqual([
      { codes: new Int32Array([0, 1, 0]), dictionary: ['b', 'a'] },
      { codes: new Int32Array([0, -1, 0]), dictionary: ['c'] },
    ]);
  });

  it('infers bool from true/false in any pandas spelling, and string when one is missing', () => {
    const columns = parseCsv('a,b\ntrue,True\nFALSE,\n').columns;
    expect(columns.get('a')).toEqual(new Uint8Array([1, 0]));
    expect(plain(columns.get('b')!)).toEqual(['True', null]);
  });

  it('reads an all-missing column as float64 NaN, as pandas does', () => {
    expect(parseCsv('a,b\n1,\n2,NA\n').columns.get('b')).toEqual(new Float64Array([NaN, NaN]));
  });

  it('reads any one-byte delimiter, and non-ASCII text in strings', () => {
    expect(columnsOf('a\tb\n1\tκόσμε\n', { delimiter: '\t' })).toEqual(new Map<string, unknown>([['a', [1]], ['b', ['κόσμε']]]));
  });
});

describe('streaming reads in blocks of about blockSize bytes', () => {
  const text = 'id,desk\n' + Array.from({ length: 1000 }, (_, i) => `${i},d${i % 7}\n`).join('');

  it('produces several batches whose rows add up, reading sizes such as 2KB', async () => {
    const { batches, columns } = await collect(readCsvBatches(bytes(text), { blockSize: '2KB' }));
    expect(batches.length).toBeGreaterThan(3);
    expect(batches.every((b) => b.rows > 0)).toBe(true);
    expect(columns.get('id')).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('reports bytes, rows and the total size after each batch, ending at the whole source', async () => {
    const seen: { bytes: number; rows: number; total?: number }[] = [];
    await collect(readCsvBatches(bytes(text), { blockSize: 1000, onProgress: (p) => seen.push(p) }));
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toEqual({ bytes: text.length, rows: 1000, total: text.length });
    expect(seen.every((p, i) => i === 0 || (p.bytes > seen[i - 1]!.bytes && p.rows > seen[i - 1]!.rows))).toBe(true);
  });

  it('pulls the source only as batches are consumed', async () => {
    let pulled = 0;
    async function* source() {
      for (let at = 0; at < text.length; at += 100) {
        pulled += 100;
        yield bytes(text.slice(at, at + 100));
      }
    }
    for await (const batch of readCsvBatches(source(), { blockSize: 500 })) {
      expect(batch.rows).toBeGreaterThan(0);
      break;
    }
    expect(pulled).toBeLessThan(1000);
  });

  it('waits for a row longer than a block instead of splitting it', async () => {
    const long = 'a,b\n1,' + 'x'.repeat(5000) + '\n2,y\n';
    const { columns } = await collect(readCsvBatches(chunked(bytes(long), [64]), { blockSize: 16 }));
    expect(columns.get('b')).toEqual(['x'.repeat(5000), 'y']);
  });
});

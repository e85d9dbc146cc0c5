import { describe, expect, it } from 'vitest';
import { CsvError, readCsvBatches, type CsvOptions } from '../../src/io/index.js';
import { threadParser } from '../../src/io/parse-threads.js';
import { chunked, collect } from './collect.js';
import { draws } from './fuzz-mutations.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The columns and row count read on two threads and on the calling thread, which must agree. */
async function bothWays(bytes: Uint8Array, options: CsvOptions, chunk = 7) {
  const parallel = await collect(readCsvBatches(chunked(bytes, [chunk]), { ...options, threads: 2 }));
  const single = await collect(readCsvBatches(chunked(bytes, [chunk]), { ...options, threads: 1 }));
  return { parallel, single };
}

const rowsOf = (batches: { rows: number }[]): number => batches.reduce((n, b) => n + b.rows, 0);

/** A table with quoted fields holding delimiters, newlines and escaped quotes, so block cuts fall inside quotes. */
function quotedTable(seed: number, rows: number, eol: string): string {
  const { int, pick } = draws(seed);
  const notes = ['plain', '"a,b"', '"two\nlines"', '"say ""hi"""', '"three\n\nlines"', '', 'NA', 'é'];
  const lines = ['id,note,x'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${pick(notes)},${(int(2000) - 1000) / 8}`);
  return lines.join(eol);
}

describe('reading CSV blocks on parse threads', () => {
  it('starts its threads here, so the tests below read in parallel', async () => {
    expect(await threadParser(3, {}, { names: ['a'], types: ['int32'] })).toBeDefined();
  }, 30_000);

  it('gives the single-threaded batches when quoted fields with newlines cross block cuts, for 1, 2 and 3 threads', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const bytes = encode(quotedTable(seed, 300, '\n'));
      const { parallel, single } = await bothWays(bytes, { blockSize: 40 + seed * 13 });
      expect(parallel.columns).toEqual(single.columns);
      const three = await collect(readCsvBatches(bytes, { blockSize: 40 + seed * 13, threads: 3 }));
      expect(three.batches.map((b) => b.rows)).toEqual(single.batches.map((b) => b.rows));
      expect(parallel.batches.map((b) => b.rows)).toEqual(single.batches.map((b) => b.rows));
      expect(rowsOf(parallel.batches)).toBe(300);
    }
  });

  it('reads CRLF line ends, a byte-order mark and a last line without a line break as the single-threaded reader does', async () => {
    const text = `\ufeff${quotedTable(9, 200, '\r\n')}`;
    const { parallel, single } = await bothWays(encode(text), { blockSize: 64 }, 5);
    expect(parallel.columns).toEqual(single.columns);
    expect([...parallel.columns.keys()]).toEqual(['id', 'note', 'x']);
    expect(parallel.columns.get('id')!.at(-1)).toBe(199);
  });

  it('reads a quoted field longer than several blocks', async () => {
    const long = `"${'line\n'.repeat(200)}"`;
    const bytes = encode(`a,b\n1,x\n2,${long}\n3,y\n4,z`);
    const { parallel, single } = await bothWays(bytes, { blockSize: 16 });
    expect(parallel.columns).toEqual(single.columns);
    expect(parallel.columns.get('a')).toEqual([1, 2, 3, 4]);
  });

  it('counts lines from the source start in an error from a later block, quoted newlines included', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i},${i},${i === 7 ? '"two\nlines"' : 'note'}`);
    rows[80] = '80,oops,note';
    const bytes = encode(['a,b,c', ...rows].join('\n'));
    const fails = (threads: number) => collect(readCsvBatches(chunked(bytes, [9]), { blockSize: 32, threads, schema: { b: 'int32' } }));
    const single = await fails(1).catch((e: unknown) => e);
    const parallel = await fails(2).catch((e: unknown) => e);
    expect(single).toBeInstanceOf(CsvError);
    expect(parallel).toBeInstanceOf(CsvError);
    expect((parallel as CsvError).message).toBe((single as CsvError).message);
    expect((parallel as CsvError).line).toBe(83);
  });

  it('reads an unterminated quote at the end as the error the single-threaded reader raises', async () => {
    const bytes = encode(`a,b\n${Array.from({ length: 50 }, (_, i) => `${i},x`).join('\n')}\n51,"open`);
    const single = await collect(readCsvBatches(bytes, { blockSize: 24, threads: 1 })).catch((e: unknown) => e);
    const parallel = await collect(readCsvBatches(bytes, { blockSize: 24, threads: 2 })).catch((e: unknown) => e);
    expect((parallel as Error).message).toBe((single as Error).message);
  });

  it('keeps each block its own string dictionary', async () => {
    const bytes = encode(`s\n${Array.from({ length: 60 }, (_, i) => ['b', 'a', 'c'][i % 3]).join('\n')}\n`);
    const { batches } = await collect(readCsvBatches(bytes, { blockSize: 20, threads: 2 }));
    expect(batches.length).toBeGreaterThan(2);
    for (const b of batches) expect((b.columns.get('s') as unknown as { dictionary: string[] }).dictionary.length).toBeLessThanOrEqual(3);
  });

  it('refuses a thread count that is not a whole number of at least 1', async () => {
    await expect(collect(readCsvBatches(encode('a\n1\n'), { threads: 0 }))).rejects.toThrow('readCsv: threads must be a whole number of at least 1, got 0');
    await expect(collect(readCsvBatches(encode('a\n1\n'), { threads: 1.5 }))).rejects.toThrow('got 1.5');
  });
});

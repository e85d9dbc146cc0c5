import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { Frame, SourceError } from 'quiverjs';
import { readArrowBatches, readCsvBatches } from '../../src/io/index.js';
import { collect } from './collect.js';

const text = 'k,v\n' + Array.from({ length: 5000 }, (_, i) => `k${i % 10},${i / 4}\n`).join('');
const expected = new Map<string, unknown>([
  ['k', Array.from({ length: 5000 }, (_, i) => `k${i % 10}`)],
  ['v', Array.from({ length: 5000 }, (_, i) => i / 4)],
]);

describe('CSV reads the same from every kind of byte source', () => {
  let dir = '';
  let path = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'quiver-io-'));
    path = join(dir, 'table.csv');
    await writeFile(path, text);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a file path in Node, knowing its size for progress', async () => {
    const totals: (number | undefined)[] = [];
    const { columns } = await collect(readCsvBatches(path, { blockSize: '8KB', onProgress: (p) => totals.push(p.total) }));
    expect(columns).toEqual(expected);
    expect(new Set(totals)).toEqual(new Set([text.length]));
  });

  it('reads a Blob and a web ReadableStream', async () => {
    const blob = new Blob([text]);
    expect((await collect(readCsvBatches(blob, { blockSize: '8KB' }))).columns).toEqual(expected);
    expect((await collect(readCsvBatches(blob.stream(), { blockSize: '8KB' }))).columns).toEqual(expected);
  });

  it('reads bytes in memory', async () => {
    expect((await collect(readCsvBatches(new TextEncoder().encode(text)))).columns).toEqual(expected);
  });

  it('closes the file when the reader stops early (counted in /proc/self/fd)', async () => {
    const open = async () => (await readdir('/proc/self/fd')).length;
    const before = await open();
    for await (const batch of readCsvBatches(path, { blockSize: '8KB' })) {
      expect(await open()).toBe(before + 1);
      expect(batch.rows).toBeGreaterThan(0);
      break;
    }
    expect(await open()).toBe(before);
  });

  it('reads an Arrow IPC file by its path', async () => {
    const arrowPath = join(dir, 'table.arrow');
    await writeFile(arrowPath, tableToIPC(tableFromArrays({ v: Float64Array.from({ length: 5000 }, (_, i) => i / 4) }), 'file'));
    expect((await collect(readArrowBatches(arrowPath))).columns.get('v')).toEqual(expected.get('v'));
  });

  it('refuses a missing file with a SourceError naming the reader and the file, for CSV and Arrow, streamed or read whole', async () => {
    const absent = join(dir, 'absent.csv');
    const named = (reader: string) => new RegExp(`^${reader}: cannot open the file '.*absent\\.csv' \\(ENOENT`);
    await expect(collect(readCsvBatches(absent))).rejects.toThrow(SourceError);
    await expect(collect(readCsvBatches(absent))).rejects.toThrow(named('readCsv'));
    await expect(Frame.scanCsv(absent).collect()).rejects.toThrow(named('readCsv'));
    await expect(Frame.scanArrow(absent).groupby('k').agg({ v: 'sum' })).rejects.toThrow(named('readArrow'));
  });

  it('turns a source that fails part-way into a SourceError saying how many bytes it had read', async () => {
    async function* failing(): AsyncIterable<Uint8Array> {
      yield new TextEncoder().encode('k,v\nk0,1\n');
      throw new Error('connection reset');
    }
    const failure = collect(readCsvBatches(failing()));
    await expect(failure).rejects.toThrow(SourceError);
    await expect(collect(readCsvBatches(failing()))).rejects.toThrow(/^readCsv: reading the source failed after 9 bytes \(connection reset\)$/);
  });
});

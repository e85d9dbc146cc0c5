import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvBatches, type CsvOptions } from '../../src/io/index.js';
import { loadCsvWasm } from '../../src/io/csv-wasm.js';
import { chunked, collect } from './collect.js';
import { draws } from './fuzz-mutations.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Rows of an int, a float, two string columns (one sometimes quoted) and a bool. */
function table(seed: number, rows: number): Uint8Array {
  const { int, pick } = draws(seed);
  const lines = ['i,f,s,t,b'];
  for (let r = 0; r < rows; r++) {
    const t = int(12) === 0 ? `"q,${int(9)}"` : `t${int(50)}`;
    lines.push(`${int(2000) - 1000},${(int(2_000_000) - 1_000_000) / 1000},${pick(['AA', 'BB', 'é', ''])},${t},${pick(['true', 'false'])}`);
  }
  return encode(`${lines.join('\n')}\n`);
}

async function read(bytes: Uint8Array, options: CsvOptions, project?: readonly string[]) {
  const { batches, columns } = await collect(readCsvBatches(chunked(bytes, [997]), options, project));
  return { rows: batches.map((b) => b.rows), columns };
}

describe('a CSV read projected to some columns', () => {
  beforeAll(async () => {
    expect(await loadCsvWasm()).toBeDefined();
  }, 30_000);

  it('gives exactly the named columns of the full read, in source order, on both engines and 1 or 2 threads', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const bytes = table(seed, 500 + 40 * seed);
      const blockSize = 400 + seed * 211;
      const full = await read(bytes, { engine: 'js', blockSize, threads: 1 });
      const project = [['b', 'i'], ['s'], ['t', 'f'], ['i', 'f', 's', 't', 'b']][seed % 4]!;
      const want = new Map([...full.columns].filter(([name]) => project.includes(name)));
      for (const engine of ['js', 'wasm'] as const) {
        for (const threads of [1, 2]) {
          const got = await read(bytes, { engine, blockSize, threads }, project);
          expect(got.rows).toEqual(full.rows);
          expect([...got.columns.keys()]).toEqual([...want.keys()]);
          expect(got.columns).toEqual(want);
        }
      }
    }
  }, 60_000);

  it('passes over names the source lacks, and never reads a skipped column, so its malformed fields raise nothing', async () => {
    const bytes = encode(`k,x,junk\n${Array.from({ length: 300 }, (_, i) => `${i % 7},${i / 2},${i === 200 ? 'oops' : i}`).join('\n')}\n`);
    for (const engine of ['js', 'wasm'] as const) {
      const options: CsvOptions = { engine, blockSize: 256, threads: 1, schema: { junk: 'int32' } };
      await expect(read(bytes, options)).rejects.toThrow(/oops/);
      const got = await read(bytes, options, ['x', 'k', 'notInTheFile']);
      expect([...got.columns.keys()]).toEqual(['k', 'x']);
      expect(got.columns.get('x')).toEqual(Array.from({ length: 300 }, (_, i) => i / 2));
    }
  });

  it('reads usecols as pandas does: those columns in source order, and with a projection only the columns both name', async () => {
    const bytes = table(9, 700);
    const full = await read(bytes, { engine: 'js', blockSize: 900, threads: 1 });
    for (const engine of ['js', 'wasm'] as const) {
      for (const threads of [1, 2]) {
        const got = await read(bytes, { engine, blockSize: 900, threads, usecols: ['b', 's', 'i'] });
        expect([...got.columns.keys()]).toEqual(['i', 's', 'b']);
        expect(got.columns.get('s')).toEqual(full.columns.get('s'));
        const both = await read(bytes, { engine, blockSize: 900, threads, usecols: ['b', 's', 'i'] }, ['s', 'f', 'other']);
        expect([...both.columns.keys()]).toEqual(['s']);
      }
    }
  });

  it('names readCsv and the names a source lacks for usecols, and refuses usecols that is not a list of names', async () => {
    const bytes = encode('a,b,c\n1,2,3\n');
    await expect(read(bytes, { threads: 1, usecols: ['c', 'x', 'y'] })).rejects.toThrow("readCsv: usecols names 'x', 'y', not among the columns (a, b, c)");
    await expect(read(bytes, { threads: 1, usecols: 'a' as never })).rejects.toThrow('readCsv: usecols must be a list of column names, got "a"');
    await expect(read(bytes, { threads: 1, usecols: [1] as never })).rejects.toThrow('readCsv: usecols must be a list of column names, got [1]');
  });

  it('gives a header-only source its projected columns, empty', async () => {
    const got = await read(encode('a,b,c\n'), { threads: 1 }, ['c']);
    expect(got.rows).toEqual([0]);
    expect([...got.columns.keys()]).toEqual(['c']);
  });
});

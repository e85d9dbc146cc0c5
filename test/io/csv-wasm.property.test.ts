import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readCsvBatches, type CsvOptions } from '../../src/io/index.js';
import { CsvBlockParser } from '../../src/io/csv-parser.js';
import { CsvWasm, loadCsvWasm } from '../../src/io/csv-wasm.js';
import { chunked, collect, plain } from './collect.js';
import { draws } from './fuzz-mutations.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

// Up to eight digits are read eight at a time (csv_numbers.rs), longer ones digit by digit.
const INTS = ['0', '7', '-12', '+5', '2147483647', '-2147483648', ' 42', '0007', '-0', '12345678', '-99999999', '123456789', '00000000'];
const FLOATS = ['1.5', '-0', '.5', '5.', '1e5', '1E-3', '+2.5e+10', '-7.25', 'inf', '-Infinity', 'nan', 'NA', '', ' 3.25 ', '12345678901234567890', '0.1234567890123456789', '1e400', '4.9e-324', '123456.7890', '9007199254740993', '1e22', '1e23', '3.0e-22', '12345678.87654321', '00000000.00000001', '99999999.9', '-.5', '123456789.5', '1.123456789', '12.'];
const STRINGS = ['AAPL', 'MSFT', '', 'NA', 'null', 'é', 'x'.repeat(40), 'T1', 'b c', 'zürich'];
const BOOLS = ['true', 'False', 'TRUE', 'false'];

/** A random table of int, float, string and bool columns; quotes, CRLF, a BOM, blank lines and the last line break as `shape` asks. */
function table(seed: number, rows: number, shape: { quotes: boolean; crlf: boolean; bom: boolean; lastBreak: boolean }): Uint8Array {
  const { int, pick } = draws(seed);
  const lines = ['i,f,s,b'];
  for (let r = 0; r < rows; r++) {
    let s = pick(STRINGS);
    if (shape.quotes && int(10) === 0) s = `"${s},""q"""`;
    const f = int(3) === 0 ? pick(FLOATS) : String((int(2_000_000) - 1_000_000) / 10 ** int(8));
    lines.push(`${pick(INTS)},${f},${s},${pick(BOOLS)}`);
    if (int(50) === 0) lines.push('');
  }
  const eol = shape.crlf ? '\r\n' : '\n';
  return encode(`${shape.bom ? '\ufeff' : ''}${lines.join(eol)}${shape.lastBreak ? eol : ''}`);
}

/** The columns and batch sizes a stream gives, as plain arrays. */
async function read(bytes: Uint8Array, options: CsvOptions) {
  const { batches, columns } = await collect(readCsvBatches(chunked(bytes, [997]), options));
  return { rows: batches.map((b) => b.rows), columns };
}

/** A whole source parsed in one block by windows of `window` bytes, as plain arrays. */
function parsedInWindows(bytes: Uint8Array, engine: 'wasm' | 'js', window: number) {
  const parsed = new CsvBlockParser({ engine }, window).parse(bytes, bytes.byteLength, true)!;
  return [...parsed.columns].map(([name, data]) => [name, plain(data)]);
}

describe('the wasm CSV reader', () => {
  const windows = { read: 0 };
  beforeAll(async () => {
    expect(await loadCsvWasm()).toBeDefined();
    const original = CsvWasm.prototype.read;
    vi.spyOn(CsvWasm.prototype, 'read').mockImplementation(function (this: CsvWasm, ...args) {
      const window = original.apply(this, args);
      if (window) windows.read++;
      return window;
    });
  }, 30_000);
  afterAll(() => vi.restoreAllMocks());

  it('gives the JS reader columns, batches and NaN/-0 placement for random tables, on 1 and 2 threads', async () => {
    for (let seed = 1; seed <= 16; seed++) {
      const shape = { quotes: seed % 4 === 0, crlf: seed % 2 === 0, bom: seed % 3 === 0, lastBreak: seed % 5 !== 0 };
      const bytes = table(seed, 400 + seed * 30, shape);
      const blockSize = 300 + seed * 97;
      const js = await read(bytes, { engine: 'js', blockSize, threads: 1 });
      for (const threads of [1, 2]) expect(await read(bytes, { engine: 'wasm', blockSize, threads })).toEqual(js);
      expect(parsedInWindows(bytes, 'wasm', 64 + seed)).toEqual(parsedInWindows(bytes, 'js', 64 + seed));
    }
    expect(windows.read).toBeGreaterThan(0);
  }, 60_000);

  it('reads a number every way csv-numbers.ts does, fast path or not', () => {
    const rows = [...FLOATS, ...INTS, '-.5', '1e-22', '1.e3', '00.000001', '-9007199254740991.5'].map((f) => `${f},x`);
    const bytes = encode(`f,s\n1.0,x\n${'2.0,x\n'.repeat(100)}${rows.join('\n')}\n`);
    expect(parsedInWindows(bytes, 'wasm', 64)).toEqual(parsedInWindows(bytes, 'js', 64));
  });

  it('raises the JS reader\'s error, naming the column and line, for a malformed number in a later block', async () => {
    const lines = ['a,b', ...Array.from({ length: 300 }, (_, i) => `${i},${i / 4}`)];
    lines[250] = '249,12x';
    const bytes = encode(lines.join('\n'));
    const errorOf = (options: CsvOptions) => read(bytes, { blockSize: 256, ...options }).then(() => undefined, (e: Error) => e.message);
    const js = await errorOf({ engine: 'js', threads: 1 });
    expect(js).toMatch(/line 251.*12x/);
    for (const threads of [1, 2]) expect(await errorOf({ engine: 'wasm', threads })).toBe(js);
  });

  it('codes a column of more distinct strings than a wasm dictionary holds as the JS reader does', async () => {
    const bytes = encode(`k,v\n${Array.from({ length: 120_000 }, (_, i) => `s${(i * 7919) % 90_001},${i}`).join('\n')}\n`);
    const js = await read(bytes, { engine: 'js', blockSize: 400_000, threads: 1 });
    expect(await read(bytes, { engine: 'wasm', blockSize: 400_000, threads: 1 })).toEqual(js);
  }, 30_000);

  it('keeps the strings of scans read in turn on one thread apart, more scans than it keeps dictionaries for', async () => {
    const scans = Array.from({ length: 20 }, (_, k) => encode(`s\n${Array.from({ length: 600 }, (_, i) => `v${k}_${i % (k + 3)}`).join('\n')}\n`));
    const stepped = scans.map((bytes) => readCsvBatches(bytes, { blockSize: 500, threads: 1 })[Symbol.asyncIterator]());
    const codes = scans.map((): unknown[] => []);
    for (let done = 0; done < scans.length; ) {
      done = 0;
      for (const [k, it] of stepped.entries()) {
        const next = await it.next();
        if (next.done) done++;
        else codes[k]!.push(...plain(next.value.columns.get('s')!));
      }
    }
    for (const [k, bytes] of scans.entries()) expect(codes[k]).toEqual((await read(bytes, { engine: 'js', blockSize: 500, threads: 1 })).columns.get('s'));
  });

  it('refuses a missing value in an int32 column as the JS reader does', async () => {
    const bytes = encode(`a,b\n${Array.from({ length: 200 }, (_, i) => `${i === 150 ? '' : i},x`).join('\n')}\n`);
    const errorOf = (engine: 'wasm' | 'js') => read(bytes, { blockSize: 128, engine, threads: 1 }).then(() => undefined, (e: Error) => e.message);
    expect(await errorOf('wasm')).toBe(await errorOf('js'));
    expect(await errorOf('js')).toMatch(/missing value/);
  });
});

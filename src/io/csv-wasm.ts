import { kernelModule } from '../platform/kernel-module.js';
import { canShareMemory } from '../platform/workers.js';
import type { ReadType, StringColumn } from './csv-columns.js';
import { readBool, readFloat64, readInt32 } from './csv-numbers.js';
import type { ColumnOutput } from './csv-output.js';
import { UNSEEN, type StringCodes } from './csv-text.js';

/**
 * The Rust reader of quote-free CSV windows (wasm/src/csv.rs), one instance per thread
 * over its own memory: it splits a window's rows with SIMD byte compares and parses
 * their numbers, and the rest stays here (string codes, bools, numbers off its fast
 * path, and every window it leaves: one with a quote or a row of the wrong width, or a
 * field that does not fit, which the JS parser then reads and reports as before).
 */

interface CsvExports {
  readonly __heap_base: WebAssembly.Global;
  csv_window(descriptor: number): number;
  csv_dictionary_bytes(): number;
}

/** csv.rs's descriptor words and column type codes. */
const INPUT = 0;
const LENGTH = 1;
const FINAL = 2;
const DELIMITER = 3;
const WIDTH = 4;
const CAPACITY = 5;
const DEFERRED = 6;
const DEFERRED_CAPACITY = 7;
const ROWS = 8;
const CONSUMED = 9;
const LINES = 10;
const DEFERRED_COUNT = 11;
const HEADER = 12;
const OK = 0;
// A skipped column is one csv.rs answers spans for, which nobody reads.
const KIND: { [T in ReadType]: number } = { float64: 0, int32: 1, bool: 2, string: 3, skip: 4 };
const COLUMN_WORDS = 4;
/** csv_dictionary.rs: ids a dictionary gives, and the id of a string it did not take. */
const MAX_IDS = 32768;
const NONE = 0xffffffff;
// Dictionaries kept per thread (2 MiB each), for the string columns of the parsers it
// runs; the least recently used is cleared for a new column beyond them.
const DICTIONARIES = 16;

// At most 16 MiB of column output a window (8 bytes a value or span), and never more
// than 65,536 rows: a 1 MiB window of 40-byte rows holds about 26,000. A window with
// more rows stops early and the parser reads on from there.
const OUTPUT_BYTES = 1 << 24;
const MAX_ROWS = 65536;
const MIN_ROWS = 64;
const PAGE = 65536;
// The module was linked with a 4 GiB maximum; its imported memory must declare the same.
const MAX_PAGES = 65536;
// Whole 16-byte loads may read this far past a window's end.
const PADDING = 16;

/** What the wasm read of one window: its rows, how far they went, the lines they spanned. */
export interface WasmWindow {
  readonly rows: number;
  readonly consumed: number;
  readonly lines: number;
}

/** A dictionary region and the string column it holds ids for. */
interface Dictionary {
  readonly address: number;
  owner: StringCodes | undefined;
  used: number;
}

export class CsvWasm {
  private memory: WebAssembly.Memory;
  private readonly base: number;
  private readonly dictionaries: Dictionary[] = [];
  private readonly dictionaryBytes: number;
  private uses = 0;

  private constructor(
    private readonly exports: CsvExports,
    memory: WebAssembly.Memory,
  ) {
    this.memory = memory;
    this.base = align(Number(exports.__heap_base.value), 16);
    this.dictionaryBytes = exports.csv_dictionary_bytes();
  }

  static async create(module: WebAssembly.Module): Promise<CsvWasm> {
    const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    return new CsvWasm(instance.exports as unknown as CsvExports, memory);
  }

  /**
   * Reads the complete rows of buf[at, stop) into `outputs` from row `base` on, as the
   * JS tokenizer and column fills would (`outputsFor` makes or grows them once the rows
   * are known); undefined when the window must be read by the JS parser instead.
   */
  read(buf: Uint8Array, at: number, stop: number, final: boolean, delimiter: number, types: readonly ReadType[], outputsFor: (w: WasmWindow) => ColumnOutput[], strings: readonly StringCodes[], base: number): WasmWindow | undefined {
    const width = types.length;
    const length = stop - at;
    const capacity = Math.max(MIN_ROWS, Math.min(MAX_ROWS, Math.floor(OUTPUT_BYTES / (8 * width))));
    const deferredCapacity = capacity + width;
    const dictionaries = types.map((type, c) => (type === 'string' ? this.dictionaryFor(strings[c]!) : 0));
    const descriptor = this.base + this.dictionaries.length * this.dictionaryBytes;
    const deferred = align(descriptor + 4 * (HEADER + COLUMN_WORDS * width), 16);
    // Each column's region: 8 bytes a row of values or spans, then 4 of ids.
    const columns = deferred + 16 * deferredCapacity;
    const input = columns + 12 * capacity * width;
    this.reserve(input + length + PADDING);
    const memory = this.memory.buffer;
    new Uint8Array(memory, input, length).set(buf.subarray(at, stop));
    const words = new Uint32Array(memory, descriptor, HEADER + COLUMN_WORDS * width);
    words.set([input, length, final ? 1 : 0, delimiter, width, capacity, deferred, deferredCapacity]);
    types.forEach((type, c) => {
      const region = columns + 12 * capacity * c;
      words.set([KIND[type], region, region + 8 * capacity, dictionaries[c]!], HEADER + COLUMN_WORDS * c);
    });
    if (this.exports.csv_window(descriptor) !== OK) return undefined;
    const window = { rows: words[ROWS]!, consumed: at + words[CONSUMED]!, lines: words[LINES]! };
    if (window.rows === 0) return window;
    const outputs = outputsFor(window);
    const read = { buf, at, base, rows: window.rows, memory };
    types.forEach((type, c) => copyNumbers(read, type, columns + 12 * capacity * c, outputs[c]!));
    if (!readDeferred(read, new Uint32Array(memory, deferred, 4 * words[DEFERRED_COUNT]!), types, outputs)) return undefined;
    const spans = (c: number) => new Uint32Array(memory, columns + 12 * capacity * c, 2 * window.rows);
    // Bools first: one that does not fit leaves the window before any string is coded.
    for (const [c, type] of types.entries()) if (type === 'bool' && !readBools(read, spans(c), outputs[c]!.data as Uint8Array)) return undefined;
    for (const [c, type] of types.entries()) {
      if (type !== 'string') continue;
      const ids = new Uint32Array(memory, columns + 12 * capacity * c + 8 * capacity, window.rows);
      readStrings(read, spans(c), ids, (outputs[c]!.data as StringColumn).codes, strings[c]!);
    }
    return window;
  }

  /**
   * The dictionary region holding `strings`' ids: its own, or the least recently used
   * one cleared for it. One past half its ids is cleared too, so that a window's new
   * strings mostly find room (a column of many distinct strings is cleared often).
   */
  private dictionaryFor(strings: StringCodes): number {
    let dictionary = this.dictionaries.find((d) => d.owner === strings);
    if (!dictionary && this.dictionaries.length < DICTIONARIES) {
      dictionary = { address: this.base + this.dictionaries.length * this.dictionaryBytes, owner: undefined, used: 0 };
      this.dictionaries.push(dictionary);
    }
    dictionary ??= this.dictionaries.reduce((a, b) => (b.used < a.used ? b : a));
    dictionary.used = ++this.uses;
    this.reserve(dictionary.address + this.dictionaryBytes);
    // The count of ids given, and the generation of the entries that count (csv_dictionary.rs).
    const header = new Uint32Array(this.memory.buffer, dictionary.address, 2);
    if (dictionary.owner !== strings || header[0]! >= MAX_IDS / 2) {
      header[0] = 0;
      header[1] = (header[1]! % 0xfffffffe) + 1;
      dictionary.owner = strings;
      strings.resetIds(MAX_IDS);
    }
    return dictionary.address;
  }

  /** Grows the memory to hold `bytes`. */
  private reserve(bytes: number): void {
    const short = bytes - this.memory.buffer.byteLength;
    if (short > 0) this.memory.grow(Math.ceil(short / PAGE));
  }
}

/** A window being copied out: the source bytes, where the window starts in them, the output row of its first row. */
interface Read {
  readonly buf: Uint8Array;
  readonly at: number;
  readonly base: number;
  readonly rows: number;
  readonly memory: ArrayBufferLike;
}

function copyNumbers({ base, rows, memory }: Read, type: ReadType, address: number, output: ColumnOutput): void {
  if (type === 'float64') (output.data as Float64Array).set(new Float64Array(memory, address, rows), base);
  if (type === 'int32') (output.data as Int32Array).set(new Int32Array(memory, address, rows), base);
}

/** Numbers the wasm left (row, column, start, end): read by csv-numbers.ts; false when one does not fit. */
function readDeferred({ buf, at, base }: Read, entries: Uint32Array, types: readonly ReadType[], outputs: ColumnOutput[]): boolean {
  for (let k = 0; k < entries.length; k += 4) {
    const row = base + entries[k]!;
    const c = entries[k + 1]!;
    const start = at + entries[k + 2]!;
    const end = at + entries[k + 3]!;
    const out = outputs[c]!.data;
    const fits = types[c] === 'float64' ? readFloat64(buf, start, end, 0, out as Float64Array, row) : readInt32(buf, start, end, 0, out as Int32Array, row);
    if (!fits) return false;
  }
  return true;
}

function readBools({ buf, at, base, rows }: Read, spans: Uint32Array, out: Uint8Array): boolean {
  for (let r = 0; r < rows; r++) if (!readBool(buf, at + spans[2 * r]!, at + spans[2 * r + 1]!, 0, out, base + r)) return false;
  return true;
}

/** A string column's codes: by the wasm's id where it gave one, else by the field's text. */
function readStrings({ buf, at, base, rows }: Read, spans: Uint32Array, ids: Uint32Array, codes: Int32Array, strings: StringCodes): void {
  for (let r = 0; r < rows; r++) {
    const id = ids[r]!;
    // Most rows repeat a string the block has coded: their span is never read.
    const seen = id === NONE ? UNSEEN : strings.seenCode(id);
    if (seen !== UNSEEN) {
      codes[base + r] = seen;
      continue;
    }
    const start = at + spans[2 * r]!;
    const end = at + spans[2 * r + 1]!;
    codes[base + r] = id === NONE ? strings.code(buf, start, end, 0) : strings.codeById(id, buf, start, end);
  }
}

const align = (n: number, to: number): number => Math.ceil(n / to) * to;

/**
 * The kernel module (platform/kernel-module.ts: compiled once per process, from init's
 * `wasmUrl` where given): this thread's reader instantiates it, and parse threads are sent
 * it rather than reading it again. Undefined where WebAssembly or shared memory is missing
 * or the module cannot be read.
 */
export const csvModule = (): Promise<WebAssembly.Module | undefined> =>
  typeof WebAssembly === 'object' && canShareMemory() ? kernelModule().catch(() => undefined) : Promise.resolve(undefined);

let loading: Promise<CsvWasm | undefined> | undefined;
let loaded: CsvWasm | undefined;

/** This thread's wasm reader over `module` (this process's, by default), started once; undefined without a module or where it cannot start. */
export function loadCsvWasm(module: Promise<WebAssembly.Module | undefined> = csvModule()): Promise<CsvWasm | undefined> {
  loading ??= module
    .then((m) => (m ? CsvWasm.create(m) : undefined))
    .then(
      (wasm) => (loaded = wasm),
      () => undefined,
    );
  return loading;
}

/** The reader if loadCsvWasm has finished, for parsers made synchronously. */
export const csvWasm = (): CsvWasm | undefined => loaded;

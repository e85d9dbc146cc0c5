const QUOTE = 0x22;
const utf8 = new TextDecoder();

/**
 * The strings pandas.read_csv reads as missing by default (its `na_values`), plus the
 * empty field. They mean NaN in a float64 column and null in a string column.
 */
const MISSING = new Set(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']);
// Most strings are rejected by length or first character before the Set is consulted.
const MISSING_MAX_LENGTH = 8;
const MISSING_FIRST = new Set([...MISSING].map((text) => text.charCodeAt(0)));

/** Whether a string field is one of pandas' missing-value markers. */
export function isMissing(text: string): boolean {
  return text.length === 0 || (text.length <= MISSING_MAX_LENGTH && MISSING_FIRST.has(text.charCodeAt(0)) && MISSING.has(text));
}

/**
 * The text of a field: its bytes decoded as UTF-8, unquoted when `raw` (opening quote
 * kept, `""` escapes, text after the closing quote). Parse threads read blocks in shared
 * memory, which browsers' TextDecoder refuses: a field there is copied out first.
 */
export function fieldText(buf: Uint8Array, start: number, end: number, raw: number): string {
  const bytes = buf.subarray(start, end);
  const text = utf8.decode(bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice());
  return raw ? unquote(text) : text;
}

/** `"a""b"c` → `a"bc`: what pandas makes of a quoted field, including text after its closing quote. */
function unquote(text: string): string {
  if (text.charCodeAt(0) !== QUOTE) return text;
  const close = closingQuote(text);
  return text.slice(1, close).replaceAll('""', '"') + text.slice(close + 1);
}

function closingQuote(text: string): number {
  let i = 1;
  while (i < text.length) {
    if (text.charCodeAt(i) === QUOTE) {
      if (text.charCodeAt(i + 1) !== QUOTE) return i;
      i += 2;
    } else i++;
  }
  return text.length;
}

// Direct-mapped, 65,536 slots (1 MiB a string column): a category column (tickers, desks,
// dates) repeats a few thousand strings, and a hit returns the code already given instead
// of making a string and looking it up. Two strings sharing a slot evict each other, so
// the table is kept sparse: reading 300 MB of desk,book,ticker,qty,px rows (5,000
// tickers) on one thread ran at 48-58 MB/s with 4,096 slots, 61-71 with 16,384, 86-94
// with 65,536 and 75-81 with 262,144 (2-core machine, quiet).
const SLOTS = 65536;
// Fields longer than this are rarely repeated; decoding them directly skips the hashing.
const INTERN_MAX_LENGTH = 32;

/** What seenCode answers for an id this block has not coded yet (codes are -1 for missing, else 0 and up). */
export const UNSEEN = -2;

/**
 * Dictionary-encodes one string column a block at a time: each block's distinct strings
 * in order of first appearance (`list`), and each field's code into it, -1 for a missing
 * value. Slots remember the strings of earlier blocks too, so a repeated ASCII value is
 * never decoded twice; the code a slot holds counts only for the block (`epoch`) that gave it.
 */
export class StringCodes {
  list: string[] = [];
  private index = new Map<string, number>();
  // Made by the first block read as strings: a parser has one of these per column, and
  // most columns are numbers.
  private slots: (string | undefined)[] = [];
  private codes = new Int32Array(0);
  private epochs = new Int32Array(0);
  private epoch = 1;

  // The codes of the wasm reader's ids (csv-wasm.ts) in this block, and the text of each id.
  private idCodes = new Int32Array(0);
  private idEpochs = new Int32Array(0);
  private idTexts: (string | undefined)[] = [];

  /**
   * Forgets the wasm reader's ids: its dictionary was cleared. A new epoch makes every
   * remembered code miss once (they are found again in the block's index).
   */
  resetIds(ids: number): void {
    if (this.idCodes.length < ids) {
      this.idCodes = new Int32Array(ids);
      this.idEpochs = new Int32Array(ids);
    }
    this.idTexts = [];
    this.epoch++;
  }

  /** The code this block gave the wasm reader's `id`, or UNSEEN: the per-row check of readStrings, before it reads a field's span. */
  seenCode(id: number): number {
    return this.idEpochs[id] === this.epoch ? this.idCodes[id]! : UNSEEN;
  }

  /** The code of buf[start, end), which the wasm reader gave `id`: its text is decoded once per id. */
  codeById(id: number, buf: Uint8Array, start: number, end: number): number {
    const seen = this.seenCode(id);
    if (seen !== UNSEEN) return seen;
    const code = this.codeOf((this.idTexts[id] ??= fieldText(buf, start, end, 0)));
    this.idCodes[id] = code;
    this.idEpochs[id] = this.epoch;
    return code;
  }

  /** Starts a new block: an empty list and fresh codes. */
  startBlock(): string[] {
    if (this.codes.length === 0) {
      this.slots = new Array<string | undefined>(SLOTS);
      this.codes = new Int32Array(SLOTS);
      this.epochs = new Int32Array(SLOTS);
    }
    this.epoch++;
    this.list = [];
    this.index = new Map();
    return this.list;
  }

  /** The code of the field buf[start, end) (unquoted when `raw`). */
  code(buf: Uint8Array, start: number, end: number, raw: number): number {
    const length = end - start;
    if (raw || length > INTERN_MAX_LENGTH) return this.codeOf(fieldText(buf, start, end, raw));
    let hash = length;
    let bits = 0;
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      bits |= b;
      hash = Math.imul(hash ^ b, 0x01000193);
    }
    if (bits & 0x80) return this.codeOf(fieldText(buf, start, end, 0));
    const slot = (hash >>> 0) & (SLOTS - 1);
    const hit = this.slots[slot];
    if (hit !== undefined && sameAscii(hit, buf, start, length)) {
      if (this.epochs[slot] === this.epoch) return this.codes[slot]!;
    } else this.slots[slot] = String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
    const code = this.codeOf(this.slots[slot]!);
    this.codes[slot] = code;
    this.epochs[slot] = this.epoch;
    return code;
  }

  private codeOf(text: string): number {
    if (isMissing(text)) return -1;
    let code = this.index.get(text);
    if (code === undefined) {
      code = this.list.push(text) - 1;
      this.index.set(text, code);
    }
    return code;
  }
}

function sameAscii(text: string, buf: Uint8Array, start: number, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}

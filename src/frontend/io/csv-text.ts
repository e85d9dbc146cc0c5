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

/** The text of a field: its bytes decoded as UTF-8, unquoted when `raw` (opening quote kept, `""` escapes, text after the closing quote). */
export function fieldText(buf: Uint8Array, start: number, end: number, raw: number): string {
  const text = utf8.decode(buf.subarray(start, end));
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

// Direct-mapped, 4,096 slots: a category column (tickers, desks, dates) repeats a few
// thousand strings, and a hit returns the string already made instead of allocating one.
const SLOTS = 4096;
// Fields longer than this are rarely repeated; decoding them directly skips the hashing.
const INTERN_MAX_LENGTH = 32;

/** Turns field bytes into strings, handing back the same string for repeated ASCII values. */
export class StringInterner {
  private readonly slots: (string | undefined)[] = new Array<string | undefined>(SLOTS);

  text(buf: Uint8Array, start: number, end: number): string {
    const length = end - start;
    if (length > INTERN_MAX_LENGTH) return utf8.decode(buf.subarray(start, end));
    let hash = length;
    let bits = 0;
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      bits |= b;
      hash = Math.imul(hash ^ b, 0x01000193);
    }
    if (bits & 0x80) return utf8.decode(buf.subarray(start, end));
    const slot = (hash >>> 0) & (SLOTS - 1);
    const hit = this.slots[slot];
    if (hit !== undefined && sameAscii(hit, buf, start, length)) return hit;
    const made = String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
    this.slots[slot] = made;
    return made;
  }
}

function sameAscii(text: string, buf: Uint8Array, start: number, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}

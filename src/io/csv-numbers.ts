import { fieldText, isMissing } from './csv-text.js';

/**
 * Numbers read straight from a field's bytes, no string made, and written straight into
 * the column (returning a double from a call that is not inlined boxes it in a fresh
 * heap number: one allocation per value). The fast path is Clinger's
 * (1990): a decimal significand m < 2^53 and a power of ten 10^k with |k| <= 22 are both
 * exact doubles, so one IEEE multiply or divide gives the correctly rounded m * 10^k.
 * Everything else (17-digit significands, large exponents, spaces, `inf`, missing-value
 * markers, quoted escapes) goes to the slow path: the field's text and Number(), which is
 * correctly rounded too.
 */

const ZERO = 0x30;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const EXACT_LIMIT = 2 ** 53;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Writes a float64 field to out[at] (NaN when missing); false when it is not a number. */
export function readFloat64(buf: Uint8Array, start: number, end: number, raw: number, out: Float64Array, at: number): boolean {
  if (raw) return store(floatFromText(fieldText(buf, start, end, raw)), out, at);
  let p = start;
  const sign = p < end ? buf[p] : 0;
  if (sign === MINUS || sign === PLUS) p++;
  let m = 0;
  const intStart = p;
  let d = 0;
  while (p < end && (d = buf[p]! - ZERO) >= 0 && d <= 9) {
    m = m * 10 + d;
    p++;
  }
  let digits = p - intStart;
  let exponent = 0;
  if (p < end && buf[p] === DOT) {
    const fracStart = ++p;
    while (p < end && (d = buf[p]! - ZERO) >= 0 && d <= 9) {
      m = m * 10 + d;
      p++;
    }
    exponent = fracStart - p;
    digits += p - fracStart;
  }
  if (p < end && (buf[p]! | 0x20) === 0x65) {
    const e = readExponent(buf, p + 1, end);
    if (e === undefined) return store(floatFromText(fieldText(buf, start, end, 0)), out, at);
    exponent += e;
    p = end;
  }
  if (p !== end || digits === 0 || m >= EXACT_LIMIT || exponent > 22 || exponent < -22) return store(floatFromText(fieldText(buf, start, end, 0)), out, at);
  const v = exponent >= 0 ? m * POW10[exponent]! : m / POW10[-exponent]!;
  out[at] = sign === MINUS ? -v : v;
  return true;
}

/** Stores a slow-path value: undefined (not a number) fails, and a missing value (NaN) fits only a float64 column. */
function store(value: number | undefined, out: Float64Array | Int32Array, at: number): boolean {
  if (value === undefined) return false;
  if (value !== value && !(out instanceof Float64Array)) return false;
  out[at] = value;
  return true;
}

/** The exponent after `e`: sign and up to 4 digits filling the rest of the field, else undefined. */
function readExponent(buf: Uint8Array, from: number, end: number): number | undefined {
  let p = from;
  const sign = p < end ? buf[p] : 0;
  if (sign === MINUS || sign === PLUS) p++;
  if (p === end || end - p > 4) return undefined;
  let e = 0;
  for (; p < end; p++) {
    const d = buf[p]! - ZERO;
    if (d < 0 || d > 9) return undefined;
    e = e * 10 + d;
  }
  return sign === MINUS ? -e : e;
}

/** Writes an int32 field to out[at]; false when it is missing or not an integer in int32 range. */
export function readInt32(buf: Uint8Array, start: number, end: number, raw: number, out: Int32Array, at: number): boolean {
  let p = start;
  const sign = p < end ? buf[p] : 0;
  if (sign === MINUS || sign === PLUS) p++;
  const digitsStart = p;
  let v = 0;
  let d = 0;
  while (p < end && (d = buf[p]! - ZERO) >= 0 && d <= 9) {
    v = v * 10 + d;
    p++;
  }
  if (raw || p !== end || p === digitsStart || p - digitsStart > 10) return store(intFromText(fieldText(buf, start, end, raw)), out, at);
  v = sign === MINUS ? -v : v;
  if (v < INT32_MIN || v > INT32_MAX) return false;
  out[at] = v;
  return true;
}

const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

/** Writes a bool field (pandas' true_values/false_values) to out[at] as 1 or 0; false for anything else, missing included. */
export function readBool(buf: Uint8Array, start: number, end: number, raw: number, out: Uint8Array, at: number): boolean {
  if (end - start > 5 && !raw) return false;
  const text = fieldText(buf, start, end, raw);
  const value = TRUE.has(text) ? 1 : FALSE.has(text) ? 0 : -1;
  if (value >= 0) out[at] = value;
  return value >= 0;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INFINITY = /^([+-]?)inf(inity)?$/i;
const INTEGER = /^[+-]?\d+$/;

/** The slow path: missing markers (matched exactly, as pandas matches na_values), surrounding spaces, `inf`/`Infinity`, and Number()'s correct rounding. */
export function floatFromText(text: string): number | undefined {
  if (isMissing(text)) return NaN;
  const t = text.trim();
  if (DECIMAL.test(t)) return Number(t);
  const inf = INFINITY.exec(t);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

function intFromText(text: string): number | undefined {
  if (isMissing(text)) return NaN;
  const t = text.trim();
  if (!INTEGER.test(t)) return undefined;
  const v = Number(t);
  return v >= INT32_MIN && v <= INT32_MAX ? v : undefined;
}

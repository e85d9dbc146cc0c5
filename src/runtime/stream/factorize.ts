import { borrowCodes, returnCodes } from './codes-scratch.js';
import { HashIndex } from './hash-index.js';

/**
 * Factorisation: each row's key becomes a dense int32 group code (-1: no group), the
 * step that turns grouping into array indexing. Keys come as numbers: numeric columns
 * as they are, string columns as their dictionary codes, several keys as a combined code.
 */
export interface Factorized {
  /** Group of each row, in [0, groups), or -1 for a row in no group (a null key under dropna). */
  readonly codes: Int32Array;
  readonly groups: number;
  /** The first row of each group: where its key values are read. */
  readonly firstRow: Int32Array;
  /** Whether codes already rank the keys ascending (nulls last), so sorting the groups costs nothing. */
  readonly ascending: boolean;
}

export interface FactorizeOptions {
  /** Keys are integers (an int, bool or dictionary column): dense indexing may apply. */
  readonly integral: boolean;
  /** Dictionary codes: negative values are null. Otherwise NaN is null. */
  readonly negativeIsNull: boolean;
  /** Null keys form no group (pandas' dropna=True). */
  readonly dropna: boolean;
  /** Codes should rank keys ascending when that is free (the dense path); else first appearance. */
  readonly ascending: boolean;
}

/**
 * Direct indexing applies when the key range is at most this many slots and at most
 * eight per row: an Int32Array table of that size stays cheap to clear and mostly cached,
 * where a Map would hash every row.
 */
const DENSE_MAX_RANGE = 1 << 24;
const DENSE_SLOTS_PER_ROW = 8;

export function factorize(keys: ArrayLike<number>, options: FactorizeOptions): Factorized {
  if (keys instanceof Int32Array && options.integral) return factorizeInt32(keys, options);
  const isNull = options.negativeIsNull ? (v: number) => v < 0 : (v: number) => v !== v;
  let min = Infinity;
  let max = -Infinity;
  if (options.integral) {
    for (let i = 0; i < keys.length; i++) {
      const v = keys[i]!;
      if (isNull(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!options.integral || !isDense(min, max, keys.length)) return byHash(keys, isNull, options.dropna);
  const range = Math.max(max - min + 1, 0);
  return options.ascending ? denseAscending(keys, isNull, options.dropna, min, range) : denseFirstSeen(keys, isNull, options.dropna, min, range);
}

const isDense = (min: number, max: number, n: number): boolean => n === 0 || (max - min + 1 <= DENSE_MAX_RANGE && max - min + 1 <= Math.max(DENSE_SLOTS_PER_ROW * n, 1 << 16));

/**
 * int32 keys (int columns and dictionary codes), the common case, in loops V8 keeps
 * monomorphic: typed reads, no null callback, no null check at all without dictionary
 * nulls, and the first rows recorded while marking.
 */
function factorizeInt32(keys: Int32Array, options: FactorizeOptions): Factorized {
  const n = keys.length;
  const skipNegative = options.negativeIsNull;
  let min = 0x7fffffff;
  let max = -0x80000000;
  for (let i = 0; i < n; i++) {
    const v = keys[i]!;
    if (v < min && !(skipNegative && v < 0)) min = v;
    if (v > max) max = v;
  }
  if (!isDense(min, max, n)) return options.negativeIsNull ? byHash(keys, (v) => v < 0, options.dropna) : hashInt32(keys);
  if (!options.ascending || options.negativeIsNull) return denseFirstSeen(keys, (v) => options.negativeIsNull && v < 0, options.dropna, min, Math.max(max - min + 1, 0));
  const range = Math.max(max - min + 1, 0);
  // An int32-typed base keeps `key - lo` a small integer, so the table reads stay on V8's fast path.
  const lo = min | 0;
  // Marking stores row + 1 of each key's first occurrence (0: absent), so the first rows come free.
  const table = new Int32Array(range);
  for (let i = 0; i < n; i++) {
    const k = (keys[i]! - lo) | 0;
    if (table[k] === 0) table[k] = i + 1;
  }
  const firstRow: number[] = [];
  for (let k = 0; k < range; k++) table[k] = table[k] ? firstRow.push(table[k]! - 1) - 1 : -1;
  const codes = borrowCodes(n);
  for (let i = 0; i < n; i++) codes[i] = table[(keys[i]! - lo) | 0]!;
  const groups = firstRow.length;
  return { codes, groups, firstRow: Int32Array.from(firstRow), ascending: true };
}

/** Dense keys, codes in key order: mark which keys occur, number them, then look each row up. */
function denseAscending(keys: ArrayLike<number>, isNull: (v: number) => boolean, dropna: boolean, min: number, range: number): Factorized {
  const n = keys.length;
  const table = new Int32Array(range).fill(-1);
  let sawNull = false;
  for (let i = 0; i < n; i++) {
    const v = keys[i]!;
    if (isNull(v)) sawNull = true;
    else table[v - min] = 0;
  }
  let groups = 0;
  for (let k = 0; k < range; k++) if (table[k] === 0) table[k] = groups++;
  const nullCode = !dropna && sawNull ? groups++ : -1;
  const codes = borrowCodes(n);
  const firstRow = new Int32Array(groups).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = keys[i]!;
    const c = isNull(v) ? nullCode : table[v - min]!;
    codes[i] = c;
    if (c >= 0 && firstRow[c]! < 0) firstRow[c] = i;
  }
  return { codes, groups, firstRow, ascending: true };
}

/** Dense keys, codes in order of first appearance: one pass through a table of codes. */
function denseFirstSeen(keys: ArrayLike<number>, isNull: (v: number) => boolean, dropna: boolean, min: number, range: number): Factorized {
  const n = keys.length;
  const table = new Int32Array(range).fill(-1);
  const first: number[] = [];
  let nullCode = -1;
  const codes = borrowCodes(n);
  for (let i = 0; i < n; i++) {
    const v = keys[i]!;
    if (isNull(v)) {
      if (!dropna && nullCode < 0) nullCode = first.push(i) - 1;
      codes[i] = nullCode;
      continue;
    }
    let c = table[v - min]!;
    if (c < 0) c = table[v - min] = first.push(i) - 1;
    codes[i] = c;
  }
  return { codes, groups: first.length, firstRow: Int32Array.from(first), ascending: false };
}

/**
 * Wide-range int32 keys without nulls (ids, not dictionary codes), codes in order of
 * first appearance: open addressing over one Int32Array of (key, code) pairs, so a probe
 * reads one cache line, with Fibonacci hashing, inline in one loop. 10M rows over 1,000
 * ids spread across the int32 range, one thread, 2-core machine at load 8-10: a whole
 * groupby call took 216-350 ms through the generic HashIndex (a Float64Array keyed by
 * both halves, a method call a row), of which hashing ~240 ms; 87-110 ms with the pairs
 * (two separate Int32Arrays of keys and codes: hashing 148 ms).
 */
function hashInt32(keys: Int32Array): Factorized {
  const n = keys.length;
  let table = emptyPairs(1 << 16);
  let shift = 16;
  let first: Int32Array = new Int32Array(1 << 10);
  let groups = 0;
  const codes = borrowCodes(n);
  for (let i = 0; i < n; i++) {
    const v = keys[i]!;
    const mask = (table.length >>> 1) - 1;
    let h = Math.imul(v, 0x9e3779b1) >>> shift;
    let c = table[2 * h + 1]!;
    while (c >= 0 && table[2 * h] !== v) {
      h = (h + 1) & mask;
      c = table[2 * h + 1]!;
    }
    if (c < 0) {
      c = groups;
      table[2 * h] = v;
      table[2 * h + 1] = c;
      if (groups === first.length) first = grown(first);
      first[groups++] = i;
      if (groups * 2 > mask) ({ table, shift } = rehashed(table, shift));
    }
    codes[i] = c;
  }
  return { codes, groups, firstRow: first.slice(0, groups), ascending: false };
}

/** Room for `slots` (key, code) pairs, every code -1 (empty). */
function emptyPairs(slots: number): Int32Array {
  const table = new Int32Array(2 * slots);
  for (let j = 1; j < table.length; j += 2) table[j] = -1;
  return table;
}

function grown(a: Int32Array): Int32Array {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

/** The pairs of hashInt32 in a table twice the size, every key placed again. */
function rehashed(table: Int32Array, shift: number): { table: Int32Array; shift: number } {
  const next = emptyPairs(table.length);
  const mask = (next.length >>> 1) - 1;
  for (let j = 0; j < table.length; j += 2) {
    if (table[j + 1]! < 0) continue;
    let h = Math.imul(table[j]!, 0x9e3779b1) >>> (shift - 1);
    while (next[2 * h + 1]! >= 0) h = (h + 1) & mask;
    next[2 * h] = table[j]!;
    next[2 * h + 1] = table[j + 1]!;
  }
  return { table: next, shift: shift - 1 };
}

/** Any keys: a hash index from key to code, in order of first appearance (-0 and 0 are one key, as in pandas). */
function byHash(keys: ArrayLike<number>, isNull: (v: number) => boolean, dropna: boolean): Factorized {
  const n = keys.length;
  const index = new HashIndex(Math.min(n, 1 << 16));
  const first: number[] = [];
  /** Group code of each index code: they differ once a null group has been numbered between keys. */
  const groupOf: number[] = [];
  let nullCode = -1;
  const codes = borrowCodes(n);
  for (let i = 0; i < n; i++) {
    const v = keys[i]!;
    if (isNull(v)) {
      if (!dropna && nullCode < 0) nullCode = first.push(i) - 1;
      codes[i] = nullCode;
      continue;
    }
    const before = index.size;
    const c = index.codeOf(v);
    if (index.size > before) groupOf.push(first.push(i) - 1);
    codes[i] = groupOf[c]!;
  }
  return { codes, groups: first.length, firstRow: Int32Array.from(first), ascending: false };
}

/**
 * Two factorisations combined into one: the pair (a, b) of each row as a single number
 * a * groupsB + b (exact: both are below 2^31, the product below 2^53), factorised
 * again. A row in no group under either key is in no combined group. When both codes
 * rank their keys, pair order is lexicographic key order, so the dense path keeps it.
 */
export function combine(a: Factorized, b: Factorized, ascending: boolean): Factorized {
  const n = a.codes.length;
  const pair = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = a.codes[i]!;
    const y = b.codes[i]!;
    pair[i] = x < 0 || y < 0 ? -1 : x * b.groups + y;
  }
  returnCodes(a.codes);
  returnCodes(b.codes);
  const ranked = ascending && a.ascending && b.ascending;
  const joined = factorize(pair, { integral: true, negativeIsNull: true, dropna: true, ascending: ranked });
  return { ...joined, ascending: ranked && joined.ascending };
}

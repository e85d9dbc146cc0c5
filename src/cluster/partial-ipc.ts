import type * as Arrow from 'apache-arrow';
import type { StatRows } from '../runtime/stream/group-state.js';
import type { PartialKey } from '../runtime/stream/partial-keys.js';
import type { StreamPartial } from '../runtime/stream/partial.js';
import type { BucketPiece } from '../runtime/stream/shuffle.js';
import type { BucketResult } from '../runtime/stream/partial.js';
import { ClusterError } from './errors.js';

/**
 * Partials as bytes for Redis: Arrow IPC streams (keys as Float64 or Utf8 columns,
 * statistics as Float64 columns, dictionaries as Utf8), framed with a small header
 * of counts and names, so a partial crosses the wire without JSON of its data.
 */

type ArrowModule = typeof Arrow;
let loaded: Promise<ArrowModule> | undefined;
/** apache-arrow, loaded on first use. */
export const arrowModule = (): Promise<ArrowModule> => (loaded ??= import('apache-arrow'));

/** Frames: a u32 count, then each part as a u32 length and its bytes. */
function pack(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(4 + parts.reduce((n, p) => n + 4 + p.byteLength, 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, parts.length, true);
  let at = 4;
  for (const p of parts) {
    view.setUint32(at, p.byteLength, true);
    out.set(p, at + 4);
    at += 4 + p.byteLength;
  }
  return out;
}

function unpack(bytes: Uint8Array, what: string): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (): never => {
    throw new ClusterError(`cluster: the ${what} read from Redis is not a partial (${bytes.byteLength} bytes)`);
  };
  if (bytes.byteLength < 4) fail();
  const parts: Uint8Array[] = [];
  let at = 4;
  for (let k = view.getUint32(0, true); k > 0; k--) {
    if (at + 4 > bytes.byteLength) fail();
    const n = view.getUint32(at, true);
    if (at + 4 + n > bytes.byteLength) fail();
    parts.push(bytes.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return parts;
}

const text = new TextEncoder();
const json = (value: unknown): Uint8Array => text.encode(JSON.stringify(value));
const parseJson = (bytes: Uint8Array): Record<string, unknown> => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;

/** Key columns then extra Float64 columns as one table; string keys decoded to Utf8 with nulls. */
async function keysTable(keys: readonly PartialKey[], extra: Record<string, Float64Array>): Promise<Uint8Array> {
  const a = await arrowModule();
  const cols: Record<string, Arrow.Vector> = {};
  keys.forEach((k, j) => {
    const d = k.dictionary;
    cols[`k${j}`] = d ? a.vectorFromArray(Array.from(k.values, (v) => (v < 0 ? null : d[v]!)), new a.Utf8()) : a.makeVector(k.values);
  });
  for (const [name, v] of Object.entries(extra)) cols[name] = a.makeVector(v);
  return a.tableToIPC(new a.Table(cols), 'stream');
}

/** Strings back as dictionary codes in first-appearance order (null: -1). */
function encodeKey(values: readonly (string | null)[]): PartialKey {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = new Float64Array(values.length);
  values.forEach((s, i) => {
    if (s === null) return void (codes[i] = -1);
    let c = index.get(s);
    if (c === undefined) index.set(s, (c = dictionary.push(s) - 1));
    codes[i] = c;
  });
  return { values: codes, dictionary };
}

async function readTable(bytes: Uint8Array): Promise<Arrow.Table> {
  return (await arrowModule()).tableFromIPC(bytes);
}

function floats(table: Arrow.Table, name: string): Float64Array {
  const v = table.getChild(name);
  if (!v) throw new ClusterError(`cluster: a partial lacks its column '${name}'`);
  return Float64Array.from(v.toArray() as Float64Array);
}

function keysOfTable(table: Arrow.Table, count: number, strings: readonly boolean[]): PartialKey[] {
  return Array.from({ length: count }, (_, j) => {
    const v = table.getChild(`k${j}`);
    if (!v) throw new ClusterError(`cluster: a partial lacks key column ${j}`);
    return strings[j] ? encodeKey([...v] as (string | null)[]) : { values: Float64Array.from(v.toArray() as Float64Array) };
  });
}

async function stringsTable(list: readonly string[]): Promise<Uint8Array> {
  const a = await arrowModule();
  return a.tableToIPC(new a.Table({ s: a.vectorFromArray([...list], new a.Utf8()) }), 'stream');
}

async function readStrings(bytes: Uint8Array): Promise<string[]> {
  return [...((await readTable(bytes)).getChild('s') ?? [])] as string[];
}

const stateColumns = (data: Float64Array, rows: number, groups: number): Record<string, Float64Array> =>
  Object.fromEntries(Array.from({ length: rows }, (_, r) => [`s${r}`, data.subarray(r * groups, (r + 1) * groups)]));

function stateOf(table: Arrow.Table, layout: StatRows): Float64Array {
  const groups = table.numRows;
  const data = new Float64Array(layout.size * groups);
  for (let r = 0; r < layout.size; r++) data.set(floats(table, `s${r}`), r * groups);
  return data;
}

/** A merged partial as bytes. */
export async function encodePartial(p: StreamPartial): Promise<Uint8Array> {
  const values = Object.entries(p.values);
  const header = { kind: 'partial', rows: p.rows, strings: p.keys.map((k) => k.dictionary !== undefined), values: values.map(([name]) => name), dtypes: p.dtypes };
  const table = await keysTable(p.keys, stateColumns(p.state.data, p.state.layout.size, p.state.groups));
  return pack([json(header), table, ...(await Promise.all(values.map(([, list]) => stringsTable(list))))]);
}

/** A merged partial from bytes, its statistics in `layout`. */
export async function decodePartial(bytes: Uint8Array, layout: StatRows): Promise<StreamPartial> {
  const [head, body, ...dictionaries] = unpack(bytes, 'partial');
  const header = parseJson(head!) as { kind: string; rows: number; strings: boolean[]; values: string[]; dtypes: Record<string, string> };
  if (header.kind !== 'partial') throw new ClusterError(`cluster: expected a partial, read a ${String(header.kind)}`);
  const table = await readTable(body!);
  const keys = keysOfTable(table, header.strings.length, header.strings);
  const values = Object.fromEntries(await Promise.all(header.values.map(async (name, k) => [name, await readStrings(dictionaries[k]!)] as const)));
  return { keys, state: { layout, groups: table.numRows, data: stateOf(table, layout) }, rows: header.rows, values, dtypes: header.dtypes };
}

/** A partition's rows of one shuffle bucket as bytes. */
export async function encodePiece(p: BucketPiece): Promise<Uint8Array> {
  const a = await arrowModule();
  const pairs = new a.Table({ group: a.makeVector(p.group), ...Object.fromEntries(p.values.map((v, k) => [`v${k}`, a.makeVector(v)])) });
  const strings = p.keys.map((k) => k.dictionary !== undefined);
  const dictionaries = p.dictionaries.map((d) => d !== undefined);
  const header = { kind: 'piece', strings, dictionaries, columns: p.values.length };
  const lists = await Promise.all(p.dictionaries.flatMap((d) => (d ? [stringsTable(d)] : [])));
  return pack([json(header), await keysTable(p.keys, {}), a.tableToIPC(pairs, 'stream'), ...lists]);
}

/** A shuffle bucket's piece from bytes. */
export async function decodePiece(bytes: Uint8Array): Promise<BucketPiece> {
  const [head, keyBytes, pairBytes, ...lists] = unpack(bytes, 'shuffle piece');
  const header = parseJson(head!) as { kind: string; strings: boolean[]; dictionaries: boolean[]; columns: number };
  if (header.kind !== 'piece') throw new ClusterError(`cluster: expected a shuffle piece, read a ${String(header.kind)}`);
  const keys = keysOfTable(await readTable(keyBytes!), header.strings.length, header.strings);
  const pairs = await readTable(pairBytes!);
  const group = Int32Array.from((pairs.getChild('group')?.toArray() ?? []) as Int32Array);
  const values = Array.from({ length: header.columns }, (_, k) => floats(pairs, `v${k}`));
  let next = 0;
  const dictionaries = await Promise.all(header.dictionaries.map((has) => (has ? readStrings(lists[next++]!) : undefined)));
  return { keys, group, values, dictionaries };
}

/** A reduced bucket (its groups' keys and order statistics) as bytes. */
export async function encodeBucket(b: BucketResult): Promise<Uint8Array> {
  const header = { kind: 'bucket', strings: b.keys.map((k) => k.dictionary !== undefined) };
  return pack([json(header), await keysTable(b.keys, stateColumns(b.state.data, b.state.layout.size, b.state.groups))]);
}

/** A reduced bucket from bytes, its statistics in `layout`. */
export async function decodeBucket(bytes: Uint8Array, layout: StatRows): Promise<BucketResult> {
  const [head, body] = unpack(bytes, 'reduced bucket');
  const header = parseJson(head!) as { kind: string; strings: boolean[] };
  if (header.kind !== 'bucket') throw new ClusterError(`cluster: expected a reduced bucket, read a ${String(header.kind)}`);
  const table = await readTable(body!);
  return { keys: keysOfTable(table, header.strings.length, header.strings), state: { layout, groups: table.numRows, data: stateOf(table, layout) } };
}

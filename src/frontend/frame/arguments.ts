import { ArgumentError, ValueError } from '../../graph/errors.js';
import { boolArg, checkOptions, describe } from '../arguments.js';

/** Column names a Frame method takes: one name or a list of them (#20). */
export function columnNames(op: string, keys: unknown, name = 'keys'): string[] {
  const list = typeof keys === 'string' ? [keys] : Array.isArray(keys) ? (keys as unknown[]) : undefined;
  if (list === undefined || !list.every((k) => typeof k === 'string')) {
    throw new ArgumentError(`${op}: ${name} must be a column name or a list of column names, got ${describe(keys)}`);
  }
  return list as string[];
}

/** groupby's keys (at least one column name) and options, as Frame and ScanFrame take them; `more` names further options the caller checks. */
export function groupKeyNames(keys: unknown, options: unknown, more: readonly string[] = []): string[] {
  const names = columnNames('groupby', keys);
  const o = checkOptions('groupby', options, ['sort', 'dropna', ...more]);
  boolArg('groupby', 'sort', o.sort);
  boolArg('groupby', 'dropna', o.dropna);
  if (names.length === 0) throw new ValueError('groupby: expected at least one key column');
  return names;
}

const isByteSource = (v: unknown): boolean =>
  typeof v === 'string' || v instanceof Uint8Array || (typeof Blob !== 'undefined' && v instanceof Blob) ||
  (typeof ReadableStream !== 'undefined' && v instanceof ReadableStream) || (v !== null && typeof v === 'object' && Symbol.asyncIterator in v);

/** What scanCsv and scanArrow read: a path, a Blob, a stream, bytes or an async iterable of byte chunks. */
export function checkByteSource(op: string, source: unknown): void {
  if (!isByteSource(source)) {
    throw new ArgumentError(`${op}: source must be a file path, a Blob, a ReadableStream, a Uint8Array or an async iterable of Uint8Array, got ${describe(source)}`);
  }
}

/** An apache-arrow Table, as far as fromArrow reads one: it has a schema with fields. */
export function checkArrowTable(op: string, table: unknown): void {
  const fields = (table as { schema?: { fields?: unknown } } | null)?.schema?.fields;
  if (!Array.isArray(fields)) throw new ArgumentError(`${op}: expected an apache-arrow Table, got ${describe(table)}`);
}

import { ArgumentError } from '../../graph/errors.js';
import { describe } from '../arguments.js';

/** Column names a Frame method takes: one name or a list of them (#20). */
export function columnNames(op: string, keys: unknown, name = 'keys'): string[] {
  const list = typeof keys === 'string' ? [keys] : Array.isArray(keys) ? (keys as unknown[]) : undefined;
  if (list === undefined || !list.every((k) => typeof k === 'string')) {
    throw new ArgumentError(`${op}: ${name} must be a column name or a list of column names, got ${describe(keys)}`);
  }
  return list as string[];
}

import type { Table } from 'apache-arrow';
import type { Column } from './column.js';
import { decode } from './frame.js';
import { hostValues } from './host.js';

/**
 * An apache-arrow Table of the columns: numbers as their own Arrow types (bool as Bool),
 * strings as Utf8 with nulls. apache-arrow is imported here, on first use, so code that
 * never converts to Arrow never loads it.
 */
export async function toArrowTable(cols: ReadonlyMap<string, Column>): Promise<Table> {
  const arrow = await import('apache-arrow');
  const entries = [...cols];
  const hosts = await hostValues('toArrow', entries.map(([, c]) => (c.kind === 'number' ? c.values : c.codes)));
  const vectors = entries.map(([, c], k) => {
    const h = hosts[k]!.slice();
    if (c.kind === 'string') return arrow.vectorFromArray(decode(h, c.dictionary), new arrow.Utf8());
    if (c.values.dtype === 'bool') return arrow.vectorFromArray(Array.from(h, (x) => x !== 0), new arrow.Bool());
    return arrow.makeVector(h as Float64Array);
  });
  return new arrow.Table(Object.fromEntries(entries.map(([name], k) => [name, vectors[k]!])));
}

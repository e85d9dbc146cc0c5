import { allocate } from '../../graph/dtype.js';
import { asarray } from '../creation.js';
import type { Column } from './column.js';

/** One key column's value for each group (a number, or a dictionary code for strings). */
export interface GroupKey {
  readonly column: Column;
  readonly values: ArrayLike<number>;
}

/** Ascending with NaN (and null, code -1) last. */
function compareKey(k: GroupKey): (a: number, b: number) => number {
  if (k.column.kind === 'string') {
    const dict = k.column.dictionary;
    return (a, b) => {
      const x = k.values[a]!;
      const y = k.values[b]!;
      if (x < 0 || y < 0) return (x < 0 ? 1 : 0) - (y < 0 ? 1 : 0);
      const s = dict[x]!;
      const t = dict[y]!;
      return s < t ? -1 : s > t ? 1 : 0;
    };
  }
  return (a, b) => {
    const x = k.values[a]!;
    const y = k.values[b]!;
    if (x !== x || y !== y) return (x !== x ? 1 : 0) - (y !== y ? 1 : 0);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

/** The groups in lexicographic key order. */
export function groupOrder(keys: readonly GroupKey[], groups: number): Int32Array {
  const compare = keys.map(compareKey);
  const order = new Int32Array(groups);
  for (let g = 0; g < groups; g++) order[g] = g;
  return order.sort((a, b) => {
    for (const c of compare) {
      const r = c(a, b);
      if (r !== 0) return r;
    }
    return 0;
  });
}

/** A key column of the result, groups in `order`, in the key's own dtype or dictionary. */
export function keyColumn(k: GroupKey, order: Int32Array): Column {
  const out = allocate(k.column.kind === 'string' ? 'int32' : k.column.values.dtype, order.length);
  for (let j = 0; j < order.length; j++) out[j] = k.values[order[j]!]!;
  return k.column.kind === 'string' ? { kind: 'string', codes: asarray(out), dictionary: k.column.dictionary } : { kind: 'number', values: asarray(out) };
}

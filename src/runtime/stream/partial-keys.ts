import type { GroupState, HostKey, Partial } from './group-state.js';
import type { StreamKeys } from './stream-keys.js';

/** One key column of a partial: each group's value, a number or (for strings) a code into `dictionary` (-1: null). */
export interface PartialKey {
  readonly values: Float64Array;
  readonly dictionary?: readonly string[];
}

/**
 * Groups given by their key values (group g's at g of each key) as a block's Partial, so
 * StreamKeys and StateMerger take them as they take a block: a partial's groups, or a
 * block grouped by slots, whose groups are already in ascending key order (`ascending`).
 */
export function asBlock(keys: readonly { readonly values: HostKey['host']; readonly dictionary?: readonly string[] | undefined }[], state: GroupState, ascending = false): Partial {
  const firstRow = new Int32Array(state.groups);
  for (let g = 0; g < firstRow.length; g++) firstRow[g] = g;
  const hosts: HostKey[] = keys.map((k) => ({ host: k.values, dictionary: k.dictionary }));
  return { factorized: { groups: state.groups, firstRow, ascending }, keys: hosts, state };
}

/** The keys of a StreamKeys as partial key columns; `strings[k]` says whether key k holds dictionary codes. */
export function keysOf(keys: StreamKeys, names: readonly string[], strings: readonly boolean[]): PartialKey[] {
  return names.map((name, k) => ({ values: Float64Array.from(keys.keyValues(k)), ...(strings[k] ? { dictionary: keys.keyDictionary(name) } : {}) }));
}


import type { StatRows } from './group-state.js';
import { asBlock, keysOf, type PartialKey } from './partial-keys.js';
import { StreamKeys } from './stream-keys.js';

/**
 * Buckets a partitioned groupby's order-statistic pairs are shuffled into: bucket b of
 * every partition goes to one reduce job. The same count as the local streamed path's
 * partitions (stream-order-stats.ts), for the same reason: a reducer holds a sixteenth.
 */
export const BUCKETS = 16;

/**
 * One partition's rows of one bucket: pair i is a row of the piece's group `group[i]`
 * (an index into `keys`) with the value `values[k][i]` of ordered column k; a string
 * column's values are codes into `dictionaries[k]`.
 */
export interface BucketPiece {
  readonly keys: readonly PartialKey[];
  readonly group: Int32Array;
  readonly values: readonly Float64Array[];
  readonly dictionaries: readonly (readonly string[] | undefined)[];
}

/** FNV-1a of a group's key values as text, so every machine puts a group in the same bucket whatever its partition numbered it. */
export function bucketOf(keys: readonly PartialKey[], g: number): number {
  let h = 0x811c9dc5;
  for (const k of keys) {
    const v = k.values[g]!;
    const text = k.dictionary ? (v < 0 ? '\u0000null' : `s${k.dictionary[v]!}`) : `n${String(v)}`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0xff, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
}

const groupsOf = (keys: readonly PartialKey[]): number => keys[0]?.values.length ?? 0;

/** A partition's order-statistic pairs, split by their group's bucket into pieces whose groups are numbered locally. */
export class ShuffleBuckets {
  private readonly chunks: { group: Int32Array; values: Float64Array[] }[] = [];

  constructor(
    private readonly keys: readonly PartialKey[],
    private readonly dictionaries: readonly (readonly string[] | undefined)[],
  ) {}

  /** One block's pairs: `group[i]` the partition's group of row i (-1: none), `values[k][i]` its value of ordered column k. */
  add(group: Int32Array, values: Float64Array[]): void {
    this.chunks.push({ group, values });
  }

  /** The BUCKETS pieces, rows in the order they were added. */
  pieces(): BucketPiece[] {
    const groups = groupsOf(this.keys);
    const bucket = new Int32Array(groups);
    for (let g = 0; g < groups; g++) bucket[g] = bucketOf(this.keys, g);
    const local = new Int32Array(groups);
    const members: number[][] = Array.from({ length: BUCKETS }, () => []);
    for (let g = 0; g < groups; g++) local[g] = members[bucket[g]!]!.push(g) - 1;
    const counts = new Int32Array(BUCKETS);
    for (const c of this.chunks) for (const g of c.group) if (g >= 0) counts[bucket[g]!]!++;
    const pieces = members.map((m, b) => ({
      keys: this.keys.map((k) => ({ ...k, values: Float64Array.from(m, (g) => k.values[g]!) })),
      group: new Int32Array(counts[b]!),
      values: this.dictionaries.map(() => new Float64Array(counts[b]!)),
      dictionaries: this.dictionaries,
    }));
    const at = new Int32Array(BUCKETS);
    for (const c of this.chunks) {
      for (let i = 0; i < c.group.length; i++) {
        const g = c.group[i]!;
        if (g < 0) continue;
        const p = pieces[bucket[g]!]!;
        const j = at[bucket[g]!]!++;
        p.group[j] = local[g]!;
        for (let k = 0; k < p.values.length; k++) p.values[k]![j] = c.values[k]![i]!;
      }
    }
    return pieces;
  }
}

/** The groupAgg pass a reducer runs over its pairs (the frontend's, so the statistics are the in-memory groupby's). */
export type Statistics = (codes: Int32Array, groups: number, layout: StatRows, values: readonly Float64Array[]) => Promise<Float64Array>;

/**
 * The order statistics of one bucket from every partition's piece, in partition order:
 * groups are matched by key value, string values by text, then one groupAgg pass.
 */
export async function reduceBucket(keyNames: readonly string[], layout: StatRows, pieces: readonly BucketPiece[], statistics: Statistics): Promise<{ keys: PartialKey[]; state: { layout: StatRows; groups: number; data: Float64Array } }> {
  const keys = new StreamKeys(keyNames);
  const rows = pieces.reduce((n, p) => n + p.group.length, 0);
  const codes = new Int32Array(rows);
  const values = layout.columns.map(() => new Float64Array(rows));
  let at = 0;
  for (const p of pieces) {
    const target = keys.add(asBlock(p.keys, { layout, groups: groupsOf(p.keys), data: new Float64Array(0) }));
    for (let i = 0; i < p.group.length; i++) codes[at + i] = target[p.group[i]!]!;
    layout.columns.forEach((name, k) => {
      const from = p.values[k]!;
      const dictionary = p.dictionaries[k];
      for (let i = 0; i < from.length; i++) values[k]![at + i] = dictionary ? keys.translateValue(name, dictionary, 'first', from[i]!) : from[i]!;
    });
    at += p.group.length;
  }
  const strings = keyNames.map((_, k) => pieces.some((p) => p.keys[k]?.dictionary !== undefined));
  const out = keysOf(keys, keyNames, strings);
  const groups = groupsOf(out);
  const data = groups === 0 ? new Float64Array(0) : await statistics(codes, groups, layout, values);
  return { keys: out, state: { layout, groups, data } };
}

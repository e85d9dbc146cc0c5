import { ValueError } from '../../graph/errors.js';
import type { GroupStat } from '../../graph/group-agg.js';
import type { GroupState, StatRows } from './group-state.js';
import { asBlock, keysOf, type PartialKey } from './partial-keys.js';
import { StateMerger } from './merge.js';
import { mergeBlocks, type BlockOps, type StreamLayouts } from './scan.js';
import { StreamKeys } from './stream-keys.js';
import { combineStates } from './stream-order-stats.js';
import { ShuffleBuckets, type BucketPiece } from './shuffle.js';

/**
 * The merged statistics of one partition of a source, or of several merged in order:
 * what a map job of a partitioned groupby yields and a combine job merges. Groups are
 * numbered in order of first appearance; `rows` places argmin/argmax of the partitions
 * after it; `values` holds the dictionaries that string values of first/last index;
 * `dtypes` the columns' types as the frontend names them (the result's template).
 */
export interface StreamPartial {
  readonly keys: readonly PartialKey[];
  readonly state: GroupState;
  readonly rows: number;
  readonly values: Readonly<Record<string, readonly string[]>>;
  readonly dtypes: Readonly<Record<string, string>>;
}

/** A map job's output: its partial and, when the layout has order statistics, its rows split into shuffle buckets. */
export interface MapOutput {
  readonly partial: StreamPartial;
  readonly buckets: readonly BucketPiece[] | undefined;
}

function valueDictionaries(keys: StreamKeys, names: Iterable<string>): Record<string, readonly string[]> {
  return Object.fromEntries([...names].map((name) => [name, keys.valueDictionary(name)]));
}

/**
 * Groups one partition's blocks as a streamed groupby does (scan.ts), merging their
 * partials; order statistics' pairs go to shuffle buckets by key hash, so the
 * partitions' pairs of one group meet in one bucket. `dtypesOf` describes the last block.
 */
export async function mapPartition<B>(
  blocks: AsyncIterable<B>,
  keyNames: readonly string[],
  layouts: StreamLayouts,
  ops: BlockOps<B>,
  dtypesOf: (block: B) => Record<string, string>,
): Promise<MapOutput> {
  const pairs: { group: Int32Array; values: Float64Array[] }[] = [];
  const merged = await mergeBlocks(blocks, keyNames, layouts, ops, (group, values) => pairs.push({ group, values }));
  const { last, keys, merger, rows } = merged;
  const strings = keyNames.map((name) => (last === undefined ? false : ops.dictionary(last, name) !== undefined));
  const valueColumns = new Set([...layouts.merged.columns, ...layouts.ordered.columns].filter((name) => last !== undefined && ops.dictionary(last, name) !== undefined));
  const state = merger.state();
  const partial: StreamPartial = { keys: keysOf(keys, keyNames, strings), state, rows, values: valueDictionaries(keys, valueColumns), dtypes: last === undefined ? {} : dtypesOf(last) };
  if (layouts.ordered.size === 0) return { partial, buckets: undefined };
  const buckets = new ShuffleBuckets(partial.keys, layouts.ordered.columns.map((name) => partial.values[name]));
  for (const p of pairs) buckets.add(p.group, p.values);
  return { partial, buckets: buckets.pieces() };
}

/**
 * Merges partials in the order given, as the streamed groupby merges blocks: the same
 * combines (kernel/reductions.ts), so merging a fixed list in a fixed tree gives the
 * same bytes however many workers computed it. One partial is returned as it is.
 */
export function combinePartials(keyNames: readonly string[], layout: StatRows, parts: readonly StreamPartial[]): StreamPartial {
  if (parts.length === 1) return parts[0]!;
  const keys = new StreamKeys(keyNames);
  const merger = new StateMerger(layout);
  let rows = 0;
  for (const p of parts) {
    const block = asBlock(p.keys, p.state);
    const translate = (column: number, stat: GroupStat, v: number) => keys.translateValue(layout.columns[column]!, p.values[layout.columns[column]!], stat, v);
    merger.add(block, keys.add(block), rows, translate);
    rows += p.rows;
  }
  const strings = keyNames.map((_, k) => parts.some((p) => p.keys[k]?.dictionary !== undefined));
  const values = new Set(parts.flatMap((p) => Object.keys(p.values)));
  const dtypes = parts.find((p) => Object.keys(p.dtypes).length > 0)?.dtypes ?? {};
  return { keys: keysOf(keys, keyNames, strings), state: merger.state(), rows, values: valueDictionaries(keys, values), dtypes };
}

/** The order statistics of one shuffle bucket: its groups' keys and their statistics of the ordered layout. */
export interface BucketResult {
  readonly keys: readonly PartialKey[];
  readonly state: GroupState;
}

/**
 * The full statistics of the merged partial `root`: its merged rows, and the order
 * statistics of each of its groups from the bucket that holds the group's pairs.
 */
export function finishPartial(keyNames: readonly string[], layouts: StreamLayouts, root: StreamPartial, buckets: readonly BucketResult[]): GroupState {
  if (layouts.ordered.size === 0) return root.state;
  const keys = new StreamKeys(keyNames);
  keys.add(asBlock(root.keys, root.state));
  const groups = root.state.groups;
  const data = new Float64Array(layouts.ordered.size * groups);
  for (const b of buckets) {
    const target = keys.add(asBlock(b.keys, b.state));
    for (let r = 0; r < layouts.ordered.size; r++) {
      for (let g = 0; g < target.length; g++) {
        if (target[g]! >= groups) throw new ValueError('agg: a shuffle bucket holds a group the merged partials do not (partials of different queries?)');
        data[r * groups + target[g]!] = b.state.data[r * b.state.groups + g]!;
      }
    }
  }
  return combineStates(layouts.full, root.state, { layout: layouts.ordered, groups, data });
}

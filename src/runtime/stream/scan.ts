import { ValueError } from '../../graph/errors.js';
import type { GroupStat } from '../../graph/group-agg.js';
import type { ColumnBatch } from '../../io/index.js';
import type { GroupState, Partial, StatRows } from './group-state.js';
import { StateMerger } from './merge.js';
import { StreamKeys } from './stream-keys.js';
import { turnEventLoop } from '../turn.js';
import { combineStates, globalRows, OrderStats, orderValues, type OrderStatsEngine } from './stream-order-stats.js';

/**
 * A source that never waits for I/O (bytes in memory, a generating ReadableStream) runs
 * the whole scan in one job, and a WeakRef made or read in a job keeps its target alive
 * until the job ends (ECMA-262 AddToKeptObjects): the wasm backend's resident copies of
 * frozen arrays (kernel results, frozen inputs) then stay for every block. Letting the
 * event loop turn every 4 MB of source releases them; a 240 MB generated stream in 4 MB
 * blocks with frozen block columns measured array buffers growing 2 MiB per block
 * without it and flat at 17 MiB with it. A turn is cheap next to a block's work.
 */
const TURN_BYTES = 4e6;

/** Each batch as a block (`toBlock`: the frontend's frame after its recorded steps), the event loop let turn every TURN_BYTES of source. */
export async function* blocksOf<B>(batches: AsyncIterable<ColumnBatch>, toBlock: (batch: ColumnBatch) => Promise<B>): AsyncIterable<B> {
  let turned = 0;
  for await (const batch of batches) {
    yield await toBlock(batch);
    if (batch.bytes - turned >= TURN_BYTES) {
      turned = batch.bytes;
      await turnEventLoop();
    }
  }
}

/** What the executor needs done to a block (the frontend's frame), which it sees only through these. */
export interface BlockOps<B> extends OrderStatsEngine {
  rows(block: B): number;
  /** The block's groups, numbered in order of first appearance, and their statistics of the merged layout; `seeCodes` may read (not keep) each row's group. */
  aggregate(block: B, seeCodes: ((codes: Int32Array) => void) | undefined): Promise<Partial>;
  /** A value column's dictionary in this block; undefined for a number column. */
  dictionary(block: B, column: string): readonly string[] | undefined;
  /** Value columns on the host: numbers, or string codes with null as NaN. */
  values(block: B, columns: readonly string[]): Promise<ArrayLike<number>[]>;
}

/** The statistics of a streamed aggregation: those whose block partials merge, those that need all of a group's values, and all of them as the result orders them. */
export interface StreamLayouts {
  readonly merged: StatRows;
  readonly ordered: StatRows;
  readonly full: StatRows;
}

/** A streamed aggregation's groups: the last block (its columns describe the result's), the statistics of the full layout, and the keys. */
export interface StreamedGroups<B> {
  readonly last: B;
  readonly state: GroupState;
  readonly keys: StreamKeys;
}

/** What merging a source's blocks leaves: the keys, the merged partials, the rows seen and the last block. */
export interface MergedBlocks<B> {
  readonly last: B | undefined;
  readonly keys: StreamKeys;
  readonly merger: StateMerger;
  readonly rows: number;
}

/**
 * Groups each block and merges its partials of the merged layout into running state;
 * when the layout has order statistics, `onPairs` gets each block's rows as (global
 * group, values) pairs, string values as stream dictionary codes.
 */
export async function mergeBlocks<B>(
  blocks: AsyncIterable<B>,
  keyNames: readonly string[],
  layouts: StreamLayouts,
  ops: BlockOps<B>,
  onPairs: (group: Int32Array, values: Float64Array[]) => void,
): Promise<MergedBlocks<B>> {
  const merger = new StateMerger(layouts.merged);
  const keys = new StreamKeys(keyNames);
  const ordered = layouts.ordered.size > 0;
  let last: B | undefined;
  let rows = 0;
  for await (const block of blocks) {
    let codes: Int32Array | undefined;
    const p = await ops.aggregate(block, ordered ? (c) => (codes = c.slice()) : undefined);
    const target = keys.add(p);
    const dictionaries = layouts.merged.columns.map((name) => ops.dictionary(block, name));
    const translate = (column: number, stat: GroupStat, v: number) => keys.translateValue(layouts.merged.columns[column]!, dictionaries[column], stat, v);
    merger.add(p, target, rows, translate);
    if (codes) {
      const columns = layouts.ordered.columns;
      const values = await ops.values(block, columns);
      onPairs(globalRows(codes, target), orderValues(layouts.ordered, values, columns.map((name) => ops.dictionary(block, name)), keys));
    }
    rows += ops.rows(block);
    last = block;
  }
  return { last, keys, merger, rows };
}

/**
 * Statistics whose block partials merge (sums, counts, m2, extremes, first/last) are
 * merged block by block; median, quantile and nunique keep each block's (group, value)
 * pairs in the buffer cache instead (stream-order-stats.ts), finished at the end.
 */
export async function aggregateStream<B>(blocks: AsyncIterable<B>, keyNames: readonly string[], layouts: StreamLayouts, ops: BlockOps<B>): Promise<StreamedGroups<B>> {
  const order = new OrderStats(layouts.ordered, ops);
  const { last, keys, merger } = await mergeBlocks(blocks, keyNames, layouts, ops, (group, values) => order.add(group, values));
  if (last === undefined) throw new ValueError('agg: the source has no rows and no header, so there are no columns to group');
  const state = order.empty ? merger.state() : combineStates(layouts.full, merger.state(), await order.finish(merger.groups));
  return { last, state, keys };
}

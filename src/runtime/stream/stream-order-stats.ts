import type { AnyTypedArray } from '../../graph/dtype.js';
import { freeze } from '../../graph/immutable.js';
import { statRow, type GroupState, type StatRows } from './group-state.js';
import { mergeable } from './merge.js';
import type { StreamKeys } from './stream-keys.js';

/** An array the buffer cache owns (the frontend's NDArray): it may spill, and is read back when finishing. */
export interface KeptArray {
  readonly shape: readonly number[];
  data(): Promise<AnyTypedArray>;
  dispose(): void;
}

/** What the order statistics have the frontend do: keep arrays in the buffer cache, and run the groupAgg pass. */
export interface OrderStatsEngine {
  /** A frozen array, handed to the buffer cache, which owns it from then on. */
  keep(values: Int32Array | Float64Array): KeptArray;
  /** The statistics of `layout` over rows grouped by `codes` (in [-1, groups)), `values[k]` the rows of layout column k. */
  statistics(codes: Int32Array, groups: number, layout: StatRows, values: readonly Float64Array[]): Promise<Float64Array>;
}

/**
 * Partitions the kept pairs are split into by group. Finishing holds one partition's
 * pairs in memory at a time, so peak memory is the pairs' total over this many, while
 * the unfinished partitions stay in the buffer cache (and spill to disk under its budget).
 */
const PARTITIONS = 16;

/** One block's pairs of one partition: each row's global group and its values of each column. */
interface Chunk {
  readonly groups: KeptArray;
  readonly values: readonly KeptArray[];
}

/**
 * Median, quantile and nunique of a streamed groupby. Block partials of these do not
 * merge, so each block's (group, value) pairs are kept instead, in arrays the buffer
 * cache owns (spilled to disk when the host budget is full, like any array), split by
 * group into partitions; finishing runs the ordinary groupAgg pass over one partition
 * at a time, so the statistics are exactly those of the in-memory groupby.
 */
export class OrderStats {
  private readonly partitions: Chunk[][] = Array.from({ length: PARTITIONS }, () => []);

  constructor(
    readonly layout: StatRows,
    private readonly engine: OrderStatsEngine,
  ) {}

  get empty(): boolean {
    return this.layout.size === 0;
  }

  /** Keeps one block's rows: `group[i]` is row i's global group (-1: none), `values[k][i]` its value of layout column k. */
  add(group: Int32Array, values: readonly Float64Array[]): void {
    const counts = new Int32Array(PARTITIONS);
    for (let i = 0; i < group.length; i++) if (group[i]! >= 0) counts[group[i]! % PARTITIONS]!++;
    const groups = Array.from(counts, (n) => new Int32Array(n));
    const columns = values.map(() => Array.from(counts, (n) => new Float64Array(n)));
    const at = new Int32Array(PARTITIONS);
    for (let i = 0; i < group.length; i++) {
      const g = group[i]!;
      if (g < 0) continue;
      const p = g % PARTITIONS;
      const j = at[p]!++;
      groups[p]![j] = g;
      for (let k = 0; k < values.length; k++) columns[k]![p]![j] = values[k]![i]!;
    }
    for (let p = 0; p < PARTITIONS; p++) {
      if (counts[p] === 0) continue;
      // Frozen, so the cache owns them outright: they may spill, and no copy is made.
      this.partitions[p]!.push({ groups: this.engine.keep(freeze(groups[p]!)), values: columns.map((c) => this.engine.keep(freeze(c[p]!))) });
    }
  }

  /** The statistics of `groups` global groups, rows as `layout` orders them. */
  async finish(groups: number): Promise<GroupState> {
    const data = new Float64Array(this.layout.size * groups);
    for (const chunks of this.partitions) {
      if (chunks.length === 0) continue;
      const { local, globalOf, values } = await this.gather(chunks, groups);
      const part = await this.engine.statistics(local, globalOf.length, this.layout, values);
      for (let r = 0; r < this.layout.size; r++) {
        const from = statRow({ layout: this.layout, groups: globalOf.length, data: part }, r);
        for (let g = 0; g < globalOf.length; g++) data[r * groups + globalOf[g]!] = from[g]!;
      }
      for (const c of chunks.splice(0)) [c.groups, ...c.values].forEach((a) => a.dispose());
    }
    return { layout: this.layout, groups, data };
  }

  /** One partition's pairs on the host, its groups numbered locally. */
  private async gather(chunks: readonly Chunk[], groups: number): Promise<{ local: Int32Array; globalOf: Int32Array; values: Float64Array[] }> {
    const rows = chunks.reduce((n, c) => n + c.groups.shape[0]!, 0);
    const local = new Int32Array(rows);
    const values = this.layout.columns.map(() => new Float64Array(rows));
    const localOf = new Int32Array(groups).fill(-1);
    const globalOf: number[] = [];
    let at = 0;
    for (const c of chunks) {
      const g = (await c.groups.data()) as Int32Array;
      for (let i = 0; i < g.length; i++) {
        let l = localOf[g[i]!]!;
        if (l < 0) l = localOf[g[i]!] = globalOf.push(g[i]!) - 1;
        local[at + i] = l;
      }
      for (let k = 0; k < values.length; k++) values[k]!.set((await c.values[k]!.data()) as Float64Array, at);
      at += g.length;
    }
    return { local, globalOf: Int32Array.from(globalOf), values };
  }
}

/** Each row's global group: its block group's, through `target`; -1 stays -1. */
export function globalRows(codes: Int32Array, target: Int32Array): Int32Array {
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i]! < 0 ? -1 : target[codes[i]!]!;
  return out;
}

/**
 * A block's values of each column the order statistics read (`hosts[k]` of layout column
 * k), as float64; strings (those with a block dictionary) as stream-wide dictionary
 * codes, so nunique counts across blocks.
 */
export function orderValues(layout: StatRows, hosts: readonly ArrayLike<number>[], dictionaries: readonly (readonly string[] | undefined)[], keys: StreamKeys): Float64Array[] {
  return hosts.map((h, k) => {
    const out = Float64Array.from(h);
    if (dictionaries[k]) for (let i = 0; i < out.length; i++) out[i] = keys.translateValue(layout.columns[k]!, dictionaries[k], 'first', out[i]!);
    return out;
  });
}

/** The full state of a streamed aggregation: each statistic's row from the merged partials or from the order statistics. */
export function combineStates(layout: StatRows, merged: GroupState, order: GroupState): GroupState {
  const groups = merged.groups;
  const data = new Float64Array(layout.size * groups);
  let row = 0;
  layout.columns.forEach((column, k) => {
    for (const s of layout.stats[k]!) {
      const from = mergeable(s.stat) ? merged : order;
      data.set(statRow(from, from.layout.index(column, s.stat, s.q)).subarray(0, groups), row++ * groups);
    }
  });
  return { layout, groups, data };
}

import type { AnyTypedArray } from '../../graph/dtype.js';
import type { GroupStat, GroupStatSpec } from '../../graph/group-agg.js';
import type { Factorized } from './factorize.js';

/**
 * The statistics a grouping computes, stacked one row each: every value column's
 * statistics as a groupAgg node takes them (`stats[k]` for `columns[k]`), and the row
 * of a (column, statistic). The frontend's StatLayout (frame/agg-spec.ts) builds one
 * from an aggregation spec.
 */
export interface StatRows {
  readonly columns: readonly string[];
  readonly stats: readonly (readonly GroupStatSpec[])[];
  readonly size: number;
  index(column: string, stat: GroupStat, q?: number): number;
}

/** Partial statistics of every group: `rows[k]` is statistic k of the layout, one value per group. */
export interface GroupState {
  readonly layout: StatRows;
  readonly groups: number;
  readonly data: Float64Array;
}

export const statRow = (s: GroupState, row: number): Float64Array => s.data.subarray(row * s.groups, (row + 1) * s.groups);

/** One key column of a grouped block on the host: numbers, or dictionary codes (-1: null) into `dictionary`. */
export interface HostKey {
  readonly host: AnyTypedArray;
  readonly dictionary: readonly string[] | undefined;
}

/** What grouping one block yields before finishing: the groups, the key columns on the host, and the groups' partial statistics. */
export interface Partial {
  /** The codes themselves are gone: their array is reused by the next grouping. */
  readonly factorized: Omit<Factorized, 'codes'>;
  readonly keys: readonly HostKey[];
  readonly state: GroupState;
}

/**
 * What one `groupAgg` node computes: per-group statistics of each value input, the
 * partial state from which every pandas aggregation is finished (mean = sum / count,
 * var = m2 / (count - ddof)). States of two blocks merge exactly, which is what lets a
 * streamed file aggregate block by block.
 */
export type GroupStat =
  | 'size'
  | 'count'
  | 'sum'
  | 'm2'
  | 'min'
  | 'max'
  | 'first'
  | 'last'
  | 'argmin'
  | 'argmax'
  | 'nunique'
  | 'quantile';

export interface GroupStatSpec {
  readonly stat: GroupStat;
  /** quantile: the probability in [0, 1] (linear interpolation, pandas' default). */
  readonly q?: number;
}

/**
 * attrs of a groupAgg node. Input 0 is the int32 group code of each row (-1: the row
 * belongs to no group); input k + 1 is value column k, whose statistics are `stats[k]`.
 * The output is float64 of shape (total stats, groups): one contiguous row per statistic.
 */
export interface GroupAggAttrs {
  readonly groups: number;
  readonly stats: readonly (readonly GroupStatSpec[])[];
}

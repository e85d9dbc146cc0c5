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

/**
 * attrs of a groupSlots node: its inputs are K int32 key columns of one length, and row
 * i's slot is `sum_k (key_k[i] - base[k]) * stride[k]` (mixed radix: every key lies in
 * [base[k], base[k] + range_k) and stride[k] is the product of the later keys' ranges),
 * or -1 when a key flagged `nullable` is negative there (a null dictionary code). The
 * slots of several narrow-range keys are the group codes a groupAgg reads.
 */
export interface GroupSlotAttrs {
  readonly base: readonly number[];
  readonly stride: readonly number[];
  readonly nullable: readonly boolean[];
}

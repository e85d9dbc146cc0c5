import type { GroupStat } from '../../graph/group-agg.js';
import { ValueError } from '../../graph/errors.js';
import { GROUP_STATS } from '../../kernel/reductions.js';
import type { GroupState, Partial, StatRows } from './group-state.js';

/** Statistics whose block partials merge exactly (their state has a combine); order statistics and distinct counts need every value at once (stream-order-stats.ts). */
export const mergeable = (stat: GroupStat): boolean => GROUP_STATS[stat].combine !== undefined;

/** A growable column of per-group values. */
class Growable {
  data = new Float64Array(1024);
  ensure(n: number, fill: number): void {
    if (n <= this.data.length) return;
    let size = this.data.length;
    while (size < n) size *= 2;
    const next = new Float64Array(size).fill(fill);
    next.set(this.data);
    this.data = next;
  }
}

/**
 * Merges block partials into running per-group state by the statistics' combines
 * (kernel/reductions.ts GROUP_STATS); order statistics and distinct counts have none,
 * they need every value at once (stream-order-stats.ts). Each block's groups are mapped
 * to global groups by `target` (the caller's key dictionary). A statistic whose state
 * reads others (m2 merges by counts and sums, argmin by the minimum) merges before
 * those are.
 */
export class StateMerger {
  private readonly rows: { stat: GroupStat; column: number; g: Growable }[] = [];
  groups = 0;

  constructor(private readonly layout: StatRows) {
    layout.stats.forEach((list, column) => list.forEach((s) => this.rows.push({ stat: s.stat, column, g: new Growable() })));
    this.rows.forEach((r) => r.g.data.fill(GROUP_STATS[r.stat].identity));
    for (const r of this.rows) if (!mergeable(r.stat)) throw new ValueError(`merge: ${r.stat} does not merge`);
  }

  private row(column: number, stat: GroupStat): Float64Array {
    return this.rows.find((r) => r.column === column && r.stat === stat)!.g.data;
  }

  /** Adds one block: `target[g]` is the global group of the block's group g; `rowOffset` shifts argmin/argmax to stream positions. */
  add(p: Partial, target: Int32Array, rowOffset: number, translate: (column: number, stat: GroupStat, value: number) => number): void {
    for (let g = 0; g < target.length; g++) if (target[g]! >= this.groups) this.groups = target[g]! + 1;
    for (const r of this.rows) r.g.ensure(this.groups, GROUP_STATS[r.stat].identity);
    const local = (k: number) => p.state.data.subarray(k * p.state.groups, (k + 1) * p.state.groups);
    const order = this.rows.map((r, k) => ({ r, k })).sort((a, b) => rank(a.r.stat) - rank(b.r.stat));
    for (const { r, k } of order) {
      const rule = GROUP_STATS[r.stat];
      const theirs = local(k).map((v) => (rule.row ? translate(r.column, r.stat, v) + rowOffset : translate(r.column, r.stat, v)));
      const own = rule.fields.length - 1;
      const mine = rule.fields.map((f, j) => (j === own ? r.g.data : this.row(r.column, f)));
      const block = rule.fields.map((f, j) => (j === own ? theirs : local(this.indexOf(r.column, f))));
      for (let g = 0; g < target.length; g++) r.g.data[target[g]!] = rule.combine!(mine, target[g]!, block, g);
    }
  }

  private indexOf(column: number, stat: GroupStat): number {
    return this.rows.findIndex((r) => r.column === column && r.stat === stat);
  }

  /** The merged state, rows as the layout orders them. */
  state(): GroupState {
    const data = new Float64Array(this.rows.length * this.groups);
    this.rows.forEach((r, k) => data.set(r.g.data.subarray(0, this.groups), k * this.groups));
    return { layout: this.layout, groups: this.groups, data };
  }
}

/** Merge order: statistics that read others' old values first (m2 reads count and sum, argmin reads min). */
const rank = (s: GroupStat): number => (GROUP_STATS[s].fields.length > 1 ? 0 : 1);

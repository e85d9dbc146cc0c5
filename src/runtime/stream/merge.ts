import type { GroupStat } from '../../graph/group-agg.js';
import { ValueError } from '../../graph/errors.js';
import type { GroupState, Partial, StatRows } from './group-state.js';

/** Statistics whose block partials merge exactly; order statistics and distinct counts need every value at once (stream-order-stats.ts). */
export const MERGEABLE: ReadonlySet<GroupStat> = new Set(['size', 'count', 'sum', 'm2', 'min', 'max', 'first', 'last', 'argmin', 'argmax']);

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

/** Value of a statistic for a group that has seen no rows yet. */
const EMPTY: { readonly [K in GroupStat]: number } = { size: 0, count: 0, sum: 0, m2: 0, min: NaN, max: NaN, first: NaN, last: NaN, argmin: NaN, argmax: NaN, nunique: 0, quantile: NaN };

/**
 * Merges block partials into running per-group state. Each block's groups are mapped to
 * global groups by `globalGroups` (the caller's key dictionary). m2 merges by Chan et
 * al.'s pairwise update, which needs the counts and sums of both sides, so it (and
 * argmin/argmax, which need both extremes) is merged before those are.
 */
export class StateMerger {
  private readonly rows: { stat: GroupStat; column: number; g: Growable }[] = [];
  groups = 0;

  constructor(private readonly layout: StatRows) {
    layout.stats.forEach((list, column) => list.forEach((s) => this.rows.push({ stat: s.stat, column, g: new Growable() })));
    this.rows.forEach((r) => r.g.data.fill(EMPTY[r.stat]));
    for (const r of this.rows) if (!MERGEABLE.has(r.stat)) throw new ValueError(`merge: ${r.stat} does not merge`);
  }

  private row(column: number, stat: GroupStat): Float64Array {
    return this.rows.find((r) => r.column === column && r.stat === stat)!.g.data;
  }

  /** Adds one block: `target[g]` is the global group of the block's group g; `rowOffset` shifts argmin/argmax to stream positions. */
  add(p: Partial, target: Int32Array, rowOffset: number, translate: (column: number, stat: GroupStat, value: number) => number): void {
    for (let g = 0; g < target.length; g++) if (target[g]! >= this.groups) this.groups = target[g]! + 1;
    for (const r of this.rows) r.g.ensure(this.groups, EMPTY[r.stat]);
    const local = (k: number) => p.state.data.subarray(k * p.state.groups, (k + 1) * p.state.groups);
    const order = this.rows.map((r, k) => ({ r, k })).sort((a, b) => rank(a.r.stat) - rank(b.r.stat));
    for (const { r, k } of order) {
      const mine = r.g.data;
      const theirs = local(k);
      const counts = r.stat === 'm2' ? { a: this.row(r.column, 'count'), b: local(this.indexOf(r.column, 'count')), sa: this.row(r.column, 'sum'), sb: local(this.indexOf(r.column, 'sum')) } : undefined;
      const extreme = r.stat === 'argmin' || r.stat === 'argmax' ? { a: this.row(r.column, r.stat === 'argmin' ? 'min' : 'max'), b: local(this.indexOf(r.column, r.stat === 'argmin' ? 'min' : 'max')) } : undefined;
      for (let g = 0; g < target.length; g++) {
        const G = target[g]!;
        const v = translate(r.column, r.stat, theirs[g]!);
        switch (r.stat) {
          case 'size':
          case 'count':
          case 'sum':
            mine[G]! += v;
            break;
          case 'm2': {
            const na = counts!.a[G]!;
            const nb = counts!.b[g]!;
            if (nb === 0) break;
            if (na === 0) mine[G] = v;
            else {
              const delta = counts!.sb[g]! / nb - counts!.sa[G]! / na;
              mine[G] = mine[G]! + v + (delta * delta * na * nb) / (na + nb);
            }
            break;
          }
          case 'min':
            if (v < mine[G]! || mine[G] !== mine[G]) mine[G] = v;
            break;
          case 'max':
            if (v > mine[G]! || mine[G] !== mine[G]) mine[G] = v;
            break;
          case 'first':
            if (mine[G] !== mine[G]) mine[G] = v;
            break;
          case 'last':
            if (v === v) mine[G] = v;
            break;
          case 'argmin':
          case 'argmax': {
            const best = extreme!.a[G]!;
            const cand = extreme!.b[g]!;
            if (cand === cand && (best !== best || (r.stat === 'argmin' ? cand < best : cand > best))) mine[G] = v + rowOffset;
            break;
          }
          default:
            break;
        }
      }
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
const rank = (s: GroupStat): number => (s === 'm2' || s === 'argmin' || s === 'argmax' ? 0 : 1);

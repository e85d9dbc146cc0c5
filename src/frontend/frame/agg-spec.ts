import type { GroupStat, GroupStatSpec } from '../../graph/group-agg.js';
import { ValueError } from '../../graph/errors.js';
import { describe } from '../arguments.js';
import { GROUP_STATS } from '../../kernel/reductions.js';

export const AGG_NAMES = ['sum', 'mean', 'count', 'size', 'min', 'max', 'var', 'std', 'first', 'last', 'median', 'quantile', 'nunique', 'argmin', 'argmax'] as const;
/** The aggregations a groupby offers, with pandas' names and semantics. */
export type AggName = (typeof AGG_NAMES)[number];

/** One aggregation of a column: a name, or an object giving its parameters (and optionally the output name). */
export type AggItem = AggName | { readonly agg: AggName; readonly q?: number; readonly ddof?: number; readonly name?: string };
/** `{ column: 'sum' }`, `{ column: ['sum', 'mean'] }`, `{ column: { agg: 'quantile', q: 0.9 } }`. */
export type AggSpec = Readonly<Record<string, AggItem | readonly AggItem[]>>;

/** One output column of an aggregation. */
export interface AggOutput {
  readonly name: string;
  readonly column: string;
  readonly agg: AggName;
  readonly q: number;
  readonly ddof: number;
}

/** The partial statistics that finish statistics `stats`: their states (kernel/reductions.ts), so block partials merge. */
const statesOf = (...stats: GroupStat[]): readonly GroupStat[] => [...new Set(stats.flatMap((s) => GROUP_STATS[s].fields))];

/**
 * The partial statistics each aggregation is finished from (finish.ts), with what they
 * merge by: var's m2 comes with the count and sum, argmin with the minimum.
 */
export const STATS_OF: { readonly [K in AggName]: readonly GroupStat[] } = {
  sum: statesOf('sum'),
  mean: statesOf('sum', 'count'),
  count: statesOf('count'),
  size: statesOf('size'),
  min: statesOf('min'),
  max: statesOf('max'),
  var: statesOf('m2'),
  std: statesOf('m2'),
  first: statesOf('first'),
  last: statesOf('last'),
  median: statesOf('quantile'),
  quantile: statesOf('quantile'),
  nunique: statesOf('nunique'),
  argmin: statesOf('argmin'),
  argmax: statesOf('argmax'),
};

const fail = (column: string, why: string): never => {
  throw new ValueError(`agg: column '${column}': ${why}`);
};

function parseItem(column: string, item: AggItem): AggOutput {
  if (typeof item !== 'string' && (typeof item !== 'object' || item === null || Array.isArray(item))) {
    fail(column, `expected an aggregation name such as 'sum', or an object such as { agg: 'quantile', q: 0.9 }, got ${describe(item)}`);
  }
  const o = typeof item === 'string' ? { agg: item } : item;
  if (!(AGG_NAMES as readonly string[]).includes(o.agg)) fail(column, `unknown aggregation '${String(o.agg)}' (known: ${AGG_NAMES.join(', ')})`);
  const q = o.agg === 'median' ? 0.5 : (o.q ?? NaN);
  if (o.agg === 'quantile' && !(q >= 0 && q <= 1)) fail(column, `quantile needs q in [0, 1], got ${String(o.q)}`);
  const ddof = o.ddof ?? 1;
  if (!Number.isInteger(ddof) || ddof < 0) fail(column, `ddof must be a non-negative integer, got ${ddof}`);
  const suffix = o.agg === 'quantile' ? `quantile_${q}` : o.agg;
  return { name: o.name ?? `${column}_${suffix}`, column, agg: o.agg, q, ddof };
}

/** The output columns of a spec, in the order given; duplicate output names are an error. */
export function parseAggSpec(spec: AggSpec): AggOutput[] {
  if (typeof spec !== 'object' || spec === null || Object.keys(spec).length === 0) throw new ValueError('agg: expected a spec such as { pnl: "sum" } naming at least one column');
  const outputs = Object.entries(spec).flatMap(([column, items]) => {
    if (Array.isArray(items) && items.length === 0) fail(column, 'expected at least one aggregation, got []');
    return (Array.isArray(items) ? (items as AggItem[]) : [items as AggItem]).map((it) => parseItem(column, it));
  });
  const seen = new Set<string>();
  for (const o of outputs) {
    if (seen.has(o.name)) fail(o.column, `output column '${o.name}' is produced twice`);
    seen.add(o.name);
  }
  return outputs;
}

/** An extra output counting each group's rows (of the first output's column): how a pass tells its groups apart when nothing else asked for the count. */
export const sizeOutput = (outputs: readonly AggOutput[]): AggOutput => ({ ...outputs[0]!, name: `${outputs[0]!.column}_size`, agg: 'size' });

/**
 * The statistics to compute for each value column, deduplicated: `{ x: ['sum', 'mean'] }`
 * computes sum and count once. `index` finds a statistic's row in the stacked output.
 */
export class StatLayout {
  readonly columns: string[] = [];
  readonly stats: GroupStatSpec[][] = [];
  private readonly seen = new Set<string>();

  constructor(outputs: readonly AggOutput[]) {
    for (const o of outputs) for (const stat of STATS_OF[o.agg]) this.add(o.column, stat === 'quantile' ? { stat, q: o.q } : { stat });
  }

  private add(column: string, spec: GroupStatSpec): void {
    const key = `${column}\u0000${spec.stat}\u0000${spec.q ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    let k = this.columns.indexOf(column);
    if (k < 0) {
      k = this.columns.push(column) - 1;
      this.stats.push([]);
    }
    this.stats[k]!.push(spec);
  }

  /** Row of each (column, statistic) in the output: rows follow columns in order, then each column's statistics. */
  index(column: string, stat: GroupStat, q?: number): number {
    let row = 0;
    for (let k = 0; k < this.columns.length; k++) {
      for (const s of this.stats[k]!) {
        if (this.columns[k] === column && s.stat === stat && (stat !== 'quantile' || s.q === q)) return row;
        row++;
      }
    }
    throw new Error(`agg: statistic ${stat} of '${column}' was not computed`);
  }

  get size(): number {
    return this.stats.reduce((a, s) => a + s.length, 0);
  }
}

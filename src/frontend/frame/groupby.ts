import type { AnyTypedArray } from '../../graph/dtype.js';
import type { Plan } from '../../kernel/plan.js';
import { explainPlan } from '../../runtime/explain.js';
import type { GroupState } from '../../runtime/stream/group-state.js';
import { asarray } from '../creation.js';
import { parseAggSpec, type AggSpec } from './agg-spec.js';
import { aggregateDense, aggregatePartial, aggregationPlan, type GroupOptions, type Grouping } from './aggregate.js';
import type { Column } from './column.js';
import { finish } from './finish.js';
import { Frame } from './frame.js';
import { groupKeyNames } from './arguments.js';
import { groupOrder, keyColumn, type GroupKey } from './group-keys.js';
import { checkStrategy, describeChoice } from './strategy.js';

/**
 * `frame.groupby(keys, options)`: rows grouped by one or several key columns. `agg`
 * factorises the keys, then runs one groupAgg pass that computes every requested
 * statistic of every value column (value expressions fused into it), and finishes
 * pandas' aggregations from those statistics.
 */
export class GroupBy {
  private readonly keyNames: readonly string[];

  constructor(
    private readonly frame: Frame,
    keys: string | readonly string[],
    private readonly options: GroupOptions = {},
  ) {
    this.keyNames = groupKeyNames(keys, options, ['strategy']);
    const columns = this.keyNames.map((k) => frame.column('groupby', k));
    checkStrategy(options.strategy, this.keyNames, columns, options.sort ?? true, options.dropna ?? true);
  }

  private grouping(spec: AggSpec): Grouping {
    const outputs = parseAggSpec(spec);
    for (const o of outputs) this.frame.column('agg', o.column);
    return { names: this.keyNames, keys: this.keyNames.map((k) => this.frame.column('groupby', k)), outputs, lookup: (name) => this.frame.column('agg', name) };
  }

  /** One row per group: the keys first, then `<column>_<agg>` for each aggregation, in the order of the spec. */
  async agg(spec: AggSpec): Promise<Frame> {
    const g = this.grouping(spec);
    const dense = await aggregateDense(g, this.options);
    // Slots rank numbers ascending already; dictionary codes still sort by their strings.
    if (dense) return finishFrame(this.keyNames, dense.keys, dense.state, g, this.frame, dense.keys.some((k) => k.column.kind === 'string'), dense.at);
    const p = await aggregatePartial(g, this.options);
    const keys = p.keys.map(({ host }, k) => ({ column: g.keys[k]!, values: gatherRows(host, p.factorized.firstRow) }));
    return finishFrame(this.keyNames, keys, p.state, g, this.frame, (this.options.sort ?? true) && !p.factorized.ascending);
  }

  /** The plan of the aggregation pass (undefined when there are no groups), as NDArray.plan() gives it. */
  async plan(spec: AggSpec): Promise<Plan | undefined> {
    return (await aggregationPlan(this.grouping(spec), this.options)).plan;
  }

  /**
   * The strategy (slots or factorize, and what was measured to choose it), then the plan
   * of the aggregation pass as text (the keys are grouped first: the number of groups shapes it).
   */
  async explain(spec: AggSpec): Promise<string> {
    const { plan, choice } = await aggregationPlan(this.grouping(spec), this.options);
    return `${describeChoice(choice)}\n${plan ? explainPlan(plan) : 'plan: no groups, nothing to aggregate'}`;
  }
}

/**
 * The result frame from finished statistics: key columns (numbers in their own dtype,
 * strings keeping their dictionary) then one column per aggregation, groups in key
 * order when `sort`. `at` is where each group's statistics are in the state (slots of a
 * dense pass); without it, group j's are at j.
 */
export function finishFrame(names: readonly string[], keys: readonly GroupKey[], state: GroupState, g: Grouping, source: Frame, sort: boolean, at?: Int32Array): Frame {
  const order = sort ? groupOrder(keys, at ? at.length : state.groups) : undefined;
  const cols = new Map<string, Column>();
  keys.forEach((k, j) => cols.set(names[j]!, keyColumn(k, order)));
  const statsOrder = at && order ? order.map((j) => at[j]!) : (at ?? order);
  for (const o of g.outputs) {
    const c = source.column('agg', o.column);
    const values: AnyTypedArray = finish(state, o, c.kind === 'number' ? c.values.dtype : 'float64', statsOrder);
    const stringValued = c.kind === 'string' && (o.agg === 'first' || o.agg === 'last');
    cols.set(o.name, stringValued ? { kind: 'string', codes: asarray(nanToCode(values)), dictionary: c.dictionary } : { kind: 'number', values: asarray(values) });
  }
  return new Frame(cols);
}

/** values[rows[j]] for each j, in float64 (exact for every key dtype). */
export function gatherRows(values: ArrayLike<number>, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let j = 0; j < rows.length; j++) out[j] = values[rows[j]!]!;
  return out;
}

/** Dictionary codes from first/last of codes, where NaN (no non-null value) is null. */
function nanToCode(values: ArrayLike<number>): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] === values[i] ? values[i]! : -1;
  return out;
}

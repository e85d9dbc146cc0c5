import { statesAt } from '../../runtime/stream/dense-groups.js';
import { asBlock } from '../../runtime/stream/partial-keys.js';
import type { Partial } from '../../runtime/stream/group-state.js';
import type { BlockOps, StreamLayouts } from '../../runtime/stream/scan.js';
import { asarray } from '../creation.js';
import { sizeOutput, StatLayout, type AggOutput } from './agg-spec.js';
import { aggregateDense, aggregatePartial, groupStatistics, valueArray, type GroupOptions, type Grouping } from './aggregate.js';
import type { Frame } from './frame.js';
import { hostValues } from './host.js';

/** Aggregations that need all of a group's values at once. */
const ORDER_AGGS: ReadonlySet<string> = new Set(['median', 'quantile', 'nunique']);

/** The outputs whose block partials merge; when none is left, each group's row count, so the blocks still find their groups. */
function mergeableOutputs(outputs: readonly AggOutput[]): AggOutput[] {
  const merged = outputs.filter((o) => !ORDER_AGGS.has(o.agg));
  return merged.length > 0 ? merged : [sizeOutput(outputs)];
}

/** The merged, ordered and full layouts of a streamed aggregation's outputs. */
export function layoutsOf(outputs: readonly AggOutput[]): StreamLayouts {
  return { merged: new StatLayout(mergeableOutputs(outputs)), ordered: new StatLayout(outputs.filter((o) => ORDER_AGGS.has(o.agg))), full: new StatLayout(outputs) };
}

/** The executor's view of a frame block: grouped by `keys` for the mergeable part of `all`, its arrays kept in the buffer cache. */
export function frameOps(keys: readonly string[], all: readonly AggOutput[], options: GroupOptions): BlockOps<Frame> {
  const outputs = mergeableOutputs(all);
  const layout = new StatLayout(outputs);
  return {
    rows: (frame) => frame.length,
    aggregate: async (frame, seeCodes) => {
      const g: Grouping = { names: keys, keys: keys.map((k) => frame.column('groupby', k)), outputs, lookup: (name) => frame.column('agg', name) };
      // Order statistics read each row's group on the host, which only factorizing gives, and
      // slots come in key order, not in the first-appearance order that sort: false keeps.
      const dense = seeCodes || options.sort === false ? undefined : await aggregateDense(g, { dropna: options.dropna });
      return dense ? slotsPartial(dense, g, layout) : aggregatePartial(g, { ...options, sort: false }, seeCodes);
    },
    dictionary: (frame, name) => {
      const c = frame.column('agg', name);
      return c.kind === 'string' ? c.dictionary : undefined;
    },
    values: (frame, columns) => hostValues('agg', columns.map((name) => valueArray(frame.column('agg', name)))),
    keep: (values) => asarray(values),
    statistics: (codes, groups, layout, values) => groupStatistics(asarray(codes), groups, layout, values.map((v) => asarray(v))),
  };
}

/** A block grouped by slots as the stream merger takes it: group j's keys at j of each key's host values, its statistics compacted. */
function slotsPartial(dense: NonNullable<Awaited<ReturnType<typeof aggregateDense>>>, g: Grouping, layout: StatLayout): Partial {
  const keys = dense.keys.map(({ values }, k) => {
    const c = g.keys[k]!;
    return { values: values as Int32Array, dictionary: c.kind === 'string' ? c.dictionary : undefined };
  });
  return asBlock(keys, statesAt(dense.state, dense.at, layout), true);
}

import { Frame, type AggSpec, type ColumnInput } from 'quiverjs';
import { expectColumns } from './compare.js';
import { oracleGroupBy, type Columns, type OracleAgg } from './oracle.js';

export const ALL_AGGS: readonly OracleAgg[] = [
  'sum', 'mean', 'count', 'size', 'min', 'max', 'var', 'std', 'first', 'last', 'median', 'nunique', 'argmin', 'argmax',
].map((agg) => ({ column: 'x', agg }));

/** The Quiver spec for a list of oracle aggregations. */
export function specOf(aggs: readonly OracleAgg[]): AggSpec {
  const spec: Record<string, object[]> = {};
  for (const a of aggs) (spec[a.column] ??= []).push({ agg: a.agg, ...(a.q === undefined ? {} : { q: a.q }), ...(a.ddof === undefined ? {} : { ddof: a.ddof }) });
  return spec as AggSpec;
}

/** Groups `data` with Quiver and with the oracle and compares every output column. */
export async function expectSameGroupBy(data: Columns, keys: readonly string[], aggs: readonly OracleAgg[], options: { sort?: boolean; dropna?: boolean } = {}): Promise<void> {
  const frame = new Frame(data as Record<string, ColumnInput>);
  const result = await frame.groupby(keys, options).agg(specOf(aggs));
  expectColumns(await result.toColumns(), oracleGroupBy(data, keys, aggs, options));
}

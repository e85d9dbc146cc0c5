import { ArgumentError, ValueError } from '../../graph/errors.js';
import { allocate, type DType } from '../../graph/dtype.js';
import { csvSchemaOf, readArrowBatches, readCsvPartition, type ColumnBatch, type ColumnType, type FilePartition } from '../../io/index.js';
import { mapPartition, finishPartial, type MapOutput } from '../../runtime/stream/partial.js';
import type { StreamLayouts } from '../../runtime/stream/scan.js';
import type { PlanEngine, WirePlan } from '../../cluster/stages.js';
import type { QueryResult } from '../../cluster/results.js';
import { asarray } from '../creation.js';
import { describe, isOptionsObject } from '../arguments.js';
import { parseAggSpec, type AggSpec } from './agg-spec.js';
import { groupStatistics, type GroupOptions, type Grouping } from './aggregate.js';
import type { Column } from './column.js';
import { Frame } from './frame.js';
import { finishFrame } from './groupby.js';
import { frameOps, layoutsOf } from './stream-ops.js';
import { scanFromSpecs, type ScanFrame } from './scan.js';
import type { StepSpec } from './wire.js';

/** Where a partitioned scan reads: byte ranges of CSV files, or whole Arrow IPC files. */
export type PartitionSource =
  | { readonly format: 'csv'; readonly partitions: readonly FilePartition[]; readonly options: CsvWireOptions }
  | { readonly format: 'arrow'; readonly files: readonly string[] };

/** The CSV options that cross the wire (callbacks stay with the driver). */
export interface CsvWireOptions {
  readonly delimiter?: string;
  readonly header?: boolean;
  readonly schema?: Readonly<Record<string, ColumnType>>;
  readonly usecols?: readonly string[];
  readonly blockSize?: string | number;
}

/** A partitioned groupby as data: what every stage job reads from Redis. */
export interface FramePlan extends WirePlan {
  readonly source: PartitionSource;
  readonly steps: readonly StepSpec[];
  readonly keys: readonly string[];
  readonly spec: AggSpec;
  readonly group: GroupOptions;
}

export const partitionCount = (s: PartitionSource): number => (s.format === 'csv' ? s.partitions.length : s.files.length);

/** Partition i's batches. */
export function partitionBatches(source: PartitionSource, i: number): AsyncIterable<ColumnBatch> {
  if (source.format === 'arrow') return readArrowBatches(source.files[i]!);
  const { schema, ...rest } = source.options;
  return readCsvPartition(source.partitions[i]!, { ...rest, ...(schema ? { schema: { ...schema } } : {}) });
}

/**
 * Every CSV partition is parsed with the same types: the schema inferred from the first
 * file with rows under the caller's, so a partition whose values all look like integers
 * still reads a float column as float64 and partials of one column merge. Files without
 * rows are passed over: a header alone would read every column as strings. Inference
 * reads a first block of the default size, not a large `blockSize`: the driver parses it
 * only for this.
 */
export async function fixSchema(source: PartitionSource): Promise<PartitionSource> {
  if (source.format !== 'csv' || source.partitions.length === 0) return source;
  const { schema, blockSize: _, ...rest } = source.options;
  let inferred: Record<string, ColumnType> = {};
  for (const path of new Set(source.partitions.map((p) => p.path))) {
    inferred = await csvSchemaOf(path, { ...rest, ...(schema ? { schema: { ...schema } } : {}) });
    if (Object.keys(inferred).length > 0) break;
  }
  return { ...source, options: { ...source.options, schema: { ...inferred, ...schema } } };
}

const layoutCache = new WeakMap<FramePlan, StreamLayouts>();

function layouts(plan: FramePlan): StreamLayouts {
  let l = layoutCache.get(plan);
  if (!l) layoutCache.set(plan, (l = layoutsOf(parseAggSpec(plan.spec))));
  return l;
}

/** A partition's map stage: its blocks after the scan's steps, grouped and merged. */
export function mapScan(plan: FramePlan, scan: ScanFrame): Promise<MapOutput> {
  const ops = frameOps(plan.keys, parseAggSpec(plan.spec), plan.group);
  return mapPartition(scan.frames(), plan.keys, layouts(plan), ops, (frame) => frame.dtypes);
}

/** The frontend's part of every stage: a partition grouped block by block (its steps rebuilt from the plan), and the groupAgg pass of a shuffle bucket. */
export const frameEngine: PlanEngine<FramePlan> = {
  keyNames: (plan) => plan.keys,
  layouts,
  map: (plan, i) => mapScan(plan, scanFromSpecs(() => partitionBatches(plan.source, i), plan.steps)),
  statistics: (codes, groups, layout, values) => groupStatistics(asarray(codes), groups, layout, values.map((v) => asarray(v))),
};

/** An empty column of a dtype the partials name, with a dictionary for strings: the result's template. */
function templateColumn(dtype: string, dictionary: readonly string[] | undefined): Column {
  if (dtype === 'string') return { kind: 'string', codes: asarray(new Int32Array(0)), dictionary: dictionary ?? [] };
  return { kind: 'number', values: asarray(allocate(dtype as DType, 0), dtype as DType) };
}

/** The result frame of a partitioned groupby: the merged partial's groups, their full statistics, keys and values typed as the partitions' columns. */
export function finishPartitioned(plan: FramePlan, result: QueryResult): Frame {
  const { root } = result;
  if (Object.keys(root.dtypes).length === 0) throw new ValueError('agg: no partition has rows or a header, so there are no columns to group');
  const l = layouts(plan);
  const state = finishPartial(plan.keys, l, root, result.buckets);
  const cols = new Map<string, Column>();
  for (const [name, dtype] of Object.entries(root.dtypes)) cols.set(name, templateColumn(dtype, root.values[name]));
  plan.keys.forEach((name, k) => {
    const c = cols.get(name);
    if (!c) throw new ValueError(`agg: the partitions have no column '${name}' to group by`);
    if (c.kind === 'string') cols.set(name, { ...c, dictionary: root.keys[k]!.dictionary ?? [] });
  });
  const template = new Frame(cols);
  const outputs = parseAggSpec(plan.spec);
  const g: Grouping = { names: plan.keys, keys: plan.keys.map((k) => template.column('groupby', k)), outputs, lookup: (name) => template.column('agg', name) };
  const keys = plan.keys.map((name, k) => ({ column: template.column('groupby', name), values: root.keys[k]!.values }));
  return finishFrame(plan.keys, keys, state, g, template, plan.group.sort ?? true);
}

/** A plan read from Redis, checked before a worker runs it (steps are checked as the scan is built). */
export function checkFramePlan(plan: unknown): FramePlan {
  const p = plan as Partial<FramePlan> | null;
  const fail = (why: string): never => {
    throw new ArgumentError(`plan: ${why}, got ${describe(plan)}`);
  };
  if (!isOptionsObject(p)) fail('expected an object');
  if (typeof p!.query !== 'string' || !isOptionsObject(p!.build)) fail('query and build are missing');
  if (!Array.isArray(p!.keys) || !p!.keys.every((k) => typeof k === 'string')) fail('keys must be a list of names');
  if (!isOptionsObject(p!.spec) || !isOptionsObject(p!.group) || !Array.isArray(p!.steps)) fail('spec, group and steps are missing');
  const s = p!.source as PartitionSource | undefined;
  const listed = s?.format === 'csv' ? Array.isArray(s.partitions) : s?.format === 'arrow' && Array.isArray(s.files);
  if (!listed || partitionCount(s!) !== p!.partitions) fail('the source does not list its partitions');
  return p as FramePlan;
}

import { readArrowBatches, readCsvBatches, type ArrowOptions, type ByteSource, type ColumnBatch, type CsvOptions, type FilePartition } from '../../io/index.js';
import { aggregateStream, blocksOf } from '../../runtime/stream/scan.js';
import type { StreamKeys } from '../../runtime/stream/stream-keys.js';
import { ArgumentError } from '../../graph/errors.js';
import { describe, isOptionsObject } from '../arguments.js';
import { asarray } from '../creation.js';
import { columnNames, groupKeyNames } from './arguments.js';
import { parseAggSpec, type AggSpec } from './agg-spec.js';
import type { GroupOptions, Grouping } from './aggregate.js';
import { encodeStrings, type Column } from './column.js';
import { Frame, type ColumnValue } from './frame.js';
import { finishFrame } from './groupby.js';
import type { GroupKey } from './group-keys.js';
import { frameOps, layoutsOf } from './stream-ops.js';
import { sourceColumns } from './projection.js';
import { partitionBatches, partitionCount, type PartitionSource } from './partitioned.js';
import { aggPartitioned, checkAggOptions, type AggOptions } from './cluster-agg.js';
import { applyStep, scanStepOf, stepSpecOf, stepText, type ScanStep, type StepSpec } from './wire.js';

/** A batch's columns as a Frame: numbers and string codes without copying, string arrays dictionary-encoded. */
export function frameOfBatch(batch: ColumnBatch): Frame {
  const cols = new Map<string, Column>();
  for (const [name, data] of batch.columns) {
    if (Array.isArray(data)) cols.set(name, encodeStrings(data));
    else if ('codes' in data) cols.set(name, { kind: 'string', codes: asarray(data.codes), dictionary: data.dictionary });
    else cols.set(name, { kind: 'number', values: data instanceof Uint8Array ? asarray(data, 'bool') : asarray(data as Float64Array | Int32Array) });
  }
  return new Frame(cols);
}

/**
 * A lazy frame over a file or stream too large to hold: assign, filter and select are
 * recorded, and `groupby().agg()` runs them block by block, aggregating each block in
 * one fused pass and merging its partial statistics, so memory holds a block or two
 * plus one state row per group.
 */
export class ScanFrame {
  constructor(
    /** The source's batches; given `project`, a reader may leave out the columns not named there. */
    private readonly batches: (project?: readonly string[]) => AsyncIterable<ColumnBatch>,
    /** The caller's arguments rather than closures, so a plan can also be described as JSON (wireSteps). */
    private readonly steps: readonly ScanStep[] = [],
    /** @internal Files or byte ranges read independently: a cluster runs one job per partition. */
    readonly partitions?: PartitionSource,
  ) {}

  /** A new scan with one more step. Not named `then`: that would make a ScanFrame a thenable, so awaiting one would never settle. */
  private withStep(step: ScanStep): ScanFrame {
    return new ScanFrame(this.batches, [...this.steps, step], this.partitions);
  }

  /** Adds or replaces columns in each block, as `Frame.assign`; recorded, run when the scan is consumed. */
  assign(spec: Readonly<Record<string, ColumnValue>>): ScanFrame {
    if (!isOptionsObject(spec)) throw new ArgumentError(`assign: expected an object mapping names to columns or expressions, got ${describe(spec)}`);
    return this.withStep({ assign: { ...spec } });
  }
  /** Keeps the rows of each block where `mask` is true, as `Frame.filter`. */
  filter(mask: ColumnValue): ScanFrame {
    return this.withStep({ filter: mask });
  }
  /** Keeps the named columns, in that order, as `Frame.select`. */
  select(...names: (string | readonly string[])[]): ScanFrame {
    return this.withStep({ select: columnNames('select', names.flat(), 'names') });
  }
  /**
   * Groups the stream by `keys`; `agg` then aggregates it block by block, each block by
   * slots where its keys allow and by factorizing where not (the stream picks per block,
   * so there is no strategy option), and merges the blocks' groups by key.
   */
  groupby(keys: string | readonly string[], options: Pick<GroupOptions, 'sort' | 'dropna'> = {}): ScanGroupBy {
    return new ScanGroupBy(this, groupKeyNames(keys, options), options);
  }

  /** @internal The same steps over other batches (one partition's). */
  over(batches: () => AsyncIterable<ColumnBatch>): ScanFrame {
    return new ScanFrame(batches, this.steps);
  }

  /**
   * @internal Each block after the recorded steps (the executor lets the event loop turn
   * between them); with `used`, holding at least the columns named there.
   */
  frames(used?: readonly string[]): AsyncIterable<Frame> {
    return blocksOf(this.batches(used && sourceColumns(this.steps, used)), async (batch) => {
      let frame = frameOfBatch(batch);
      for (const step of this.steps) frame = await applyStep(frame, step);
      return frame;
    });
  }

  /** @internal The steps as JSON data for cluster workers (#17), or an error naming the first that holds the caller's arrays. */
  wireSteps(op: string): StepSpec[] {
    return this.steps.map((step) => {
      const spec = stepSpecOf(step);
      if (spec) return spec;
      throw new ArgumentError(`${op}: the step ${stepText(step)} holds in-memory data, which cannot be sent to cluster workers; use an expression of columns and numbers`);
    });
  }

  /** The whole source as one in-memory Frame (for data that fits). */
  async collect(): Promise<Frame> {
    const parts: Record<string, ArrayLike<unknown>>[] = [];
    for await (const frame of this.frames()) parts.push(await frame.toColumns());
    return new Frame(concatColumns(parts));
  }
}

function concatColumns(parts: readonly Record<string, ArrayLike<unknown>>[]): Record<string, never> {
  if (parts.length === 0) return {};
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(parts[0]!)) {
    const pieces = parts.map((p) => p[name]!);
    if (Array.isArray(pieces[0])) out[name] = pieces.flatMap((p) => p as unknown[]);
    else {
      const first = pieces[0] as Float64Array;
      const joined = new (first.constructor as Float64ArrayConstructor)(pieces.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of pieces) joined.set(p as Float64Array, (at += p.length) - p.length);
      out[name] = joined;
    }
  }
  return out as Record<string, never>;
}

/** groupby on a ScanFrame: the same spec and result as Frame.groupby, computed block by block (runtime/stream/scan.ts). */
export class ScanGroupBy {
  constructor(
    private readonly scan: ScanFrame,
    private readonly keys: readonly string[],
    private readonly options: GroupOptions,
  ) {}

  /**
   * Aggregates every block and merges the partials in order, as `Frame.groupby(...).agg`;
   * the result is an in-memory Frame. A scan over a list of files or byte ranges
   * aggregates each partition on its own and merges their partials in a fixed tree, in
   * this process or, with `{ cluster }`, as jobs on the cluster's workers: the same bytes
   * either way.
   */
  async agg(spec: AggSpec, options: AggOptions = {}): Promise<Frame> {
    checkAggOptions(options);
    if (this.scan.partitions) return aggPartitioned(this.scan, this.scan.partitions, this.keys, this.options, spec, options);
    if (options.cluster) throw new ArgumentError('agg: a cluster runs partitioned scans; pass scanCsv or scanArrow a list of files or byte ranges (splitFile)');
    const outputs = parseAggSpec(spec);
    const layouts = layoutsOf(outputs);
    const used = [...this.keys, ...outputs.map((o) => o.column)];
    const { last, state, keys } = await aggregateStream(this.scan.frames(used), this.keys, layouts, frameOps(this.keys, outputs, this.options));
    const g: Grouping = { names: this.keys, keys: this.keys.map((k) => last.column('groupby', k)), outputs, lookup: (name) => last.column('agg', name) };
    return finishFrame(this.keys, groupKeys(this.keys, last, keys), state, g, withStreamDictionaries(last, layouts.full.columns, keys), this.options.sort ?? true);
  }
}

/** The key columns of the result, described by the last block's columns (for dtypes) and the stream's dictionaries. */
function groupKeys(names: readonly string[], last: Frame, keys: StreamKeys): GroupKey[] {
  return names.map((name, k) => {
    const c = last.column('groupby', name);
    const column: Column = c.kind === 'string' ? { ...c, dictionary: keys.keyDictionary(name) } : c;
    return { column, values: keys.keyValues(k) };
  });
}

/** The last block's columns with string value columns reading the stream's dictionaries. */
function withStreamDictionaries(last: Frame, valueColumns: readonly string[], keys: StreamKeys): Frame {
  const cols = new Map(last.cols);
  for (const name of valueColumns) {
    const c = last.column('agg', name);
    if (c.kind === 'string') cols.set(name, { ...c, dictionary: keys.valueDictionary(name) });
  }
  return new Frame(cols);
}

/** @internal A worker's scan over its own batches with the steps a plan sent (checked: they arrive from another machine). */
export function scanFromSpecs(batches: () => AsyncIterable<ColumnBatch>, specs: readonly StepSpec[]): ScanFrame {
  if (!Array.isArray(specs)) throw new ArgumentError(`plan: steps must be a list, got ${describe(specs)}`);
  return new ScanFrame(batches, specs.map(scanStepOf));
}

export const scanCsv = (source: ByteSource, options: CsvOptions = {}): ScanFrame => new ScanFrame((project) => readCsvBatches(source, options, project));
export const scanArrow = (source: ByteSource, options: ArrowOptions = {}): ScanFrame => new ScanFrame(() => readArrowBatches(source, options));

/** Every partition's batches in order: a partitioned scan read whole, as collect() and frames() do. */
function chained(source: PartitionSource): () => AsyncIterable<ColumnBatch> {
  return async function* () {
    for (let i = 0; i < partitionCount(source); i++) yield* partitionBatches(source, i);
  };
}

/** A path as a partition: the whole file (readCsvPartition reads to the end of a range past it). */
const wholeFile = (path: string): FilePartition => ({ path, start: 0, end: Number.MAX_SAFE_INTEGER });

function checkPartition(op: string, p: unknown, at: number): FilePartition | string {
  if (typeof p === 'string') return p;
  const r = p as Partial<FilePartition> | null;
  const ok = r !== null && typeof r === 'object' && typeof r.path === 'string' && Number.isSafeInteger(r.start) && Number.isSafeInteger(r.end) && r.start! >= 0 && r.end! >= r.start!;
  const shown = isOptionsObject(p) ? `{ path: ${describe(r!.path)}, start: ${describe(r!.start)}, end: ${describe(r!.end)} }` : describe(p);
  if (!ok) throw new ArgumentError(`${op}: partition ${at} must be a file path or { path, start, end } with 0 <= start <= end, got ${shown}`);
  return { path: r.path!, start: r.start!, end: r.end! };
}

/** A scan over CSV files or byte ranges of files (splitFile), each a partition: parsed with one schema, grouped on its own, merged in order. */
export function scanCsvPartitions(list: readonly unknown[], options: CsvOptions): ScanFrame {
  if (list.length === 0) throw new ArgumentError('scanCsv: the list of files is empty');
  const partitions = list.map((p, k) => checkPartition('scanCsv', p, k)).map((p) => (typeof p === 'string' ? wholeFile(p) : p));
  const { delimiter, header, schema, usecols, blockSize } = options;
  const wire = { ...(delimiter === undefined ? {} : { delimiter }), ...(header === undefined ? {} : { header }), ...(schema ? { schema } : {}), ...(usecols ? { usecols } : {}), ...(blockSize === undefined ? {} : { blockSize }) };
  const source: PartitionSource = { format: 'csv', partitions, options: wire };
  return new ScanFrame(chained(source), [], source);
}

/** A scan over Arrow IPC files, each a partition. */
export function scanArrowFiles(list: readonly unknown[]): ScanFrame {
  if (list.length === 0) throw new ArgumentError('scanArrow: the list of files is empty');
  const files = list.map((p, k) => {
    if (typeof p !== 'string') throw new ArgumentError(`scanArrow: partition ${k} must be a file path, got ${describe(p)}`);
    return p;
  });
  const source: PartitionSource = { format: 'arrow', files };
  return new ScanFrame(chained(source), [], source);
}

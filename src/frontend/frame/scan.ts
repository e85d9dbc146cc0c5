import { readArrowBatches, readCsvBatches, type ArrowOptions, type ByteSource, type ColumnBatch, type CsvOptions } from '../../io/index.js';
import { aggregateStream, blocksOf, type BlockOps } from '../../runtime/stream/scan.js';
import type { StreamKeys } from '../../runtime/stream/stream-keys.js';
import { ArgumentError } from '../../graph/errors.js';
import { describe, isOptionsObject } from '../arguments.js';
import { asarray } from '../creation.js';
import { columnNames, groupKeyNames } from './arguments.js';
import { parseAggSpec, sizeOutput, StatLayout, type AggOutput, type AggSpec } from './agg-spec.js';
import { aggregatePartial, groupStatistics, valueArray, type GroupOptions, type Grouping } from './aggregate.js';
import { encodeStrings, type Column } from './column.js';
import { Frame, type ColumnValue } from './frame.js';
import { finishFrame } from './groupby.js';
import type { GroupKey } from './group-keys.js';
import { hostValues } from './host.js';
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
    private readonly batches: () => AsyncIterable<ColumnBatch>,
    /** The caller's arguments rather than closures, so a plan can also be described as JSON (wireSteps). */
    private readonly steps: readonly ScanStep[] = [],
  ) {}

  /** A new scan with one more step. Not named `then`: that would make a ScanFrame a thenable, so awaiting one would never settle. */
  private withStep(step: ScanStep): ScanFrame {
    return new ScanFrame(this.batches, [...this.steps, step]);
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
  /** Groups the stream by `keys`; `agg` then aggregates it block by block. */
  groupby(keys: string | readonly string[], options: GroupOptions = {}): ScanGroupBy {
    return new ScanGroupBy(this, groupKeyNames(keys, options), options);
  }

  /** @internal Each block after the recorded steps (the executor lets the event loop turn between them). */
  frames(): AsyncIterable<Frame> {
    return blocksOf(this.batches(), async (batch) => {
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
   * the result is an in-memory Frame.
   */
  async agg(spec: AggSpec): Promise<Frame> {
    const outputs = parseAggSpec(spec);
    const merged = mergeableOutputs(outputs);
    const layouts = { merged: new StatLayout(merged), ordered: new StatLayout(outputs.filter((o) => ORDER_AGGS.has(o.agg))), full: new StatLayout(outputs) };
    const { last, state, keys } = await aggregateStream(this.scan.frames(), this.keys, layouts, frameOps(this.keys, merged, this.options));
    const g: Grouping = { keys: this.keys.map((k) => last.column('groupby', k)), outputs, lookup: (name) => last.column('agg', name) };
    return finishFrame(this.keys, groupKeys(this.keys, last, keys), state, g, withStreamDictionaries(last, layouts.full.columns, keys), this.options.sort ?? true);
  }
}

/** Aggregations that need all of a group's values at once. */
const ORDER_AGGS: ReadonlySet<string> = new Set(['median', 'quantile', 'nunique']);

/** The outputs whose block partials merge; when none is left, each group's row count, so the blocks still find their groups. */
function mergeableOutputs(outputs: readonly AggOutput[]): AggOutput[] {
  const merged = outputs.filter((o) => !ORDER_AGGS.has(o.agg));
  return merged.length > 0 ? merged : [sizeOutput(outputs)];
}

/** The executor's view of a frame block: grouped by `keys` for `outputs`, its arrays kept in the buffer cache. */
function frameOps(keys: readonly string[], outputs: readonly AggOutput[], options: GroupOptions): BlockOps<Frame> {
  return {
    rows: (frame) => frame.length,
    aggregate: (frame, seeCodes) => aggregatePartial({ keys: keys.map((k) => frame.column('groupby', k)), outputs, lookup: (name) => frame.column('agg', name) }, { ...options, sort: false }, seeCodes),
    dictionary: (frame, name) => {
      const c = frame.column('agg', name);
      return c.kind === 'string' ? c.dictionary : undefined;
    },
    values: (frame, columns) => hostValues('agg', columns.map((name) => valueArray(frame.column('agg', name)))),
    keep: (values) => asarray(values),
    statistics: (codes, groups, layout, values) => groupStatistics(asarray(codes), groups, layout, values.map((v) => asarray(v))),
  };
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

export const scanCsv = (source: ByteSource, options: CsvOptions = {}): ScanFrame => new ScanFrame(() => readCsvBatches(source, options));
export const scanArrow = (source: ByteSource, options: ArrowOptions = {}): ScanFrame => new ScanFrame(() => readArrowBatches(source, options));

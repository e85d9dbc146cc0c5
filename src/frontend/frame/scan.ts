import type { GroupStat } from '../../graph/group-agg.js';
import { ValueError } from '../../graph/errors.js';
import { asarray } from '../creation.js';
import { readArrowBatches, readCsvBatches, type ArrowOptions, type ByteSource, type ColumnBatch, type CsvOptions } from '../../io/index.js';
import { parseAggSpec, StatLayout, type AggSpec } from './agg-spec.js';
import { aggregatePartial, type GroupOptions, type Grouping } from './aggregate.js';
import { encodeStrings, type Column } from './column.js';
import { Frame, type ColumnValue } from './frame.js';
import { finishFrame } from './groupby.js';
import { StateMerger } from './merge.js';
import { StreamKeys } from './stream-keys.js';
import { combineStates, globalRows, mergeableOutputs, OrderStats, orderValues } from './stream-order-stats.js';

/**
 * A source that never waits for I/O (bytes in memory, a generating ReadableStream) runs
 * the whole scan in one job, and a WeakRef made or read in a job keeps its target alive
 * until the job ends (ECMA-262 AddToKeptObjects): the wasm backend's resident copies of
 * frozen arrays (kernel results, frozen inputs) then stay for every block. Letting the
 * event loop turn every 4 MB of source releases them; a 240 MB generated stream in 4 MB
 * blocks with frozen block columns measured array buffers growing 2 MiB per block
 * without it and flat at 17 MiB with it. A turn is cheap next to a block's work.
 */
const TURN_BYTES = 4e6;
const turnEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** One recorded transformation, applied to each block in turn. */
type Step = (frame: Frame) => Frame | Promise<Frame>;

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
    private readonly steps: readonly Step[] = [],
  ) {}

  private then(step: Step): ScanFrame {
    return new ScanFrame(this.batches, [...this.steps, step]);
  }

  assign(spec: Readonly<Record<string, ColumnValue>>): ScanFrame {
    return this.then((f) => f.assign(spec));
  }
  filter(mask: ColumnValue): ScanFrame {
    return this.then((f) => f.filter(mask));
  }
  select(...names: (string | readonly string[])[]): ScanFrame {
    return this.then((f) => f.select(...names));
  }
  groupby(keys: string | readonly string[], options: GroupOptions = {}): ScanGroupBy {
    return new ScanGroupBy(this, typeof keys === 'string' ? [keys] : [...keys], options);
  }

  /** @internal Each block after the recorded steps, the event loop let turn every TURN_BYTES of source. */
  async *frames(): AsyncIterable<Frame> {
    let turned = 0;
    for await (const batch of this.batches()) {
      let frame = frameOfBatch(batch);
      for (const step of this.steps) frame = await step(frame);
      yield frame;
      if (batch.bytes - turned >= TURN_BYTES) {
        turned = batch.bytes;
        await turnEventLoop();
      }
    }
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

/** groupby on a ScanFrame: the same spec and result as Frame.groupby, computed block by block. */
export class ScanGroupBy {
  constructor(
    private readonly scan: ScanFrame,
    private readonly keys: readonly string[],
    private readonly options: GroupOptions,
  ) {}

  /**
   * Statistics whose block partials merge (sums, counts, m2, extremes, first/last) are
   * merged block by block; median, quantile and nunique keep each block's (group, value)
   * pairs in the buffer cache instead (stream-order-stats.ts), finished at the end.
   */
  async agg(spec: AggSpec): Promise<Frame> {
    const outputs = parseAggSpec(spec);
    const order = new OrderStats(outputs);
    const merged = mergeableOutputs(outputs);
    const layout = new StatLayout(merged);
    const merger = new StateMerger(layout);
    const keys = new StreamKeys(this.keys);
    let last: Frame | undefined;
    let rows = 0;
    for await (const frame of this.scan.frames()) {
      const g: Grouping = { keys: this.keys.map((k) => frame.column('groupby', k)), outputs: merged, lookup: (name) => frame.column('agg', name) };
      let codes: Int32Array | undefined;
      const p = await aggregatePartial(g, { ...this.options, sort: false }, order.empty ? undefined : (c) => (codes = c.slice()));
      const target = keys.add(p);
      const translate = (column: number, stat: GroupStat, v: number) => keys.translateValue(layout.columns[column]!, frame, stat, v);
      merger.add(p, target, rows, translate);
      if (codes) order.add(globalRows(codes, target), await orderValues(order.layout, frame, keys));
      rows += frame.length;
      last = frame;
    }
    if (!last) throw new ValueError('agg: the source has no rows and no header, so there are no columns to group');
    const g: Grouping = { keys: this.keys.map((k) => last!.column('groupby', k)), outputs, lookup: (name) => last!.column('agg', name) };
    const full = new StatLayout(outputs);
    const state = order.empty ? merger.state() : combineStates(full, merger.state(), await order.finish(merger.groups));
    return finishFrame(this.keys, keys.groupKeys(last), state, g, keys.withGlobalDictionaries(last, full.columns), this.options.sort ?? true);
  }
}

export const scanCsv = (source: ByteSource, options: CsvOptions = {}): ScanFrame => new ScanFrame(() => readCsvBatches(source, options));
export const scanArrow = (source: ByteSource, options: ArrowOptions = {}): ScanFrame => new ScanFrame(() => readArrowBatches(source, options));

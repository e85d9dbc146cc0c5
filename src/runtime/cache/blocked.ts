import { allocate, ITEM_BYTES, type AnyTypedArray } from '../../graph/dtype.js';
import { Node, topoSort } from '../../graph/node.js';
import { isRowLocal } from '../../graph/ops.js';
import { sizeOf, type Shape } from '../../graph/shape.js';
import { contiguousView, isContiguous } from '../../graph/view.js';
import { bufferCache } from './active.js';
import { blockPartial, mergesFromBlocks } from './block-partials.js';
import { entryOf, type Entry } from './entry.js';
import { isRealized, realizedOf, setRealized } from '../node-state.js';
import { keep } from './schedule.js';

/**
 * Out-of-core execution, as Dask's blocked arrays do it: when a schedule's buffers do
 * not fit in the host budget, the rows of its big inputs stream through host memory a
 * block at a time. Row-local expressions (elementwise ops, row-local ops such as groupSlots, broadcasts of small arrays)
 * run per block; full reductions (sum, prod, min, max, any, all, var and so std) and
 * groupby aggregations combine per-block partials (block-partials.ts); an elementwise
 * result larger than memory is written to disk block by block. What does not fit that
 * shape (sorts, scans, matmul over big inputs, group quantiles) is not blocked, and the
 * normal path reports the budget it cannot keep.
 */

/** A buffer is streamed when it would take more than this share of the host budget. */
const LARGE_SHARE = 1 / 8;

interface Stream {
  /** The shape every streamed node has; blocks are ranges of its first axis. */
  readonly shape: Shape;
  readonly leaves: Map<Node, Entry>;
  readonly streamed: Set<Node>;
}

/** The streamed part of the graph under `pending`, or undefined when it cannot be blocked. */
function analyse(pending: readonly Node[]): Stream | undefined {
  const cache = bufferCache();
  const order = topoSort(pending, isRealized);
  const large = (n: Node) => (entryOf(realizedOf(n))?.bytes ?? 0) > cache.hostBudget * LARGE_SHARE;
  const first = order.find(large);
  if (!first || first.shape.length === 0) return undefined;
  const shape = first.shape;
  const same = (s: Shape) => s.length === shape.length && s.every((d, i) => d === shape[i]);
  // Smaller buffers of the same rows stream beside the large ones: a groupby's codes beside its values.
  const leaves = new Map<Node, Entry>();
  for (const n of order) {
    const e = entryOf(realizedOf(n));
    if (!e || !(large(n) || same(n.shape))) continue;
    if (!same(n.shape) || !isContiguous(realizedOf(n)!.view)) {
      if (large(n)) return undefined;
      continue;
    }
    leaves.set(n, e);
  }
  const streamed = new Set<Node>(leaves.keys());
  for (const n of order) {
    if (isRealized(n) || !n.inputs.some((i) => streamed.has(i))) continue;
    if (isRowLocal(n.op) && same(n.shape) && n.inputs.every((i) => streamed.has(i) || rowFree(i.shape, shape))) streamed.add(n);
    else if (!mergesInBlocks(n, shape, streamed)) return undefined;
  }
  return { shape, leaves, streamed };
}

/**
 * A node computed from block partials: a full reduction of the streamed shape, or a
 * groupAgg whose rows all stream and whose output (held once per block beside the
 * running state) is a small share of the budget.
 */
function mergesInBlocks(n: Node, shape: Shape, streamed: ReadonlySet<Node>): boolean {
  if (!mergesFromBlocks(n)) return false;
  if (n.op !== 'groupAgg') return n.attrs.axes?.length === shape.length;
  return n.inputs.every((i) => streamed.has(i)) && outputBytes(n) <= bufferCache().hostBudget * LARGE_SHARE;
}

const outputBytes = (n: Node): number => sizeOf(n.shape) * ITEM_BYTES[n.dtype];

/** A small operand broadcasts the same way against every block when it has no extent along the block axis. */
const rowFree = (s: Shape, full: Shape): boolean => s.length < full.length || s[0] === 1;

const blocked = (n: Node, stream: Stream): boolean => !isRealized(n) && !stream.streamed.has(n) && n.inputs.some((i) => stream.streamed.has(i));

/**
 * Rows per block: the streamed inputs, the block's result and the wasm heap's staged
 * copies in a quarter of the budget, less what each block writes whatever its rows
 * (`fixedBytes`: group statistics, at most an eighth of the budget).
 */
function rowsPerBlock(stream: Stream, outRowBytes: number, fixedBytes: number): number {
  const rows = stream.shape[0]!;
  const rowBytes = [...stream.leaves.values()].reduce((s, e) => s + e.bytes / rows, outRowBytes);
  return Math.max(1, Math.floor((bufferCache().hostBudget / 4 - fixedBytes) / (2 * rowBytes)));
}

/** `roots` over rows [r0, r1): streamed leaves become block buffers (read once for all roots), streamed ops are rebuilt on them. */
function blockGraphs(roots: readonly Node[], stream: Stream, r0: number, r1: number, temps: Entry[], scratch: (n: Node) => AnyTypedArray): Node[] {
  const cache = bufferCache();
  const rowElems = sizeOf(stream.shape) / stream.shape[0]!;
  const shape = [r1 - r0, ...stream.shape.slice(1)];
  const made = new Map<Node, Node>();
  const rebuild = (n: Node): Node => {
    if (!stream.streamed.has(n)) return n;
    let copy = made.get(n);
    if (copy) return copy;
    const leaf = stream.leaves.get(n);
    if (leaf) {
      copy = new Node('buffer', [], shape, n.dtype);
      // A resident leaf is read in place, its bytes counted once; a spilled one is read into the scratch.
      const resident = leaf.host !== undefined;
      const part = cache.readPart(leaf, r0 * rowElems, (r1 - r0) * rowElems, resident ? undefined : scratch(n));
      const entry = resident ? cache.admitView(part) : cache.admit('block', part, 'data');
      temps.push(entry);
      setRealized(copy, cache.value(entry, contiguousView(shape)));
    } else {
      copy = new Node(n.op, n.inputs.map(rebuild), shape, n.dtype, n.attrs);
    }
    made.set(n, copy);
    return copy;
  };
  return roots.map((root) => (stream.streamed.has(root) ? rebuild(root) : new Node(root.op, root.inputs.map(rebuild), root.shape, root.dtype, root.attrs)));
}

/** Computes a block's nodes and returns their data, taken in the turn their schedule ends (see realizeRead). */
type Run = (nodes: readonly Node[]) => Promise<AnyTypedArray[]>;

/** Computes `roots` restricted to each block of the stream in one schedule per block, handing the values to `each`. */
async function forBlocks(stream: Stream, roots: readonly Node[], outRowBytes: number, fixedBytes: number, run: Run, each: (values: AnyTypedArray[], r0: number, r1: number) => void): Promise<void> {
  const rows = stream.shape[0]!;
  const step = rowsPerBlock(stream, outRowBytes, fixedBytes);
  // One buffer per spilled input, reused by every block: a block's buffers are freed before the next is read.
  const rowElems = sizeOf(stream.shape) / rows;
  const buffers = new Map<Node, AnyTypedArray>();
  const scratch = (n: Node) => buffers.get(n) ?? buffers.set(n, allocate(n.dtype, Math.min(rows, step) * rowElems)).get(n)!;
  for (let r0 = 0; r0 < rows; r0 += step) {
    const temps: Entry[] = [];
    try {
      const r1 = Math.min(rows, r0 + step);
      const block = blockGraphs(roots, stream, r0, r1, temps, scratch);
      each(await run(block), r0, r1);
      // The block's results are partials nobody else can name: free them now, not at GC.
      temps.push(...block.flatMap((n) => entryOf(realizedOf(n)) ?? []));
    } finally {
      for (const e of temps) bufferCache().free(e);
    }
  }
}

/** Nodes over the same stream in one pass: each block is read once for all of them, its partials combined in block order. */
async function mergeInBlocks(op: string, ns: readonly Node[], stream: Stream, run: Run): Promise<void> {
  const partials = ns.map((n) => blockPartial(n, sizeOf(stream.shape) / stream.shape[0]!));
  const fixedBytes = ns.reduce((s, n) => s + (n.op === 'groupAgg' ? outputBytes(n) : 0), 0);
  await forBlocks(stream, partials.flatMap((p) => p.roots), 0, fixedBytes, run, (parts, r0, r1) => {
    let k = 0;
    for (const p of partials) {
      p.add(parts.slice(k, k + p.roots.length), r0, r1);
      k += p.roots.length;
    }
  });
  ns.forEach((n, i) => keep(op, [n], [{ data: partials[i]!.result(), view: contiguousView(n.shape) }]));
}

/** Whether computing `r` needs one of `others` first (x - x.mean() needs the mean). */
function needsAny(r: Node, others: ReadonlySet<Node>): boolean {
  const seen = new Set<Node>();
  const stack = [...r.inputs];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n) || isRealized(n)) continue;
    if (others.has(n)) return true;
    seen.add(n);
    stack.push(...n.inputs);
  }
  return false;
}

async function mapInBlocks(op: string, n: Node, stream: Stream, run: Run): Promise<void> {
  const cache = bufferCache();
  const itemBytes = allocate(n.dtype, 0).BYTES_PER_ELEMENT;
  const rowElems = sizeOf(n.shape) / n.shape[0]!;
  const entry = cache.admitOnDisk(op, n.dtype, sizeOf(n.shape));
  try {
    await forBlocks(stream, [n], rowElems * itemBytes, 0, run, ([part], r0) => cache.writePart(entry, r0 * rowElems, part!));
  } catch (e) {
    cache.free(entry);
    throw e;
  }
  setRealized(n, cache.value(entry, contiguousView(n.shape)));
  entry.holders.push(new WeakRef(n));
}

/**
 * Computes what of `pending` needs blocks; false when the graph is not of a shape that
 * blocks (then nothing was computed), or when `toDisk` is false and a result would be
 * written to disk block by block. Reductions that do not need each other share one
 * pass over the data; one that feeds another's small operand (x - x.mean()) runs in an
 * earlier pass.
 */
export async function realizeInBlocks(op: string, pending: readonly Node[], run: Run, toDisk = true): Promise<boolean> {
  const stream = analyse(pending);
  if (!stream || (!toDisk && pending.some((n) => stream.streamed.has(n)))) return false;
  // Other evaluations run between the blocks: their pressure may spill the leaves, never drop them.
  const endStream = bufferCache().stream([...stream.leaves.values()]);
  try {
    await realizeStream(op, pending, stream, run);
  } finally {
    endStream();
  }
  return true;
}

async function realizeStream(op: string, pending: readonly Node[], stream: Stream, run: Run): Promise<void> {
  let waiting = topoSort(pending, isRealized).filter((n) => blocked(n, stream));
  while (waiting.length > 0) {
    const others = new Set(waiting);
    const pass = waiting.filter((r) => !needsAny(r, others));
    await mergeInBlocks(op, pass, stream, run);
    waiting = waiting.filter((r) => !isRealized(r));
  }
  for (const n of pending) if (stream.streamed.has(n) && !isRealized(n)) await mapInBlocks(op, n, stream, run);
}

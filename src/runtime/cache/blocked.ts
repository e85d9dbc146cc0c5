import { allocate, type AnyTypedArray } from '../../graph/dtype.js';
import { Node, topoSort, type Realized } from '../../graph/node.js';
import { isElementwise, isReduce, type OpName, type ReduceOp } from '../../graph/ops.js';
import { sizeOf, type Shape } from '../../graph/shape.js';
import { contiguousView, isContiguous } from '../../graph/view.js';
import { initialState, REDUCTIONS, type State } from '../../kernel/reductions.js';
import { bufferCache } from './active.js';
import { entryOf, type Entry } from './entry.js';
import { isRealized, realizedOf, setRealized } from '../node-state.js';
import { keep } from './schedule.js';

/**
 * Out-of-core execution, as Dask's blocked arrays do it: when a schedule's buffers do
 * not fit in the host budget, the rows of its big inputs stream through host memory a
 * block at a time. Row-local expressions (elementwise ops, broadcasts of small arrays)
 * run per block; full reductions (sum, prod, min, max, any, all, var and so std) combine
 * per-block partials; an elementwise result larger than memory is written to disk block by block.
 * What does not fit that shape (sorts, scans, matmul over big inputs) is not blocked, and
 * the normal path reports the budget it cannot keep.
 */

/**
 * Full reductions that blocks can compute: those whose block results are their whole
 * partial state (kernel/reductions.ts fromResult), and var through its moments (below).
 */
const blockable = (op: OpName): boolean => isReduce(op) && (op === 'var' || REDUCTIONS[op].fromResult !== undefined);

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
  const leaves = new Map<Node, Entry>();
  for (const n of order) {
    const e = entryOf(realizedOf(n));
    if (e && e.bytes > cache.hostBudget * LARGE_SHARE) leaves.set(n, e);
  }
  const first = leaves.keys().next().value;
  if (!first || first.shape.length === 0) return undefined;
  const shape = first.shape;
  const same = (s: Shape) => s.length === shape.length && s.every((d, i) => d === shape[i]);
  const streamed = new Set<Node>();
  for (const n of order) {
    if (leaves.has(n)) {
      if (!same(n.shape) || !isContiguous(realizedOf(n)!.view)) return undefined;
      streamed.add(n);
      continue;
    }
    if (isRealized(n) || !n.inputs.some((i) => streamed.has(i))) continue;
    if (isElementwise(n.op) && same(n.shape) && n.inputs.every((i) => streamed.has(i) || rowFree(i.shape, shape))) streamed.add(n);
    else if (!(blockable(n.op) && n.attrs.axes?.length === shape.length)) return undefined;
  }
  return { shape, leaves, streamed };
}

/** A small operand broadcasts the same way against every block when it has no extent along the block axis. */
const rowFree = (s: Shape, full: Shape): boolean => s.length < full.length || s[0] === 1;

const blocked = (n: Node, stream: Stream): boolean => !isRealized(n) && blockable(n.op) && n.inputs.some((i) => stream.streamed.has(i));

/** Rows per block: the streamed inputs, the block's result and the wasm heap's staged copies in a quarter of the budget. */
function rowsPerBlock(stream: Stream, outRowBytes: number): number {
  const rows = stream.shape[0]!;
  const rowBytes = [...stream.leaves.values()].reduce((s, e) => s + e.bytes / rows, outRowBytes);
  return Math.max(1, Math.floor(bufferCache().hostBudget / 4 / (2 * rowBytes)));
}

/** `roots` over rows [r0, r1): streamed leaves become block buffers (read once for all roots), streamed ops are rebuilt on them. */
function blockGraphs(roots: readonly Node[], stream: Stream, r0: number, r1: number, temps: Entry[], scratch: Map<Node, AnyTypedArray>): Node[] {
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
      const entry = cache.admit('block', cache.readPart(leaf, r0 * rowElems, (r1 - r0) * rowElems, scratch.get(n)), 'data');
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
async function forBlocks(stream: Stream, roots: readonly Node[], outRowBytes: number, run: Run, each: (values: AnyTypedArray[], r0: number, r1: number) => void): Promise<void> {
  const rows = stream.shape[0]!;
  const step = rowsPerBlock(stream, outRowBytes);
  // One buffer per streamed input, reused by every block: a block's buffers are freed before the next is read.
  const rowElems = sizeOf(stream.shape) / rows;
  const scratch = new Map([...stream.leaves].map(([n, e]) => [n, allocate(e.dtype, Math.min(rows, step) * rowElems)] as const));
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

/** A block computes var's partial as two reductions of the same input: its sum and its variance about its own mean. */
const momentRoots = (r: Node): Node[] => [
  new Node('sum', r.inputs, r.shape, r.dtype, { axes: r.attrs.axes! }),
  new Node('var', r.inputs, r.shape, r.dtype, { axes: r.attrs.axes!, ddof: 0 }),
];

/**
 * A block's partial state from its results: var's is [n, mean, m2] from the block's sum
 * and its variance about its own mean; the others' is their value.
 */
function blockState(op: ReduceOp, parts: readonly AnyTypedArray[], n: number): State {
  if (op !== 'var') return Float64Array.from(REDUCTIONS[op].fromResult!(parts[0]![0]!));
  return Float64Array.of(n, parts[0]![0]! / n, parts[1]![0]! * n);
}

/** Several reductions over the same stream in one pass: each block is read once for all of them, its partials combined in block order. */
async function reduceInBlocks(op: string, rs: readonly Node[], stream: Stream, run: Run): Promise<void> {
  const states = rs.map((r) => initialState(r.op as ReduceOp));
  const roots = rs.flatMap((r) => (r.op === 'var' ? momentRoots(r) : [r]));
  const blockElems = (rows: number) => (rows * sizeOf(stream.shape)) / stream.shape[0]!;
  await forBlocks(stream, roots, 0, run, (parts, r0, r1) => {
    let k = 0;
    rs.forEach((r, i) => {
      const reduce = r.op as ReduceOp;
      const width = reduce === 'var' ? 2 : 1;
      REDUCTIONS[reduce].combine(states[i]!, blockState(reduce, parts.slice(k, k + width), blockElems(r1 - r0)), r.dtype);
      k += width;
    });
  });
  rs.forEach((r, i) => {
    const out = allocate(r.dtype, 1);
    out[0] = REDUCTIONS[r.op as ReduceOp].finish(states[i]!, r.attrs.ddof ?? 0);
    keep(op, [r], [{ data: out, view: contiguousView([]) }]);
  });
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
    await forBlocks(stream, [n], rowElems * itemBytes, run, ([part], r0) => cache.writePart(entry, r0 * rowElems, part!));
  } catch (e) {
    cache.free(entry);
    throw e;
  }
  setRealized(n, cache.value(entry, contiguousView(n.shape)));
  entry.holders.push(new WeakRef(n));
}

/**
 * Computes what of `pending` needs blocks; false when the graph is not of a shape that
 * blocks (then nothing was computed). Reductions that do not need each other share one
 * pass over the data; one that feeds another's small operand (x - x.mean()) runs in an
 * earlier pass.
 */
export async function realizeInBlocks(op: string, pending: readonly Node[], run: Run): Promise<boolean> {
  const stream = analyse(pending);
  if (!stream) return false;
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
    await reduceInBlocks(op, pass, stream, run);
    waiting = waiting.filter((r) => !isRealized(r));
  }
  for (const n of pending) if (stream.streamed.has(n) && !isRealized(n)) await mapInBlocks(op, n, stream, run);
}

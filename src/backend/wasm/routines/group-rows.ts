import { withBlocks, type Batch, type LaunchContext, type Steps } from '../launch.js';
import type { Job } from '../pool.js';
import { split } from '../program-call.js';

/** The partitioning entry points of wasm/quiver.wasm (wasm/src/partition.rs). */
export interface PartitionExports {
  group_partition_sizes(codes: number, start: number, end: number, shift: number, sizes: number): void;
  group_scatter(codes: number, x: number, start: number, end: number, shift: number, cursor: number, outCodes: number, outX: number, outRows: number): void;
}

/** Rows per thread below which waking another thread costs more than splitting saves. */
export const ROWS_ALIGN = 4096;

/**
 * Groups above which rows are partitioned first. bench/wasm-routines.bench.ts times the
 * direct pass against the partitioned one by group count (4M rows, one thread, a Zen 5
 * core with 1 MiB of L2): the direct pass wins up to 2^18 groups, whose state (6 MiB of
 * moments) the L3 serves, and partitioning wins from 2^20; past 2^18 rows miss, and two
 * threads' direct passes hold two copies of the state and merge them.
 */
export const PARTITION_GROUPS = 1 << 18;

/**
 * Groups per partition: 2^12 groups x 32 bytes of state is 128 KiB, well within an L2.
 * In the same bench 2^11, 2^12 and 2^13 are within noise of each other; 2^14 is slower.
 */
const PARTITION_SHIFT = 12;

/**
 * The most partitions: each is a write stream of the scatter, and too many thrash the L1
 * and TLB (scattering 10M rows on one thread slowed steadily from 489 to 977 to 1,954
 * partitions).
 */
const MAX_PARTITIONS = 1024;

/**
 * Rows partitioned at a time, so the scratch (16 bytes a row) stays bounded however long
 * the frame; the chunks of a frame are equal. Each chunk touches every group's state once
 * more, a cache miss per line, so longer chunks aggregate faster (10M rows over 1M
 * groups, exports called directly, one thread: 2M-row chunks slowest, one chunk
 * fastest), and a chunk holds at least 4 rows a group.
 */
const maxChunkRows = (groups: number): number => Math.max(1 << 20, 4 * groups);

/** Rows as the groupby kernels read them: codes and values at the same positions. */
export interface RowBlock {
  readonly codes: number;
  readonly x: number;
  /** Each position's row number (partitioned rows); undefined: rows in place, numbered by position. */
  readonly rows: number | undefined;
  /** One job's positions each. */
  readonly ranges: readonly (readonly [number, number])[];
}

/**
 * How a groupby reads its rows: in place, each thread its own range and state copy, or
 * partitioned, where jobs own disjoint partitions and so share one state.
 */
export interface RowLayout {
  /** State copies: job t of a block writes copy `copies === 1 ? 0 : t`. */
  readonly copies: number;
  /** The rows grouped. */
  readonly rows: number;
  /** Runs `visit` over every block of rows of the value column at `x`, in row order. */
  forEachBlock(x: number, visit: (block: RowBlock) => Steps): Steps;
}

const rangesOf = (ctx: LaunchContext, n: number): [number, number][] => split(n, ctx.parallelism(n), ROWS_ALIGN);

/**
 * The most row ranges of the in-place pass. Each range folds into its own state copy and
 * the copies merge in range order, so the count depends on the rows and groups, never on
 * the threads (which take the ranges in turns): sums come out the same on any thread
 * count (#15). Eight keeps up to eight threads busy.
 */
const MAX_RANGES = 8;
/** Rows a range holds per group at least: merging a copy costs a combine per group, so a range folds many more rows than it merges. */
const ROWS_PER_GROUP = 8;

/** The rows in place: a direct pass per range, partial states merged by the caller. */
function inPlace(codes: number, n: number, groups: number): RowLayout {
  const count = Math.max(1, Math.min(MAX_RANGES, Math.floor(n / (ROWS_PER_GROUP * Math.max(1, groups)))));
  const ranges = split(n, count, ROWS_ALIGN);
  return { copies: ranges.length, rows: n, forEachBlock: (x, visit) => visit({ codes, x, rows: undefined, ranges }) };
}

/** A block's jobs, one per range, in batches of as many as the threads worth waking for `n` rows. */
export function* inTurns(ctx: LaunchContext, n: number, jobs: readonly Job[]): Steps {
  const size = ctx.parallelism(n);
  for (let i = 0; i < jobs.length; i += size) yield jobs.slice(i, i + size);
}

/**
 * The rows laid out for `groups` groups with codes at `codes`: in place for few groups,
 * else partitioned chunk by chunk into scratch that lives while `body` runs.
 */
export function* withRowLayout<T>(ctx: LaunchContext, codes: number, n: number, groups: number, wantRows: boolean, body: (layout: RowLayout) => Generator<Batch, T, number[]>): Generator<Batch, T, number[]> {
  if (groups <= PARTITION_GROUPS || n === 0) return yield* body(inPlace(codes, n, groups));
  const shift = Math.max(PARTITION_SHIFT, Math.ceil(Math.log2(groups / MAX_PARTITIONS)));
  const parts = Math.ceil(groups / 2 ** shift);
  const chunk = Math.ceil(n / Math.ceil(n / maxChunkRows(groups)));
  const counters = ctx.threads * parts * 4;
  return yield* withBlocks(ctx.heap, [chunk * 4, chunk * 8, wantRows ? chunk * 4 : 0, counters, counters], function* ([outCodes, outX, outRows, sizes, cursor]) {
    const scratch = { codes: outCodes!, x: outX!, rows: wantRows ? outRows! : undefined, sizes: sizes!, cursor: cursor! };
    // A frame of one chunk stays partitioned between passes over the same column (m2's).
    let kept: { x: number; block: RowBlock } | undefined;
    const layout: RowLayout = {
      copies: 1,
      rows: n,
      *forEachBlock(x, visit) {
        if (kept?.x === x) return yield* visit(kept.block);
        for (let start = 0; start < n; start += chunk) {
          const block = yield* partition(ctx, { codes, x, start, end: Math.min(n, start + chunk) }, shift, parts, scratch);
          kept = chunk === n ? { x, block } : undefined;
          yield* visit(block);
        }
      },
    };
    return yield* body(layout);
  });
}

interface Scratch {
  readonly codes: number;
  readonly x: number;
  readonly rows: number | undefined;
  readonly sizes: number;
  readonly cursor: number;
}

/**
 * Rows [start, end) scattered stably by partition (wasm/src/partition.rs): per-thread
 * counts, each range's first slot in every partition (partition-major, ranges in row
 * order), the scatter; then the positions cut at partition bounds into one run per thread.
 */
function* partition(ctx: LaunchContext, src: { codes: number; x: number; start: number; end: number }, shift: number, parts: number, scratch: Scratch): Generator<Batch, RowBlock, number[]> {
  const ranges = rangesOf(ctx, src.end - src.start).map(([s, e]) => [src.start + s, src.start + e] as const);
  const words = (ptr: number) => new Uint32Array(ctx.heap.memory.buffer, ptr, ranges.length * parts);
  words(scratch.sizes).fill(0);
  yield ranges.map(([s, e], t) => ({ fn: 'group_partition_sizes' as const, args: [src.codes, s, e, shift, scratch.sizes + t * parts * 4] }));
  const sizes = words(scratch.sizes);
  const cursor = words(scratch.cursor);
  const bounds = new Uint32Array(parts + 1);
  let slot = 0;
  for (let p = 0; p < parts; p++) {
    bounds[p] = slot;
    for (let t = 0; t < ranges.length; t++) {
      cursor[t * parts + p] = slot;
      slot += sizes[t * parts + p]!;
    }
  }
  bounds[parts] = slot;
  const { codes, x, rows } = scratch;
  yield ranges.map(([s, e], t) => ({ fn: 'group_scatter' as const, args: [src.codes, src.x, s, e, shift, scratch.cursor + t * parts * 4, codes, x, rows ?? 0] }));
  return { codes, x, rows, ranges: balanced(bounds, ranges.length) };
}

/** [0, total) cut at partition bounds into `jobs` runs of about equal rows (some maybe empty). */
function balanced(bounds: Uint32Array, jobs: number): [number, number][] {
  const total = bounds[bounds.length - 1]!;
  const cuts = [0];
  let p = 0;
  for (let j = 1; j < jobs; j++) {
    while (p < bounds.length - 1 && bounds[p]! < (total * j) / jobs) p++;
    cuts.push(bounds[p]!);
  }
  cuts.push(total);
  return cuts.slice(1).map((c, j) => [cuts[j]!, c]);
}

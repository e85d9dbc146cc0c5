import { ITEM_BYTES, type DType } from '../../graph/dtype.js';
import type { EwmOp, RollingOp } from '../../graph/ops.js';
import { sizeOf } from '../../graph/shape.js';
import { isContiguous } from '../../graph/view.js';
import type { Body, ContractionKernel, OpaqueKernel, ScanKernel } from '../../kernel/program.js';
import { unpermuteBody, withBlocks, type LaunchContext, type PtrOf, type Steps } from './launch.js';
import type { Job } from './pool.js';
import { split } from './program-call.js';
import { MATMUL_ROWS, matmulRowsArgs, matmulScratchBytes } from './routines/matmul.js';
import { ewmFn, ewmParams } from './routines/ewm.js';
import { rollingFn, rollingParams, usesDeques } from './routines/rolling.js';
import { scanLanes, type ScanOp } from './routines/scan.js';
import { sortLanes, sortScratchBytes } from './routines/sort.js';

/** Axis order that puts `axis` last: a scan or sort lane then lies contiguous. */
const axisLast = (ndim: number, axis: number): number[] => [...Array(ndim).keys()].filter((a) => a !== axis).concat(axis);

/**
 * A matmul: both prologues evaluated by the VM into packed operands, the product by
 * the Rust micro-kernel with output rows split over the threads, then the epilogue as
 * a map reading the product.
 */
export function* launchContraction(ctx: LaunchContext, p: ContractionKernel, ptrOf: PtrOf): Steps {
  const out = p.epilogue.shape;
  const [n, m, k] = [out.at(-2)!, out.at(-1)!, p.a.shape.at(-1)!];
  const batch = sizeOf(out.slice(0, -2));
  const item = ITEM_BYTES[p.dtype];
  yield* withBlocks(ctx.heap, [batch * n * k * item, batch * k * m * item, batch * n * m * item], function* ([a, b, c]) {
    yield* ctx.map(p.a, ptrOf, [{ ref: p.aRef, dtype: p.dtype, ptr: a! }]);
    yield* ctx.map(p.b, ptrOf, [{ ref: p.bRef, dtype: p.dtype, ptr: b! }]);
    const threads = ctx.parallelism((batch * n * k * m) / 64);
    const scratchBytes = matmulScratchBytes(ctx.exports, k, m);
    yield* withBlocks(ctx.heap, Array<number>(threads).fill(scratchBytes), function* (scratch) {
      yield split(batch * n, threads, 1).map(([r0, r1], i) => ({ fn: MATMUL_ROWS[p.dtype], args: matmulRowsArgs(a!, b!, c!, scratch[i]!, batch, n, k, m, r0, r1) }));
    });
    const outputs = p.outputs.map((o) => ({ ref: o.ref, dtype: o.dtype, ptr: ptrOf(o.slot) }));
    yield* ctx.map(p.epilogue, ptrOf, outputs, { ptr: c!, count: batch * n * m, dtype: p.dtype });
  });
}

/**
 * The input slot a prologue only reads, when it is laid out in C order in the dtype
 * `dtype` (no cast, no generator): a routine then reads it where it lies instead of
 * having the VM copy it first.
 */
function contiguousSource(body: Body, ref: number, dtype: DType): number | undefined {
  const load = body.instrs[ref]!;
  const source = body.instrs.length === 1 && load.op === 'load' ? body.loads[load.load]! : undefined;
  return source && source.generator === undefined && source.dtype === dtype && isContiguous(source.view) ? source.slot : undefined;
}

/**
 * A running sum or product: the prologue written with the scan axis innermost, the
 * Rust scan over those contiguous lanes in place, and (unless the axis was already
 * last) a copy back to C order. A prologue that only reads a C-order input along its
 * last axis is scanned from that input straight into the output: for a cumsum of 16M
 * float64 (bench/scan.bench.ts) the kernel took 33-67 ms with the copy and 25-36 ms
 * without, on the 2-core machine at load averages 5-7.
 */
export function* launchScan(ctx: LaunchContext, p: ScanKernel, ptrOf: PtrOf): Steps {
  if (p.rolling) return yield* launchRolling(ctx, p, ptrOf);
  if (p.ewm) return yield* launchEwm(ctx, p, ptrOf);
  const shape = p.body.shape;
  const out = p.outputs[0]!;
  const len = shape[p.axis]!;
  const lanes = len === 0 ? 0 : sizeOf(shape) / len;
  const perm = axisLast(shape.length, p.axis);
  const inPlace = p.axis === shape.length - 1;
  const source = inPlace ? contiguousSource(p.body, p.ref, out.dtype) : undefined;
  if (source !== undefined) return scanLanes(ctx.exports, p.op as ScanOp, out.dtype, ptrOf(source), ptrOf(out.slot), lanes, len);
  yield* withBlocks(ctx.heap, [inPlace ? 0 : sizeOf(shape) * ITEM_BYTES[out.dtype]], function* ([tmp]) {
    const lanesPtr = inPlace ? ptrOf(out.slot) : tmp!;
    yield* ctx.map(p.body, ptrOf, [{ ref: p.ref, dtype: out.dtype, ptr: lanesPtr }], undefined, perm);
    scanLanes(ctx.exports, p.op as ScanOp, out.dtype, lanesPtr, lanesPtr, lanes, len);
    if (!inPlace) yield* ctx.map(unpermuteBody(shape, perm, out.dtype), () => lanesPtr, [{ ref: 0, dtype: out.dtype, ptr: ptrOf(out.slot) }]);
  });
}

/** Columns a series job starts at: multiples of the CHUNK of wasm/src/rolling.rs and ewm.rs, so every chunk is full but the last. */
const SERIES_CHUNK = 8;

/** The jobs of one series routine over the column ranges, with the per-range scratch (if any) it asked for. */
type SeriesJobs = (rows: number, target: number, len: number, cols: number, ranges: readonly [number, number][], scratch: readonly number[]) => Job[];

/**
 * A routine that walks every series along the axis (rolling windows, ewm): the prologue
 * written with that axis first (`len` rows of every other position as contiguous
 * columns: a [periods x assets] input is already so), the Rust routine walking the rows
 * with the columns split over the threads, then (unless the axis was already first) a
 * copy back to C order.
 */
function* launchSeries(ctx: LaunchContext, p: ScanKernel, ptrOf: PtrOf, scratchBytes: number, jobs: SeriesJobs): Steps {
  const shape = p.body.shape;
  const out = p.outputs[0]!;
  const len = shape[p.axis]!;
  const n = sizeOf(shape);
  if (n === 0) return;
  const cols = n / len;
  const perm = [p.axis, ...shape.keys()].filter((a, i) => i === 0 || a !== p.axis);
  const direct = p.axis === 0;
  const item = ITEM_BYTES[out.dtype];
  // An input already laid out as rows of the output's dtype is read where it lies.
  const source = direct ? contiguousSource(p.body, p.ref, out.dtype) : undefined;
  yield* withBlocks(ctx.heap, [source !== undefined ? 0 : n * item, direct ? 0 : n * item], function* ([copy, rolled]) {
    const rows = source !== undefined ? ptrOf(source) : copy!;
    if (source === undefined) yield* ctx.map(p.body, ptrOf, [{ ref: p.ref, dtype: out.dtype, ptr: rows }], undefined, perm);
    const target = direct ? ptrOf(out.slot) : rolled!;
    const ranges = split(cols, ctx.parallelism(n), SERIES_CHUNK);
    yield* withBlocks(ctx.heap, ranges.map(() => scratchBytes), function* (scratch) {
      yield jobs(rows, target, len, cols, ranges, scratch);
    });
    if (!direct) yield* ctx.map(unpermuteBody(shape, perm, out.dtype), () => rolled!, [{ ref: 0, dtype: out.dtype, ptr: ptrOf(out.slot) }]);
  });
}

/** A rolling-window statistic (wasm/src/rolling.rs); min and max take deques in per-range scratch where the sums take ddof. */
function* launchRolling(ctx: LaunchContext, p: ScanKernel, ptrOf: PtrOf): Steps {
  const op = p.op as RollingOp;
  const fn = rollingFn(op, p.outputs[0]!.dtype);
  const params = rollingParams(p.rolling!, p.body.shape[p.axis]!);
  const dequeBytes = usesDeques(op) ? ctx.exports.rolling_extreme_scratch_bytes(params[0]!) : 0;
  const tail = (deques: number | undefined) => (dequeBytes > 0 ? [...params.slice(0, 2), deques!] : params);
  yield* launchSeries(ctx, p, ptrOf, dequeBytes, (rows, target, len, cols, ranges, deques) =>
    ranges.map(([c0, c1], i) => ({ fn, args: [rows, target, len, cols, c0, c1, ...tail(deques[i])] })),
  );
}

/** An exponentially weighted statistic (wasm/src/ewm.rs): no scratch, the state of each column in registers. */
function* launchEwm(ctx: LaunchContext, p: ScanKernel, ptrOf: PtrOf): Steps {
  const fn = ewmFn(p.op as EwmOp, p.outputs[0]!.dtype);
  const params = ewmParams(p.ewm!, p.body.shape[p.axis]!);
  yield* launchSeries(ctx, p, ptrOf, 0, (rows, target, len, cols, ranges) => ranges.map(([c0, c1]) => ({ fn, args: [rows, target, len, cols, c0, c1, ...params] })));
}

/** sort / argsort: the prologue laid out lane-contiguous, the Rust radix sort per lane, then back to C order. */
export function* launchSort(ctx: LaunchContext, p: OpaqueKernel, ptrOf: PtrOf): Steps {
  const body = p.inputs[0]!;
  const keyDType = body.instrs[p.refs[0]!]!.dtype;
  const out = p.outputs[0]!;
  const shape = p.shape;
  const len = shape[p.axis]!;
  const lanes = len === 0 ? 0 : sizeOf(shape) / len;
  const perm = axisLast(shape.length, p.axis);
  const n = sizeOf(shape);
  const last = p.axis === shape.length - 1;
  const source = last ? contiguousSource(body, p.refs[0]!, keyDType) : undefined;
  const bytes = [source === undefined ? n * ITEM_BYTES[keyDType] : 0, last ? 0 : n * ITEM_BYTES[out.dtype], sortScratchBytes(ctx.exports, len)];
  yield* withBlocks(ctx.heap, bytes, function* ([tmpKeys, tmpSorted, scratch]) {
    const keys = source === undefined ? tmpKeys! : ptrOf(source);
    const sorted = last ? ptrOf(out.slot) : tmpSorted!;
    if (source === undefined) yield* ctx.map(body, ptrOf, [{ ref: p.refs[0]!, dtype: keyDType, ptr: keys }], undefined, perm);
    const argsort = p.op === 'argsort';
    sortLanes(ctx.exports, keyDType, keys, argsort ? 0 : sorted, argsort ? sorted : 0, lanes, len, scratch!);
    if (!last) yield* ctx.map(unpermuteBody(shape, perm, out.dtype), () => sorted, [{ ref: 0, dtype: out.dtype, ptr: ptrOf(out.slot) }]);
  });
}


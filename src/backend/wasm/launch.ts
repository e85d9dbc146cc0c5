import type { DType } from '../../graph/dtype.js';
import type { Body } from '../../kernel/program.js';
import type { AccArrays, OutputTarget } from './encode.js';
import type { Heap } from './heap.js';
import type { KernelExports } from './module.js';
import type { Job } from './pool.js';

/** A batch of kernel calls that may run in parallel; the backend's driver answers with their statuses. */
export type Batch = readonly Job[];
/** A kernel launch as a generator of batches, so one description serves a blocking and an awaiting driver. */
export type Steps = Generator<Batch, void, number[]>;

/** Slot of a kernel (or of a synthesized body) -> byte address in the heap. */
export type PtrOf = (slot: number) => number;

/** What the per-kind launchers need from the backend. */
export interface LaunchContext {
  readonly heap: Heap;
  readonly exports: KernelExports;
  readonly threads: number;
  /** Threads worth using for this many elements of work. */
  parallelism(work: number): number;
  /** Runs a body over its shape (or the permuted shape) writing `outputs`, in parallel where worthwhile. */
  map(body: Body, ptrOf: PtrOf, outputs: readonly OutputTarget[], acc?: AccArrays, perm?: readonly number[]): Steps;
}

/** A heap block that the launcher frees when done, whatever happens. */
export function* withBlocks<T>(heap: Heap, bytes: readonly number[], body: (ptrs: number[]) => Generator<Batch, T, number[]>): Generator<Batch, T, number[]> {
  const ptrs = bytes.map((b) => heap.alloc(Math.max(1, b)));
  try {
    return yield* body(ptrs);
  } finally {
    ptrs.forEach((p) => heap.release(p));
  }
}

/**
 * A body that copies a contiguous array laid out in `perm` axis order back into C order
 * of `shape` (the last step of a scan or sort along a non-last axis).
 */
export function unpermuteBody(shape: readonly number[], perm: readonly number[], dtype: DType): Body {
  const permShape = perm.map((a) => shape[a]!);
  const permStrides = permShape.map((_, i) => permShape.slice(i + 1).reduce((s, d) => s * d, 1));
  const strides = shape.map((_, axis) => permStrides[perm.indexOf(axis)]!);
  return { shape, loads: [{ slot: 0, view: { shape, strides, offset: 0 }, dtype }], instrs: [{ op: 'load', load: 0, dtype }] };
}

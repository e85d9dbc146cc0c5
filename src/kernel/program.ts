import type { DType } from '../graph/dtype.js';
import type { GroupAggAttrs, GroupSlotAttrs } from '../graph/group-agg.js';
import type { EwmAttrs, RollingAttrs, SolverAttrs } from '../graph/node.js';
import type { ElementwiseOp, EwmOp, ReduceOp, RollingOp } from '../graph/ops.js';
import type { Shape } from '../graph/shape.js';
import type { View } from '../graph/view.js';

/**
 * A constant of a kernel body: a JS scalar of the expression (or a value the optimizer
 * folded), already rounded to its dtype. Its value is a launch parameter, not code: the
 * canonical hash leaves it out (hash.ts), so backends read it from the program being run.
 */
export interface ConstInstr {
  readonly op: 'const';
  readonly value: number;
  readonly dtype: DType;
}

/**
 * One straight-line instruction of a kernel body (SSA: an instruction's index is the
 * value it defines). Every instruction states the dtype its result is rounded to, so
 * a backend reproduces float32 rounding and integer wrap-around per step.
 */
export type Instr =
  | { readonly op: 'load'; readonly load: number; readonly dtype: DType }
  | ConstInstr
  /** In a reduce or contraction epilogue: the result of accumulator `acc`. */
  | { readonly op: 'acc'; readonly acc: number; readonly dtype: DType }
  | {
      readonly op: ElementwiseOp;
      readonly args: readonly number[];
      readonly dtype: DType;
      readonly decimals?: number;
    };

/**
 * A value computed from an element's index instead of read from memory: arange and
 * linspace (`range`), and Philox random bits (`random`). The load's view maps the
 * kernel's position to that index, so these fuse and move like any other input.
 */
export type Generator =
  | { readonly kind: 'range'; readonly start: number; readonly step: number; readonly last?: number; readonly size: number }
  | { readonly kind: 'random'; readonly key0: number; readonly key1: number; readonly stream: number; readonly word: number };

/** A kernel input as one body reads it: a plan buffer (or a generator, slot -1) seen through a view of the body's shape. */
export interface Load {
  readonly slot: number;
  readonly view: View;
  readonly dtype: DType;
  readonly generator?: Generator;
}

/** Elementwise code over one iteration space. Loads index into the kernel's slots. */
export interface Body {
  readonly shape: Shape;
  readonly loads: readonly Load[];
  readonly instrs: readonly Instr[];
}

export interface Output {
  /** The instruction (in the body that produces outputs) whose value is written. */
  readonly ref: number;
  readonly dtype: DType;
  readonly slot: number;
}

/** A reduction over the reduce kernel's axes: `var` keeps mean and squared deviations (ddof in attrs). */
export type ReduceKind = ReduceOp | 'var';
export interface Reduction {
  readonly op: ReduceKind;
  readonly ref: number;
  readonly dtype: DType;
  readonly ddof?: number;
}

/** Elementwise map: one or several outputs of the body's shape, written contiguously. */
export interface MapKernel {
  readonly kind: 'map';
  readonly body: Body;
  readonly outputs: readonly Output[];
}

/** Prologue over the input space -> reductions over `axes` -> epilogue over the kept axes. */
export interface ReduceKernel {
  readonly kind: 'reduce';
  readonly body: Body;
  readonly axes: readonly number[];
  readonly reductions: readonly Reduction[];
  readonly epilogue: Body;
  readonly outputs: readonly Output[];
}

/**
 * A running sum or product, a rolling-window statistic (`rolling` set) or an exponentially
 * weighted one (`ewm` set), along `axis` of a fused prologue.
 */
export interface ScanKernel {
  readonly kind: 'scan';
  readonly op: 'cumsum' | 'cumprod' | RollingOp | EwmOp;
  readonly rolling?: RollingAttrs;
  readonly ewm?: EwmAttrs;
  readonly body: Body;
  readonly axis: number;
  readonly ref: number;
  readonly outputs: readonly Output[];
}

/** Batched matmul: prologues `a` (..., n, k) and `b` (..., k, m), epilogue over (..., n, m) reading acc 0. */
export interface ContractionKernel {
  readonly kind: 'contraction';
  readonly a: Body;
  readonly aRef: number;
  readonly b: Body;
  readonly bRef: number;
  readonly dtype: DType;
  readonly epilogue: Body;
  readonly outputs: readonly Output[];
}

export type OpaqueOp = 'sort' | 'argsort' | 'gather' | 'gatherAlong' | 'concat' | 'groupAgg' | 'groupSlots' | 'impliedVol';

/**
 * A data-dependent routine (sort, take, concat, ...). Each input is an elementwise
 * prologue evaluated once over the input's shape, so `sort(x + 1)` or a transposed
 * input needs no stored intermediate.
 */
export interface OpaqueKernel {
  readonly kind: 'opaque';
  readonly op: OpaqueOp;
  readonly inputs: readonly Body[];
  readonly refs: readonly number[];
  readonly shape: Shape;
  readonly axis: number;
  /** groupAgg only: what it computes (part of the canonical form, so of the cache key). */
  readonly group?: GroupAggAttrs;
  /** groupSlots only: how the keys combine (part of the cache key). */
  readonly slots?: GroupSlotAttrs;
  /** impliedVol only: its stopping rule (part of the cache key). */
  readonly solver?: SolverAttrs;
  readonly outputs: readonly Output[];
}

/**
 * One kernel of a plan, backend-neutral: a fused elementwise map, a reduction, a scan, a
 * contraction (matmul) or an opaque routine (sort, groupby, gather). Its canonical hash is
 * the key under which backends cache compiled code.
 */
export type KernelProgram = MapKernel | ReduceKernel | ScanKernel | ContractionKernel | OpaqueKernel;
export type KernelKind = KernelProgram['kind'];

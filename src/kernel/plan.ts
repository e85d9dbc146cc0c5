import type { DType } from '../graph/dtype.js';
import type { Realized } from '../graph/node.js';
import type { Shape } from '../graph/shape.js';
import type { View } from '../graph/view.js';
import type { KernelProgram } from './program.js';

/** A buffer of the plan: user data or an earlier result (`source`), or one a kernel writes. */
export interface PlanBuffer {
  readonly id: number;
  readonly shape: Shape;
  readonly dtype: DType;
  readonly source?: Realized;
}

/** One kernel launch: its program, which plan buffer each slot is, and what it costs. */
export interface Step {
  readonly program: KernelProgram;
  /** Canonical hash of the program: the cache key for compiled code on every backend. */
  readonly hash: string;
  /** slots[i] is the plan buffer behind kernel slot i (loads first, then outputs). */
  readonly slots: readonly number[];
  /** The graph ops fused into this kernel, for explain(). */
  readonly ops: readonly string[];
  readonly bytesRead: number;
  readonly bytesWritten: number;
  /** Buffers whose last reader is this kernel: freed (returned to the pool) after it. */
  readonly frees: readonly number[];
}

/** What the optimizer hands a backend: kernels in order, and where each requested result lives. */
export interface Plan {
  readonly buffers: readonly PlanBuffer[];
  readonly steps: readonly Step[];
  /** Per requested node: the buffer holding it and the view it is read through. */
  readonly outputs: readonly { readonly buffer: number; readonly view: View }[];
}

import type { AnyTypedArray, DType } from '../graph/dtype.js';
import type { Node, Realized } from '../graph/node.js';
import type { Plan } from '../kernel/plan.js';

/**
 * The three backends: `js` (the float64 reference evaluator), `wasm` (Rust SIMD kernels on
 * worker threads) and `webgpu` (WGSL on the GPU).
 */
export type BackendName = 'js' | 'wasm' | 'webgpu';

/** Running totals a backend keeps, so tests can count work instead of timing it. */
export interface BackendCounters {
  /** Kernel programs compiled (a cache miss on the program's canonical hash). */
  compiles: number;
  /** Kernels launched. */
  launches: number;
}

/**
 * What the runtime asks of a backend: run an optimized plan and hand back the
 * requested values. A backend that can answer synchronously (CPU backends) also
 * offers `executeSync`, which `dataSync()` and `toString()` use.
 */
export interface Backend {
  readonly name: BackendName;
  /** A line for users: what runs and how. */
  readonly description: string;
  readonly counters: BackendCounters;
  /**
   * The most elements one array may hold here: the frontend refuses larger shapes with
   * a MemoryError at the call (#20) instead of failing inside a kernel.
   */
  readonly maxElements: number;
  execute(plan: Plan): Promise<Realized[]>;
  executeSync?(plan: Plan): Realized[];
  /**
   * Caps the bytes a backend keeps in copies of its own between evaluations (the wasm
   * heap's resident sources): the runtime gives it a share of the host budget, which
   * the buffer cache does not see.
   */
  keepCopiesWithin?(bytes: number): void;
  /**
   * An array of `length` elements in the memory this backend's kernels read (the wasm
   * heap), for data many evaluations will read, as a frame's columns: kernels read it in
   * place instead of copying it in for each evaluation. Its memory goes back when the
   * array is collected. Undefined where that would not pay or there is no room.
   */
  placeArray?(dtype: DType, length: number): AnyTypedArray | undefined;
  /**
   * Whether a plan reading `data` copies it into host memory of the backend's own while
   * it runs (the wasm heap), which the host budget must then make room for; absent: never.
   */
  stagesSource?(data: AnyTypedArray): boolean;
  /** Node-by-node evaluation without the optimizer, reading the values the runtime holds: the unfused reference (js only). */
  evaluateUnfused?(roots: readonly Node[], realizedOf: (node: Node) => Realized | undefined): Realized[];
}

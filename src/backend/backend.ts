import type { Node, Realized } from '../graph/node.js';

export type BackendName = 'js' | 'wasm' | 'webgpu';

/**
 * What the runtime asks of a backend: evaluate the graph under some nodes and hand
 * back their values. A backend that can answer synchronously (CPU backends) also
 * offers `evaluateSync`, which `dataSync()` and `toString()` use.
 */
export interface Backend {
  readonly name: BackendName;
  /** A line for users: what runs and how (e.g. 'js (float64 reference, unfused)'). */
  readonly description: string;
  evaluate(roots: readonly Node[]): Promise<Realized[]>;
  evaluateSync?(roots: readonly Node[]): Realized[];
}

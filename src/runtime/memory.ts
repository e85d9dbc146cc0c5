import type { Node } from '../graph/node.js';
import { OPS } from '../graph/ops.js';

/**
 * Drops a node's remembered result when its last handle goes (dispose, scope exit or
 * garbage collection). Source data is kept: nodes built on it may still read it, and
 * it goes with the last of them. Later backends free device and heap buffers here.
 */
export function releaseNode(node: Node): void {
  if (OPS[node.op].kind !== 'source') node.realized = undefined;
}

const registry = new FinalizationRegistry<Node>(releaseNode);

/** Frees `node`'s result once `handle` is unreachable. */
export function trackHandle(handle: object, node: Node): void {
  registry.register(handle, node, handle);
}

export function untrackHandle(handle: object): void {
  registry.unregister(handle);
}

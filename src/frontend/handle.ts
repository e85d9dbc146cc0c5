import { DisposedError } from '../graph/errors.js';
import type { Node } from '../graph/node.js';
import { releaseNode, trackHandle, untrackHandle } from '../runtime/memory.js';

/**
 * The state behind an NDArray handle, kept out of the public class: its node and
 * whether it was disposed. Arrays made inside `np.scope` are listed in the open scope.
 */
interface HandleState {
  node: Node;
  disposed: boolean;
}

const states = new WeakMap<object, HandleState>();
const scopes: Set<object>[] = [];

export function attach(handle: object, node: Node): void {
  states.set(handle, { node, disposed: false });
  trackHandle(handle, node);
  scopes.at(-1)?.add(handle);
}

/** The node behind a handle; using a disposed array raises, naming the op. */
export function nodeOf(op: string, handle: object): Node {
  const s = states.get(handle)!;
  if (s.disposed) throw new DisposedError(`${op}: the array was disposed and can no longer be used`);
  return s.node;
}

export function disposeHandle(handle: object): void {
  const s = states.get(handle)!;
  if (s.disposed) return;
  s.disposed = true;
  untrackHandle(handle);
  releaseNode(s.node);
}

export const isDisposed = (handle: object): boolean => states.get(handle)!.disposed;

/** Runs `fn` with a fresh scope and returns the handles made inside it. */
export function withScope<T>(fn: () => T): { result: T; made: Set<object> } {
  const made = new Set<object>();
  scopes.push(made);
  try {
    return { result: fn(), made };
  } finally {
    scopes.splice(scopes.lastIndexOf(made), 1);
  }
}

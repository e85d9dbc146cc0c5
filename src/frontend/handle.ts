import { DisposedError } from '../graph/errors.js';
import type { Node } from '../graph/node.js';
import { handleGone, trackHandle, untrackHandle } from '../runtime/memory.js';
import { adopt } from '../runtime/cache/schedule.js';

/**
 * The state behind an NDArray handle, kept out of the public class: its node, whether
 * it was disposed, and whether it is the node's first handle (its owner). Ops wrap
 * their operands in new handles (`x.mean()` wraps x): such aliases never free the
 * node's result when disposed (np.scope disposes them), the owner's dispose does.
 * Arrays made inside `np.scope` are listed in the open scope.
 */
interface HandleState {
  node: Node;
  disposed: boolean;
  owner: boolean;
}

const states = new WeakMap<object, HandleState>();
const scopes: Set<object>[] = [];

/** Wraps a node in a new handle; data it already holds (arrays made from JS values) goes into the buffer cache now. */
export function attach(handle: object, node: Node): void {
  adopt('array', node);
  states.set(handle, { node, disposed: false, owner: trackHandle(handle, node) });
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
  handleGone(s.node, s.owner);
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

import { DisposedError } from '../graph/errors.js';
import type { Node } from '../graph/node.js';
import { handleGone, trackHandle } from '../runtime/memory.js';
import { adopt } from '../runtime/cache/schedule.js';

/**
 * The state behind an NDArray handle, kept out of the public class: its node, whether
 * it was disposed, and whether it is the node's first handle (its owner). Ops wrap
 * their operands in new handles (`x.mean()` wraps x): such aliases never free the
 * node's result when disposed (np.scope disposes them), the owner's dispose does.
 * Arrays made inside `np.scope` are listed in the open scope.
 */
interface HandleState {
  readonly node: Node;
  disposed: boolean;
  owner: boolean;
}

/**
 * Where a handle keeps its state: a symbol-keyed property, not enumerable, so neither
 * inspection nor iteration shows it. A WeakMap from handle to state cost a hash insert
 * per op and ephemeron work in every minor collection: most of a small call's handles die young (#13).
 */
const STATE = Symbol('quiver.handle');
const stateOf = (handle: object): HandleState => (handle as { [STATE]: HandleState })[STATE];
const scopes: Set<object>[] = [];

/** Wraps a node in a new handle; data it already holds (arrays made from JS values) goes into the buffer cache now. */
export function attach(handle: object, node: Node): void {
  adopt('array', node);
  const state: HandleState = { node, disposed: false, owner: false };
  state.owner = trackHandle(handle, state);
  Object.defineProperty(handle, STATE, { value: state });
  scopes.at(-1)?.add(handle);
}

/** The node behind a handle; using a disposed array raises, naming the op. */
export function nodeOf(op: string, handle: object): Node {
  const s = stateOf(handle);
  if (s.disposed) throw new DisposedError(`${op}: the array was disposed and can no longer be used`);
  return s.node;
}

export function disposeHandle(handle: object): void {
  const s = stateOf(handle);
  if (s.disposed) return;
  s.disposed = true;
  handleGone(s.node, s.owner);
}

export const isDisposed = (handle: object): boolean => stateOf(handle).disposed;

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

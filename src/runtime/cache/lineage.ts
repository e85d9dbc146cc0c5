import type { Node } from '../../graph/node.js';
import { liveConsumers, realizedOf, stateOf } from '../node-state.js';
import { entryOf, type Entry } from './entry.js';

/**
 * Whether source data may be freed when its last handle goes, and what must then keep
 * its results. A consumer still needs the data when it has not been computed and an
 * array handle can still ask for it, directly or through its own consumers. Consumers
 * already computed do not; their results are returned, so the caller can stop them
 * being dropped (they could no longer be recomputed without the data).
 * Returns undefined while some consumer still needs the data.
 */
export function computedDependents(source: Node): Entry[] | undefined {
  const found = new Set<Entry>();
  const seen = new Set<Node>();
  const stack = liveConsumers(source);
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (seen.has(c)) continue;
    seen.add(c);
    const e = entryOf(realizedOf(c));
    if (e) {
      found.add(e);
      continue;
    }
    if (stateOf(c).handles > 0) return undefined;
    for (const consumer of liveConsumers(c)) stack.push(consumer);
  }
  return [...found];
}

/**
 * Whether a node other than `node` still reads the buffer (views of it, equal expressions
 * answered from the cache, the same array wrapped again): one with a handle, or one
 * whose handles are gone but that an array built on it still needs (`np.asarray(x)
 * .add(1)` keeps only the sum's handle). Newest holders first: a source wrapped again on
 * every call of a loop gains a holder per call, the old ones dead but not yet
 * collected, and the one that answers is the current call's.
 */
export function sharedWithOthers(entry: Entry, node: Node): boolean {
  const holders = entry.holders;
  for (let i = holders.length - 1; i >= 0; i--) {
    const other = holders[i]!.deref();
    if (other === undefined || other === node || entryOf(realizedOf(other)) !== entry) continue;
    if (stateOf(other).handles > 0 || computedDependents(other) === undefined) return true;
  }
  return false;
}

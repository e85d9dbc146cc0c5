import type { Node } from '../../graph/node.js';
import { stateOf } from '../node-state.js';
import { CachedValue, entryOf } from './entry.js';

/**
 * Result reuse. A node's key is its canonical form: op, dtype, shape and attributes,
 * over the keys of its inputs, down to the identities of the buffers it reads (arrays
 * are immutable, so a buffer's identity is its version). Two nodes with the same key
 * compute the same bytes, so the second is answered with the first's buffer and runs
 * no kernel. Canonical forms are interned to small numbers (the engine's own string
 * hashing is faster than any hash written here; bench/cache.bench.ts times a cache hit).
 */
const interned = new Map<string, number>();
let nextKey = 0;

/**
 * 65,536 forms (a few MB of strings) before the table starts afresh. Every new buffer
 * adds forms that name it, which no later expression repeats once it is freed: heap
 * snapshots of the soak's frame groupbys (scripts/soak) showed 19 new forms an
 * iteration, so a long loop over fresh data fills the table, and the earlier limit of a
 * million forms let the JS heap grow by ~100 MB (issue #20). Numbers are never reused,
 * so forgetting forms can only miss a reuse, never answer wrongly.
 */
const INTERNED_LIMIT = 2 ** 16;

function intern(form: string): number {
  let key = interned.get(form);
  if (key === undefined) {
    if (interned.size >= INTERNED_LIMIT) interned.clear();
    interned.set(form, (key = nextKey++));
  }
  return key;
}

/**
 * A node's key, or undefined when it reads a buffer the cache does not own or that the
 * user may still write to (np.asarray's array). A realized node without a remembered key
 * (a result made before its inputs were keyed) is keyed by its own buffer. Iterative:
 * expression chains can be deeper than the call stack.
 */
export function resultKey(root: Node): number | undefined {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.at(-1)!;
    const state = stateOf(node);
    if (state.reuseKey !== undefined) {
      stack.pop();
      continue;
    }
    const entry = entryOf(state.realized);
    if (entry?.borrowed) return undefined;
    if (entry) {
      state.reuseKey = intern(`b${entry.id}`);
      stack.pop();
      continue;
    }
    if (node.op === 'buffer') return undefined;
    const missing = node.inputs.filter((i) => stateOf(i).reuseKey === undefined);
    if (missing.length > 0) {
      stack.push(...missing);
      continue;
    }
    state.reuseKey = intern(`${node.op}|${node.dtype}|${node.shape.join(',')}|${JSON.stringify(node.attrs)}|${node.inputs.map((i) => stateOf(i).reuseKey).join(',')}`);
    stack.pop();
  }
  return stateOf(root).reuseKey;
}

/**
 * Remembered results by key. Values are held weakly: a result lives as long as some
 * array holds it, and the cache's budget decides that, not this table.
 */
export class ResultTable {
  private readonly table = new Map<number, WeakRef<CachedValue>>();
  private readonly registry = new FinalizationRegistry<number>((key) => {
    if (this.table.get(key)?.deref() === undefined) this.table.delete(key);
  });

  lookup(key: number): CachedValue | undefined {
    const value = this.table.get(key)?.deref();
    return value && !value.entry.freed ? value : undefined;
  }

  remember(key: number, value: CachedValue): void {
    this.table.set(key, new WeakRef(value));
    this.registry.register(value, key);
  }

  get size(): number {
    return this.table.size;
  }
}

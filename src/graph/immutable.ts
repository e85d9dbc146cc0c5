import type { AnyTypedArray } from './dtype.js';

/**
 * Typed arrays that only Quiver holds and that never change after they are made: the
 * copies np.array makes and the results backends hand back (users read results through
 * copies). A backend may keep its own copy of one across evaluations (the wasm heap, a
 * GPU buffer) without checking it again. An np.asarray source is never in here: the
 * user may still write to it, and the next evaluation must see those writes.
 */
const frozen = new WeakSet<AnyTypedArray>();

export function freeze<T extends AnyTypedArray>(data: T): T {
  frozen.add(data);
  return data;
}

export const isFrozen = (data: AnyTypedArray): boolean => frozen.has(data);

import { allocate, copyOf, dtypeOfTypedArray, type AnyTypedArray } from '../graph/dtype.js';
import type { Realized } from '../graph/node.js';
import { sizeOf } from '../graph/shape.js';
import { forEachOffset, isContiguous } from '../graph/view.js';
import { CachedValue } from './cache/entry.js';

/**
 * A C-order copy of a realized value: fresh, or written into `into` (the caller's
 * TypedArray of the value's storage and size) and returned. Always a copy: the buffer may
 * be shared with other arrays (views) or with the user's own TypedArray (asarray), and a
 * caller writing into what `data()` returned must not change them.
 */
export function readContiguous(r: Realized, into?: AnyTypedArray): AnyTypedArray {
  const n = sizeOf(r.view.shape);
  const data = r instanceof CachedValue ? r.dataToCopy : r.data;
  if (isContiguous(r.view)) {
    if (!into) return copyOf(data.subarray(0, n));
    into.set(data.subarray(0, n));
    return into;
  }
  // `into` over the very buffer it is read from (an asarray source) would be overwritten while read: gather first.
  const out = into && into.buffer !== data.buffer ? into : allocate(dtypeOfTypedArray(data)!, n);
  forEachOffset(r.view, (offset, i) => (out[i] = data[offset]!));
  if (into && out !== into) into.set(out);
  return into ?? out;
}

import { allocate, dtypeOfTypedArray, type AnyTypedArray } from '../graph/dtype.js';
import type { Realized } from '../graph/node.js';
import { sizeOf } from '../graph/shape.js';
import { forEachOffset, isContiguous } from '../graph/view.js';

/**
 * A fresh C-order copy of a realized value. Always a copy: the buffer may be shared
 * with other arrays (views) or with the user's own TypedArray (asarray), and a caller
 * writing into what `data()` returned must not change them.
 */
export function readContiguous(r: Realized): AnyTypedArray {
  const n = sizeOf(r.view.shape);
  if (isContiguous(r.view)) return r.data.slice(0, n);
  const out = allocate(dtypeOfTypedArray(r.data)!, n);
  forEachOffset(r.view, (offset, i) => (out[i] = r.data[offset]!));
  return out;
}

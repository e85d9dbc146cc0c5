import type { Shape } from '../../graph/shape.js';
import type { View } from '../../graph/view.js';

/**
 * Element offsets of a view for a run of consecutive C-order positions of its shape:
 * `out[j]` = offset of position `start + j`. The block VM calls this once per load
 * per block, so strided, broadcast and flipped reads cost one pass of index arithmetic.
 */
export function offsetsForRange(view: View, start: number, len: number, out: Float64Array): void {
  const shape: Shape = view.shape;
  const nd = shape.length;
  const idx = new Array<number>(nd);
  let off = view.offset;
  let rest = start;
  for (let d = nd - 1; d >= 0; d--) {
    const n = shape[d]!;
    idx[d] = n === 0 ? 0 : rest % n;
    rest = n === 0 ? 0 : Math.floor(rest / n);
    off += idx[d]! * view.strides[d]!;
  }
  const last = nd - 1;
  const innerStride = nd > 0 ? view.strides[last]! : 0;
  const innerLen = nd > 0 ? shape[last]! : 1;
  for (let j = 0; j < len; j++) {
    out[j] = off;
    if (nd === 0) continue;
    if (++idx[last]! < innerLen) {
      off += innerStride;
      continue;
    }
    off -= innerStride * (innerLen - 1);
    idx[last] = 0;
    for (let d = last - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) {
        off += view.strides[d]!;
        break;
      }
      off -= view.strides[d]! * (shape[d]! - 1);
      idx[d] = 0;
    }
  }
}

import type { AnyTypedArray } from '../../graph/dtype.js';
import { isContiguous } from '../../graph/view.js';
import { realize } from '../../runtime/evaluate.js';
import { readContiguous } from '../../runtime/read.js';
import type { NDArray } from '../ndarray.js';

/**
 * The values of several 1-D arrays on the host, computed in one schedule. A contiguous
 * result is returned as a view of its buffer, not a copy: callers only read it.
 */
export async function hostValues(op: string, arrays: readonly NDArray[]): Promise<AnyTypedArray[]> {
  const realized = await realize(op, arrays.map((a) => a.node(op)));
  return realized.map((r, k) => {
    const n = arrays[k]!.shape[0]!;
    return isContiguous(r.view) ? r.data.subarray(r.view.offset, r.view.offset + n) : readContiguous(r);
  });
}

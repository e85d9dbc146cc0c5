import type { AnyTypedArray } from '../../graph/dtype.js';
import { isContiguous } from '../../graph/view.js';
import type { Node } from '../../graph/node.js';
import { realizeRead } from '../../runtime/evaluate.js';
import { releaseNode } from '../../runtime/memory.js';
import { readContiguous } from '../../runtime/read.js';
import type { NDArray } from '../ndarray.js';

/**
 * The values of several 1-D arrays on the host, computed in one schedule. A contiguous
 * result is returned as a view of its buffer, not a copy: callers only read it.
 */
export async function hostValues(op: string, arrays: readonly NDArray[]): Promise<AnyTypedArray[]> {
  return realizeRead(op, arrays.map((a) => a.node(op)), (realized) =>
    realized.map((r, k) => {
      const n = arrays[k]!.shape[0]!;
      return isContiguous(r.view) ? r.data.subarray(r.view.offset, r.view.offset + n) : readContiguous(r);
    }),
  );
}

/**
 * The values of nodes only the grouping reads (key bounds, statistics), copied to the
 * host in one schedule and their buffers freed at once: a repeated grouping should
 * compute again, not answer from results that linger in the cache until collected.
 */
export async function readReleased(op: string, nodes: readonly Node[]): Promise<AnyTypedArray[]> {
  const values = await realizeRead(op, nodes, (realized) => realized.map((r) => readContiguous(r)));
  nodes.forEach(releaseNode);
  return values;
}

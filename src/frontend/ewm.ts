import type { EwmAttrs } from '../graph/node.js';
import { Node } from '../graph/node.js';
import type { EwmOp } from '../graph/ops.js';
import { DTypeError } from '../graph/errors.js';
import type { NDArray } from './ndarray.js';
import { toNode, wrap, type ArrayInput } from './operand.js';

/**
 * An exponentially weighted statistic of float `x` along `axis` (already resolved to
 * [0, ndim)): the node behind risk.ewmMean / Var / Std. Not on `np` (NumPy has no ewm);
 * src/lib checks the arguments and names its own functions in errors.
 */
export function ewmStatistic(op: EwmOp, x: ArrayInput, axis: number, ewm: EwmAttrs): NDArray {
  const node = toNode(op, x);
  if (node.dtype !== 'float32' && node.dtype !== 'float64') throw new DTypeError(`${op}: expects float32 or float64, got ${node.dtype}`);
  return wrap(new Node(op, [node], node.shape, node.dtype, { axis, ewm }));
}

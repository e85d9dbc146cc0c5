import type { RollingAttrs } from '../graph/node.js';
import { Node } from '../graph/node.js';
import type { RollingOp } from '../graph/ops.js';
import { DTypeError } from '../graph/errors.js';
import type { NDArray } from './ndarray.js';
import { toNode, wrap, type ArrayInput } from './operand.js';

/**
 * A rolling-window statistic of float `x` along `axis` (already resolved to [0, ndim)):
 * the node behind risk.rollingSum / Mean / Var / Std. Not on `np` (NumPy has no rolling
 * windows); src/lib checks the arguments and names its own functions in errors.
 */
export function rollingStatistic(op: RollingOp, x: ArrayInput, axis: number, rolling: RollingAttrs): NDArray {
  const node = toNode(op, x);
  if (node.dtype !== 'float32' && node.dtype !== 'float64') throw new DTypeError(`${op}: expects float32 or float64, got ${node.dtype}`);
  return wrap(new Node(op, [node], node.shape, node.dtype, { axis, rolling }));
}

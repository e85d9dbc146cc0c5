import type { Node, Realized } from '../../graph/node.js';
import type { ElementwiseOp } from '../../graph/ops.js';
import { sizeOf } from '../../graph/shape.js';
import { SCALAR } from '../../kernel/scalar.js';
import { readAs, store } from './strided.js';

/**
 * Evaluates one elementwise node: every input is read broadcast to the output shape,
 * the op runs in float64 on values of its input dtype, and the result is rounded to
 * the output dtype (Math.fround for float32, wrap-around for integers).
 */
export function evalElementwise(node: Node, inputs: readonly Realized[]): Realized {
  const op = node.op as ElementwiseOp;
  // where(cond, a, b) computes in the dtype of a and b; every other op in its first input's.
  const inputDType = node.inputs[op === 'where' ? 1 : 0]!.dtype;
  const f = SCALAR[op](inputDType, node.attrs);
  const n = sizeOf(node.shape);
  const [a, b, c] = inputs.map((r) => readAs(r, node.shape));
  const out = new Float64Array(n);
  if (inputs.length === 1) for (let i = 0; i < n; i++) out[i] = f(a![i]!, 0, 0);
  else if (inputs.length === 2) for (let i = 0; i < n; i++) out[i] = f(a![i]!, b![i]!, 0);
  else for (let i = 0; i < n; i++) out[i] = f(a![i]!, b![i]!, c![i]!);
  return store(node.dtype, node.shape, out);
}

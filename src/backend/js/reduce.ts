import type { DType } from '../../graph/dtype.js';
import type { Node, Realized } from '../../graph/node.js';
import type { ReduceOp } from '../../graph/ops.js';
import { sizeOf } from '../../graph/shape.js';
import { permuteView } from '../../graph/view.js';
import { initialState, pairwiseSum, REDUCTIONS, type State } from '../../kernel/reductions.js';
import { readAs, store } from './strided.js';

/**
 * A whole run's state, the run folded as one block. var is the textbook two-pass
 * variance instead: pairwise sums of the values and of their squared deviations.
 */
function runState(op: ReduceOp, xs: Float64Array, dtype: DType): State {
  if (op === 'var') {
    const n = xs.length;
    const mean = pairwiseSum(xs, 0, n) / n;
    return Float64Array.of(n, mean, pairwiseSum(xs.map((x) => (x - mean) * (x - mean)), 0, n));
  }
  const s = initialState(op);
  REDUCTIONS[op].fold(s, xs, xs.length, 0, dtype);
  return s;
}

/**
 * Reduces attrs.axes of the input: the view is permuted so kept axes come first, then
 * each output element reduces one contiguous run of the permuted values. Values are
 * the input's (already cast by the frontend to the accumulation dtype).
 */
export function evalReduce(node: Node, [input]: readonly Realized[]): Realized {
  const axes = node.attrs.axes!;
  const inShape = input!.view.shape;
  const kept = inShape.map((_, i) => i).filter((i) => !axes.includes(i));
  const view = permuteView(input!.view, [...kept, ...axes]);
  const values = readAs({ data: input!.data, view }, view.shape);
  const run = sizeOf(axes.map((a) => inShape[a]!));
  const count = run === 0 ? sizeOf(kept.map((a) => inShape[a]!)) : values.length / run;
  const out = new Float64Array(count);
  const op = node.op as ReduceOp;
  const xs = new Float64Array(run);
  for (let o = 0; o < count; o++) {
    for (let j = 0; j < run; j++) xs[j] = values[o * run + j]!;
    out[o] = REDUCTIONS[op].finish(runState(op, xs, node.inputs[0]!.dtype), node.attrs.ddof ?? 0);
  }
  return store(node.dtype, node.shape, out);
}

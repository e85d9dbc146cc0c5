import type { DType } from '../../graph/dtype.js';
import type { Node, Realized } from '../../graph/node.js';
import type { ReduceOp } from '../../graph/ops.js';
import { sizeOf } from '../../graph/shape.js';
import { permuteView } from '../../graph/view.js';
import { pairwiseSum } from './reducers.js';
import { readAs, store } from './strided.js';

type Reducer = (xs: Float64Array, dtype: DType, ddof: number) => number;

function extremum(better: (a: number, b: number) => boolean): Reducer {
  return (xs) => {
    let m = xs[0]!;
    for (let i = 1; i < xs.length && m === m; i++) if (better(xs[i]!, m) || xs[i] !== xs[i]) m = xs[i]!;
    return m;
  };
}

/** Index of the first extreme value; the first NaN wins, as in NumPy. */
function argExtremum(better: (a: number, b: number) => boolean): Reducer {
  return (xs) => {
    let k = 0;
    for (let i = 1; i < xs.length && xs[k] === xs[k]; i++) if (better(xs[i]!, xs[k]!) || xs[i] !== xs[i]) k = i;
    return k;
  };
}

/** Integer sums and products wrap modulo 2^32 at every step, as NumPy's int32 loops do. */
const REDUCERS: { [K in ReduceOp]: Reducer } = {
  sum: (xs, dtype) => {
    if (dtype === 'float32' || dtype === 'float64') return pairwiseSum(xs, 0, xs.length);
    let s = 0;
    for (let i = 0; i < xs.length; i++) s = dtype === 'uint32' ? (s + xs[i]!) >>> 0 : (s + xs[i]!) | 0;
    return s;
  },
  prod: (xs, dtype) => {
    let p = 1;
    for (let i = 0; i < xs.length; i++) {
      p = dtype === 'float32' || dtype === 'float64' ? p * xs[i]! : dtype === 'uint32' ? Math.imul(p, xs[i]!) >>> 0 : Math.imul(p, xs[i]!);
    }
    return p;
  },
  var: (xs, _dtype, ddof) => {
    const n = xs.length;
    const mean = pairwiseSum(xs, 0, n) / n;
    const dev = xs.map((x) => (x - mean) * (x - mean));
    return pairwiseSum(dev, 0, n) / Math.max(n - ddof, 0);
  },
  min: extremum((a, b) => a < b),
  max: extremum((a, b) => a > b),
  any: (xs) => (xs.some((x) => x !== 0) ? 1 : 0),
  all: (xs) => (xs.every((x) => x !== 0) ? 1 : 0),
  argmin: argExtremum((a, b) => a < b),
  argmax: argExtremum((a, b) => a > b),
};

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
  const reduce = REDUCERS[node.op as ReduceOp];
  const xs = new Float64Array(run);
  for (let o = 0; o < count; o++) {
    for (let j = 0; j < run; j++) xs[j] = values[o * run + j]!;
    out[o] = reduce(xs, node.inputs[0]!.dtype, node.attrs.ddof ?? 0);
  }
  return store(node.dtype, node.shape, out);
}

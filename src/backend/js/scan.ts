import type { Node, Realized } from '../../graph/node.js';
import { contiguousStrides } from '../../graph/shape.js';
import { seriesSweep, type SeriesSweep } from './series.js';
import { readAs, store } from './strided.js';

/** A rolling-window or exponentially weighted statistic along attrs.axis, series by series (series.ts). */
function evalSeries(node: Node, sweep: SeriesSweep, values: ArrayLike<number>): Float64Array {
  const shape = node.shape;
  const axis = node.attrs.axis!;
  const stride = contiguousStrides(shape)[axis]!;
  const len = shape[axis]!;
  const out = new Float64Array(values.length);
  const series = new Float64Array(len);
  const rolled = new Float64Array(len);
  for (let base = 0; base < values.length; base++) {
    if (Math.floor(base / stride) % len !== 0) continue;
    for (let j = 0; j < len; j++) series[j] = values[base + j * stride]!;
    sweep(series, rolled);
    for (let j = 0; j < len; j++) out[base + j * stride] = rolled[j]!;
  }
  return out;
}

/** Running sum or product along attrs.axis (integer accumulators wrap as NumPy's do), or a rolling or ewm statistic. */
export function evalScan(node: Node, [input]: readonly Realized[]): Realized {
  const axis = node.attrs.axis!;
  const shape = node.shape;
  const values = readAs(input!, shape);
  const dtype = node.dtype;
  const sweep = seriesSweep(node.op, node.attrs);
  if (sweep) return store(dtype, shape, evalSeries(node, sweep, values));
  const step: (acc: number, x: number) => number =
    node.op === 'cumsum'
      ? dtype === 'int32' ? (a, x) => (a + x) | 0 : dtype === 'uint32' ? (a, x) => (a + x) >>> 0 : (a, x) => a + x
      : dtype === 'int32' ? Math.imul : dtype === 'uint32' ? (a, x) => Math.imul(a, x) >>> 0 : (a, x) => a * x;
  const stride = contiguousStrides(shape)[axis]!;
  const len = shape[axis]!;
  const out = new Float64Array(values.length);
  for (let base = 0; base < values.length; base++) {
    // `base` walks every element whose index along `axis` is 0.
    if (Math.floor(base / stride) % len !== 0) continue;
    // -0 is the identity of addition: a running sum starting at +0 would turn a leading -0 into +0.
    let acc = node.op === 'cumsum' ? -0 : 1;
    for (let j = 0; j < len; j++) {
      const i = base + j * stride;
      acc = step(acc, values[i]!);
      // float32 accumulates in float32, as NumPy's float32 loop does.
      if (dtype === 'float32') acc = Math.fround(acc);
      out[i] = acc;
    }
  }
  return store(dtype, shape, out);
}

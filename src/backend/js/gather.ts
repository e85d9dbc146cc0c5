import { IndexError } from '../../graph/errors.js';
import type { Realized } from '../../graph/node.js';
import type { OpSpec } from './spec.js';
import { contiguousStrides, sizeOf } from '../../graph/shape.js';
import { readAs, store } from './strided.js';

/** Resolves a possibly negative index, raising the error NumPy raises when it is out of bounds. */
function resolve(op: string, i: number, size: number, axis: number): number {
  if (i < -size || i >= size) throw new IndexError(`${op}: index ${i} is out of bounds for axis ${axis} with size ${size}`);
  return i < 0 ? i + size : i;
}

/** np.take(x, indices, axis): out shape is x.shape[:axis] + indices.shape + x.shape[axis+1:]. */
export function evalGather(node: OpSpec, [x, indices]: readonly Realized[]): Realized {
  const axis = node.attrs.axis!;
  const xs = node.inputs[0]!.shape;
  const values = readAs(x!, xs);
  const idx = readAs(indices!, node.inputs[1]!.shape);
  const outer = sizeOf(xs.slice(0, axis));
  const inner = sizeOf(xs.slice(axis + 1));
  const size = xs[axis]!;
  const out = new Float64Array(sizeOf(node.shape));
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (let t = 0; t < idx.length; t++) {
      const j = resolve('take', idx[t]!, size, axis);
      for (let c = 0; c < inner; c++) out[o++] = values[(a * size + j) * inner + c]!;
    }
  }
  return store(node.dtype, node.shape, out);
}

/** np.take_along_axis(x, indices, axis): indices and x already share every axis but `axis`. */
export function evalGatherAlong(node: OpSpec, [x, indices]: readonly Realized[]): Realized {
  const axis = node.attrs.axis!;
  const xs = node.inputs[0]!.shape;
  const values = readAs(x!, xs);
  const idx = readAs(indices!, node.shape);
  const outStrides = contiguousStrides(node.shape);
  const xStrides = contiguousStrides(xs);
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    let rest = i;
    let src = 0;
    for (let d = 0; d < node.shape.length; d++) {
      const coord = Math.floor(rest / outStrides[d]!);
      rest -= coord * outStrides[d]!;
      src += (d === axis ? resolve('takeAlongAxis', idx[i]!, xs[axis]!, axis) : coord) * xStrides[d]!;
    }
    out[i] = values[src]!;
  }
  return store(node.dtype, node.shape, out);
}

/** Joins inputs (same dtype, same shape but along attrs.axis) along attrs.axis. */
export function evalConcat(node: OpSpec, inputs: readonly Realized[]): Realized {
  const axis = node.attrs.axis!;
  const outer = sizeOf(node.shape.slice(0, axis));
  const parts = inputs.map((r, k) => ({ values: readAs(r, node.inputs[k]!.shape), run: sizeOf(node.inputs[k]!.shape.slice(axis)) }));
  const out = new Float64Array(sizeOf(node.shape));
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (const p of parts) for (let j = 0; j < p.run; j++) out[o++] = p.values[a * p.run + j]!;
  }
  return store(node.dtype, node.shape, out);
}

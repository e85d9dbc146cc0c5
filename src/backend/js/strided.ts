import { allocate, dtypeOfTypedArray, ROUND_TO, type AnyTypedArray, type DType } from '../../graph/dtype.js';
import type { Realized } from '../../graph/node.js';
import { sizeOf, type Shape } from '../../graph/shape.js';
import { contiguousView, expandView, isContiguous, type View } from '../../graph/view.js';

/**
 * Element offsets of several views of one shape, in C order: `offsets[k][i]` is where
 * element i of view k lives. The reference backend reads through these so any
 * stride, broadcast or negative step costs no copy.
 */
export function offsetsOf(views: readonly View[], shape: Shape): Float64Array[] {
  const n = sizeOf(shape);
  const nd = shape.length;
  const out = views.map(() => new Float64Array(n));
  const idx = new Array<number>(nd).fill(0);
  const off = views.map((v) => v.offset);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < views.length; k++) out[k]![i] = off[k]!;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) {
        for (let k = 0; k < views.length; k++) off[k] = off[k]! + views[k]!.strides[d]!;
        break;
      }
      for (let k = 0; k < views.length; k++) off[k] = off[k]! - views[k]!.strides[d]! * (shape[d]! - 1);
      idx[d] = 0;
    }
  }
  return out;
}

/** Reads a realized value broadcast to `shape` as a flat C-order list of numbers. */
export function readAs(r: Realized, shape: Shape): ArrayLike<number> {
  const view = r.view.shape.length === shape.length && r.view.shape.every((d, i) => d === shape[i]) ? r.view : expandView(r.view, shape);
  if (isContiguous(view)) return r.data.subarray(0, sizeOf(shape));
  const [offsets] = offsetsOf([view], shape);
  const out = new Float64Array(offsets!.length);
  for (let i = 0; i < out.length; i++) out[i] = r.data[offsets![i]!]!;
  return out;
}

/** A fresh contiguous buffer of `dtype` holding `values` rounded the way the dtype stores them. */
export function store(dtype: DType, shape: Shape, values: ArrayLike<number>): Realized {
  const data = allocate(dtype, values.length);
  const round = ROUND_TO[dtype];
  for (let i = 0; i < values.length; i++) data[i] = round(values[i]!);
  return { data, view: contiguousView(shape) };
}

/** Copies a realized value into a contiguous buffer of its own dtype (C order). */
export function toContiguous(r: Realized): AnyTypedArray {
  if (isContiguous(r.view) && r.data.length === sizeOf(r.view.shape)) return r.data;
  const values = readAs(r, r.view.shape);
  const data = allocate(dtypeOfTypedArray(r.data)!, values.length);
  data.set(values as ArrayLike<number>);
  return data;
}

import { contiguousStrides, sizeOf, type Shape } from './shape.js';

/**
 * How a kernel reads a buffer: element (i0, i1, ...) lives at
 * `offset + sum(ik * strides[k])`. Broadcast axes have stride 0, flipped axes a
 * negative stride. Every movement op (reshape, permute, expand, slice) maps a view to
 * a view, so reading through any chain of them costs no copy.
 */
export interface View {
  readonly shape: Shape;
  readonly strides: readonly number[];
  readonly offset: number;
}

export const contiguousView = (shape: Shape): View => ({ shape, strides: contiguousStrides(shape), offset: 0 });

export function isContiguous(v: View): boolean {
  const c = contiguousStrides(v.shape);
  return v.offset === 0 && v.shape.every((d, i) => d <= 1 || v.strides[i] === c[i]);
}

export function permuteView(v: View, axes: readonly number[]): View {
  return { shape: axes.map((a) => v.shape[a]!), strides: axes.map((a) => v.strides[a]!), offset: v.offset };
}

/** Broadcasts `v` to `shape` (already checked compatible): new leading axes and size-1 axes get stride 0. */
export function expandView(v: View, shape: Shape): View {
  const lead = shape.length - v.shape.length;
  const strides = shape.map((d, i) => (i < lead || v.shape[i - lead] !== d ? 0 : v.strides[i - lead]!));
  return { shape, strides, offset: v.offset };
}

/** One axis of a basic slice, already resolved to in-bounds start and a count. */
export interface AxisSlice {
  readonly start: number;
  readonly step: number;
  readonly count: number;
}

export function sliceView(v: View, slices: readonly AxisSlice[]): View {
  let offset = v.offset;
  const strides = slices.map((s, i) => {
    if (s.count > 0) offset += s.start * v.strides[i]!;
    return v.strides[i]! * s.step;
  });
  return { shape: slices.map((s) => s.count), strides, offset };
}

/**
 * Reshapes a view without copying when the new shape can be expressed with strides
 * (merging/splitting axes that are laid out contiguously relative to each other, as
 * NumPy's `_attempt_nocopy_reshape`); returns undefined when a copy is needed.
 */
export function reshapeView(v: View, shape: Shape): View | undefined {
  if (sizeOf(shape) === 0 || sizeOf(v.shape) === 0) return { shape, strides: contiguousStrides(shape), offset: 0 };
  const oldDims: number[] = [];
  const oldStrides: number[] = [];
  v.shape.forEach((d, i) => {
    if (d !== 1) {
      oldDims.push(d);
      oldStrides.push(v.strides[i]!);
    }
  });
  const strides = new Array<number>(shape.length).fill(0);
  let oi = 0;
  let oj = 1;
  let ni = 0;
  let nj = 1;
  while (ni < shape.length && oi < oldDims.length) {
    let np = shape[ni]!;
    let op = oldDims[oi]!;
    while (np !== op) {
      if (np < op) np *= shape[nj++]!;
      else op *= oldDims[oj++]!;
    }
    for (let k = oi; k < oj - 1; k++) if (oldStrides[k] !== oldDims[k + 1]! * oldStrides[k + 1]!) return undefined;
    strides[nj - 1] = oldStrides[oj - 1]!;
    for (let k = nj - 1; k > ni; k--) strides[k - 1] = strides[k]! * shape[k]!;
    ni = nj++;
    oi = oj++;
  }
  // Trailing size-1 axes of the new shape take any stride; keep them contiguous-looking.
  for (let k = ni; k < shape.length; k++) strides[k] = 1;
  return { shape, strides, offset: v.offset };
}

/** Visits every element offset of a view in C order, calling `fn(offset, flatIndex)`. */
export function forEachOffset(v: View, fn: (offset: number, i: number) => void): void {
  const n = sizeOf(v.shape);
  if (n === 0) return;
  const nd = v.shape.length;
  const idx = new Array<number>(nd).fill(0);
  let off = v.offset;
  for (let i = 0; i < n; i++) {
    fn(off, i);
    for (let k = nd - 1; k >= 0; k--) {
      if (++idx[k]! < v.shape[k]!) {
        off += v.strides[k]!;
        break;
      }
      off -= v.strides[k]! * (v.shape[k]! - 1);
      idx[k] = 0;
    }
  }
}

import { np, NDArray, type ArrayInput } from '../frontend/index.js';
import { ShapeError, ValueError } from './errors.js';

/** Any array input as an NDArray (JS numbers become float64, as np.array does). */
export const asArray = (x: ArrayInput): NDArray => (x instanceof NDArray ? x : np.asarray(x));

/** Input values as float: float32 stays float32, everything else computes in float64 (as NumPy's mean does). */
export const asFloat = (x: ArrayInput): NDArray => {
  const a = asArray(x);
  return a.dtype === 'float32' || a.dtype === 'float64' ? a : a.astype('float64');
};

/** A possibly negative axis mapped into [0, ndim); the error names the function. */
export function resolveAxis(fn: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new ValueError(`${fn}: axis ${axis} is out of bounds for an array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** `x[..., start:stop, ...]` with the range on `axis`: a view. */
export function sliceAlong(x: NDArray, axis: number, range: string): NDArray {
  return x.slice(...Array<string>(axis).fill(':'), range);
}

/** The shape of x with `axis` set to `length`. */
export const withAxisLength = (shape: readonly number[], axis: number, length: number): number[] =>
  shape.map((d, i) => (i === axis ? length : d));

/** Requires at least one element along `axis`, naming the function and the shape. */
export function requireNonEmpty(fn: string, x: NDArray, axis: number): number {
  const n = x.shape[axis]!;
  if (n === 0) throw new ShapeError(`${fn}: axis ${axis} of shape (${x.shape.join(', ')}) is empty`);
  return n;
}

/**
 * Walks every 1-D series along `axis` of a C-order buffer of `shape`: `visit(base,
 * stride, length)` gets the flat index of the series' first element and the step
 * between its elements. The building block of the functions that loop in JS.
 */
export function forEachSeries(shape: readonly number[], axis: number, visit: (base: number, stride: number, length: number) => void): void {
  const length = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  if (length === 0) return;
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) visit(o * length * inner + i, inner, length);
}

/** The float dtype a JS-computed result is returned in: the input's if float32, else float64. */
export const resultArray = (values: Float64Array, shape: readonly number[], like: NDArray): NDArray => {
  const out = np.asarray(values).reshape([...shape]);
  return like.dtype === 'float32' ? out.astype('float32') : out;
};

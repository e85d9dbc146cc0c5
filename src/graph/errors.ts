/**
 * Error classes users can catch by kind. Every message starts with the op name and
 * names the offending shapes, dtypes, axes or indices, e.g.
 * `add: shapes (2, 3) and (4,) cannot be broadcast (axis -1: 3 vs 4)`.
 */
export class QuiverError extends Error {
  override name = 'QuiverError';
}
/** Shapes that cannot be broadcast, reshaped, concatenated or multiplied. */
export class ShapeError extends QuiverError {
  override name = 'ShapeError';
}
/** An op that is not defined for a dtype (NumPy's TypeError / UFuncTypeError). */
export class DTypeError extends QuiverError {
  override name = 'DTypeError';
}
/** An axis outside [-ndim, ndim) or repeated (NumPy's AxisError). */
export class AxisError extends QuiverError {
  override name = 'AxisError';
}
/** An index outside the bounds of its axis. */
export class IndexError extends QuiverError {
  override name = 'IndexError';
}
/** A value NumPy rejects: a negative integer power, a python int out of range, an empty reduction without identity. */
export class ValueError extends QuiverError {
  override name = 'ValueError';
}
/**
 * An argument of the wrong type, an option the op does not take, or a value outside
 * what the argument accepts (NumPy's TypeError for bad keywords and argument types).
 * The message names the op, the argument and what it accepts:
 * `sum: unknown option 'axes' (accepted: axis, keepdims)`.
 */
export class ArgumentError extends ValueError {
  override name = 'ArgumentError';
}
/** Use of an array after `dispose()`. */
export class DisposedError extends QuiverError {
  override name = 'DisposedError';
}
/** A backend that is missing, not initialised, or cannot do what was asked (e.g. dataSync on a GPU). */
export class BackendError extends QuiverError {
  override name = 'BackendError';
}

/** Formats a shape the way NumPy prints it: (2, 3), (4,), (). */
export function fmtShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

import { promote } from '../graph/dtype.js';
import { ShapeError, ValueError, fmtShape } from '../graph/errors.js';
import { Node } from '../graph/node.js';
import { broadcastShapes } from '../graph/shape.js';
import { binary } from './elementwise.js';
import { broadcastTo, reshape, transpose } from './movement.js';
import type { NDArray } from './ndarray.js';
import { castNode, toNode, wrap, type ArrayInput } from './operand.js';

/**
 * np.matmul: (..., n, k) @ (..., k, m) with broadcast batch axes; a 1-D left operand
 * is a row (its axis removed after), a 1-D right operand a column.
 */
export function matmul(a: ArrayInput, b: ArrayInput): NDArray {
  let x = toNode('matmul', a);
  let y = toNode('matmul', b);
  [x, y].forEach((n, i) => {
    if (n.shape.length === 0) throw new ValueError(`matmul: input operand ${i} does not have enough dimensions (has 0, requires 1)`);
  });
  const [xs, ys] = [x.shape, y.shape];
  if (xs.length === 1) x = toNode('matmul', reshape(wrap(x), [1, xs[0]!]));
  if (ys.length === 1) y = toNode('matmul', reshape(wrap(y), [ys[0]!, 1]));
  const [n, k] = x.shape.slice(-2) as [number, number];
  const [k2, m] = y.shape.slice(-2) as [number, number];
  if (k !== k2) {
    throw new ShapeError(`matmul: shapes ${fmtShape(xs)} and ${fmtShape(ys)} are not aligned: contracted axis ${k} (dim -1) != ${k2} (dim -2)`);
  }
  const batch = broadcastShapes('matmul', x.shape.slice(0, -2), y.shape.slice(0, -2));
  const dtype = promote(x.dtype, y.dtype);
  const xb = castNode(toNode('matmul', broadcastTo(wrap(x), [...batch, n, k])), dtype);
  const yb = castNode(toNode('matmul', broadcastTo(wrap(y), [...batch, k, m])), dtype);
  const out = wrap(new Node('matmul', [xb, yb], [...batch, n, m], dtype));
  const shape = [...batch, ...(xs.length === 1 ? [] : [n]), ...(ys.length === 1 ? [] : [m])];
  return reshape(out, shape);
}

/**
 * np.dot: scalars multiply, 1-D with 1-D is the inner product, and otherwise it sums
 * over the last axis of a and the second-to-last of b: shape a[:-1] + b[:-2] + b[-1:].
 */
export function dot(a: ArrayInput, b: ArrayInput): NDArray {
  const x = wrap(toNode('dot', a));
  const y = wrap(toNode('dot', b));
  if (x.ndim === 0 || y.ndim === 0) return binary('mul', x, y);
  const k = x.shape.at(-1)!;
  const yk = y.ndim === 1 ? 0 : y.ndim - 2;
  if (y.shape[yk] !== k) {
    throw new ShapeError(`dot: shapes ${fmtShape(x.shape)} and ${fmtShape(y.shape)} not aligned: ${k} (dim ${x.ndim - 1}) != ${y.shape[yk]} (dim ${yk})`);
  }
  if (y.ndim <= 2) return matmul(x, y);
  const nb = y.ndim;
  const yt = transpose(y, [nb - 2, ...Array.from({ length: nb - 2 }, (_, i) => i), nb - 1]);
  const prod = matmul(reshape(x, [-1, k]), reshape(yt, [k, -1]));
  return reshape(prod, [...x.shape.slice(0, -1), ...y.shape.slice(0, -2), y.shape.at(-1)!]);
}

/** np.outer: both inputs flattened, result[i, j] = a[i] * b[j]. */
export function outer(a: ArrayInput, b: ArrayInput): NDArray {
  return binary('mul', reshape(wrap(toNode('outer', a)), [-1, 1]), reshape(wrap(toNode('outer', b)), [1, -1]));
}

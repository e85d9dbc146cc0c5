import { isFloat } from '../graph/dtype.js';
import { ArgumentError, DTypeError, IndexError, ShapeError, ValueError, fmtShape } from '../graph/errors.js';
import { Node } from '../graph/node.js';
import { broadcastShapes, normalizeAxis } from '../graph/shape.js';
import { realizeRead } from '../runtime/evaluate.js';
import { readContiguous } from '../runtime/read.js';
import { array } from './creation.js';
import { broadcastTo, reshape } from './movement.js';
import type { NDArray } from './ndarray.js';
import { castNode, toNode, wrap, type ArrayInput } from './operand.js';
import { axisArg, callOptions } from './arguments.js';

/** The axis option of sort, argsort, take, takeAlongAxis and compress. */
export interface AxisOptions {
  axis?: number | null;
}
type AxisArg = number | null | AxisOptions;

/** `axis` positionally or as `{ axis }`; `fallback` when neither gives it. */
function axisOf(op: string, axis: AxisArg | undefined, options: AxisOptions | undefined, fallback: number | null): number | null {
  const given = axisArg(op, callOptions(op, [axis, options], ['axis']).axis);
  return given === undefined ? fallback : given;
}

/** The array itself, or its flattening when axis is null. */
function laneSource(op: string, x: ArrayInput, axis: number | null): { node: Node; axis: number } {
  const node = toNode(op, x);
  if (axis === null) return { node: toNode(op, reshape(wrap(node), [-1])), axis: 0 };
  return { node, axis: normalizeAxis(op, axis, node.shape.length) };
}

/** np.sort: stable, ascending, NaN last, along `axis` (default -1; null sorts the flattened array). */
export function sort(x: ArrayInput, axis?: AxisArg, options?: AxisOptions): NDArray {
  const src = laneSource('sort', x, axisOf('sort', axis, options, -1));
  return wrap(new Node('sort', [src.node], src.node.shape, src.node.dtype, { axis: src.axis }));
}

/** np.argsort (stable): int32 indices that would sort along `axis`. */
export function argsort(x: ArrayInput, axis?: AxisArg, options?: AxisOptions): NDArray {
  const src = laneSource('argsort', x, axisOf('argsort', axis, options, -1));
  return wrap(new Node('argsort', [src.node], src.node.shape, 'int32', { axis: src.axis }));
}

/** Index arrays are integers (bool counts as 0/1, as NumPy's same-kind cast allows); JS lists are checked now. */
function indexNode(op: string, indices: ArrayInput, size: number, axis: number): Node {
  if (typeof indices === 'number' || Array.isArray(indices)) {
    const flat = [indices].flat(Infinity as 1) as number[];
    for (const i of flat) {
      if (!Number.isInteger(i)) throw new IndexError(`${op}: index ${i} is not an integer`);
      if (i < -size || i >= size) throw new IndexError(`${op}: index ${i} is out of bounds for axis ${axis} with size ${size}`);
    }
    return toNode(op, array(indices as number[], 'int32'));
  }
  const node = toNode(op, indices);
  if (isFloat(node.dtype)) throw new DTypeError(`${op}: indices must be integers, got ${node.dtype}`);
  return castNode(node, 'int32');
}

/** np.take(x, indices, axis): out shape x.shape[:axis] + indices.shape + x.shape[axis+1:]; no axis takes from the flattened array. */
export function take(x: ArrayInput, indices: ArrayInput, axis?: AxisArg, options?: AxisOptions): NDArray {
  const src = laneSource('take', x, axisOf('take', axis, options, null));
  const shape = src.node.shape;
  const idx = indexNode('take', indices, shape[src.axis]!, src.axis);
  const out = [...shape.slice(0, src.axis), ...idx.shape, ...shape.slice(src.axis + 1)];
  return wrap(new Node('gather', [src.node, idx], out, src.node.dtype, { axis: src.axis }));
}

/** np.take_along_axis: indices of x's rank; other axes broadcast against x's. */
export function takeAlongAxis(x: ArrayInput, indices: ArrayInput, axis?: AxisArg, options?: AxisOptions): NDArray {
  const given = callOptions('takeAlongAxis', [axis, options], ['axis']);
  if (!('axis' in given)) throw new ArgumentError('takeAlongAxis: axis is required (an integer, or null for the flattened array)');
  const src = laneSource('takeAlongAxis', x, axisOf('takeAlongAxis', axis, options, null));
  const idx = indexNode('takeAlongAxis', indices, src.node.shape[src.axis]!, src.axis);
  if (idx.shape.length !== src.node.shape.length) {
    throw new ShapeError(`takeAlongAxis: indices ${fmtShape(idx.shape)} and array ${fmtShape(src.node.shape)} must have the same number of dimensions`);
  }
  const ax = src.axis;
  const common = broadcastShapes('takeAlongAxis', src.node.shape.map((d, i) => (i === ax ? 1 : d)), idx.shape.map((d, i) => (i === ax ? 1 : d)));
  const xb = toNode('takeAlongAxis', broadcastTo(wrap(src.node), common.map((d, i) => (i === ax ? src.node.shape[ax]! : d))));
  const ib = toNode('takeAlongAxis', broadcastTo(wrap(idx), common.map((d, i) => (i === ax ? idx.shape[ax]! : d))));
  return wrap(new Node('gatherAlong', [xb, ib], ib.shape, xb.dtype, { axis: ax }));
}

/** Positions where a realized 1-D condition is true. */
async function truePositions(op: string, condition: ArrayInput): Promise<number[]> {
  const node = toNode(op, condition);
  const values = await realizeRead(op, [node], ([r]) => readContiguous(r!));
  const out: number[] = [];
  values.forEach((v, i) => v !== 0 && out.push(i));
  return out;
}

/**
 * np.compress(condition, x, axis): the slices along `axis` where condition is true.
 * The result's shape depends on the condition's values, so this awaits them.
 */
export async function compress(condition: ArrayInput, x: ArrayInput, axis?: AxisArg, options?: AxisOptions): Promise<NDArray> {
  const ax = axisOf('compress', axis, options, null);
  const cond = toNode('compress', condition);
  if (cond.shape.length !== 1) throw new ValueError(`compress: condition must be a 1-d array, got shape ${fmtShape(cond.shape)}`);
  const src = laneSource('compress', x, ax);
  const positions = await truePositions('compress', wrap(cond));
  const len = src.node.shape[src.axis]!;
  const beyond = positions.find((p) => p >= len);
  if (beyond !== undefined) throw new IndexError(`compress: condition is true at index ${beyond}, beyond axis ${src.axis} of size ${len}`);
  return take(wrap(src.node), array(positions, 'int32'), src.axis);
}

/** np.extract / x[mask]: elements of x (flattened, C order) where the same-shaped condition is true. */
export async function extract(condition: ArrayInput, x: ArrayInput): Promise<NDArray> {
  const cond = toNode('extract', condition);
  const node = toNode('extract', x);
  if (cond.shape.length !== node.shape.length || cond.shape.some((d, i) => d !== node.shape[i])) {
    throw new ShapeError(`extract: condition ${fmtShape(cond.shape)} must have the array's shape ${fmtShape(node.shape)}`);
  }
  return compress(reshape(wrap(cond), [-1]), wrap(node), null);
}

/** np.nonzero: one int32 index array per axis, listing the true/non-zero elements in C order. */
export async function nonzero(x: ArrayInput): Promise<NDArray[]> {
  const node = toNode('nonzero', x);
  if (node.shape.length === 0) throw new ValueError('nonzero: calling nonzero on 0d arrays is not allowed; use atleast1d first');
  const flat = await truePositions('nonzero', reshape(wrap(node), [-1]));
  const coords = node.shape.map(() => new Int32Array(flat.length));
  flat.forEach((p, j) => {
    for (let d = node.shape.length - 1; d >= 0; d--) {
      coords[d]![j] = p % node.shape[d]!;
      p = Math.floor(p / node.shape[d]!);
    }
  });
  return coords.map((c) => array(c));
}

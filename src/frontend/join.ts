import { promote } from '../graph/dtype.js';
import { ArgumentError, ShapeError, ValueError, fmtShape } from '../graph/errors.js';
import { Node } from '../graph/node.js';
import { normalizeAxis } from '../graph/shape.js';
import { expandDims, slice } from './movement.js';
import type { NDArray } from './ndarray.js';
import { castNode, toNode, wrap, type ArrayInput } from './operand.js';
import { axisArg, callOptions, describe } from './arguments.js';

/** The axis option of concatenate, stack and split. */
export interface JoinOptions {
  axis?: number;
}

function joinAxis(op: string, axis: number | JoinOptions | undefined, options: JoinOptions | undefined): number {
  const given = axisArg(op, callOptions(op, [axis, options], ['axis']).axis);
  if (given === null) throw new ArgumentError(`${op}: axis must be an integer, got null`);
  return given ?? 0;
}

function arrayList(op: string, arrays: unknown): readonly ArrayInput[] {
  if (!Array.isArray(arrays)) throw new ArgumentError(`${op}: expected a list of arrays, got ${describe(arrays)}`);
  if (arrays.length === 0) throw new ValueError(`${op}: need at least one array to ${op}`);
  return arrays as readonly ArrayInput[];
}

/** np.concatenate: arrays of one rank, equal except along `axis`, promoted to a common dtype. */
export function concatenate(arrays: readonly ArrayInput[], axis?: number | JoinOptions, options?: JoinOptions): NDArray {
  const nodes = arrayList('concatenate', arrays).map((a) => toNode('concatenate', a));
  const first = nodes[0]!;
  if (first.shape.length === 0) throw new ValueError('concatenate: zero-dimensional arrays cannot be concatenated');
  const ax = normalizeAxis('concatenate', joinAxis('concatenate', axis, options), first.shape.length);
  nodes.forEach((n, i) => {
    if (n.shape.length !== first.shape.length) {
      throw new ShapeError(`concatenate: all the input arrays must have same number of dimensions, but the array at index 0 has ${first.shape.length} dimension(s) and the array at index ${i} has ${n.shape.length} dimension(s)`);
    }
    n.shape.forEach((d, k) => {
      if (k !== ax && d !== first.shape[k]) {
        throw new ShapeError(`concatenate: all the input array dimensions except for the concatenation axis must match exactly, but along dimension ${k}, the array at index 0 has size ${first.shape[k]} and the array at index ${i} has size ${d}`);
      }
    });
  });
  if (nodes.length === 1) return wrap(first);
  const dtype = nodes.map((n) => n.dtype).reduce(promote);
  const shape = first.shape.map((d, k) => (k === ax ? nodes.reduce((s, n) => s + n.shape[k]!, 0) : d));
  return wrap(new Node('concat', nodes.map((n) => castNode(n, dtype)), shape, dtype, { axis: ax }));
}

/** np.stack: arrays of one shape joined along a new axis. */
export function stack(arrays: readonly ArrayInput[], axis?: number | JoinOptions, options?: JoinOptions): NDArray {
  const nodes = arrayList('stack', arrays).map((a) => toNode('stack', a));
  const shape = nodes[0]!.shape;
  nodes.forEach((n, i) => {
    if (n.shape.length !== shape.length || n.shape.some((d, k) => d !== shape[k])) {
      throw new ShapeError(`stack: all input arrays must have the same shape, but the array at index 0 has shape ${fmtShape(shape)} and the array at index ${i} has shape ${fmtShape(n.shape)}`);
    }
  });
  const ax = normalizeAxis('stack', joinAxis('stack', axis, options), shape.length + 1);
  return concatenate(nodes.map((n) => expandDims(wrap(n), ax)), ax);
}

/**
 * np.split: into `sections` equal parts (raising when they are not equal), or at the
 * given indices. Each part is a view.
 */
export function split(x: ArrayInput, sections: number | readonly number[], axis?: number | JoinOptions, options?: JoinOptions): NDArray[] {
  const node = toNode('split', x);
  const ax = normalizeAxis('split', joinAxis('split', axis, options), node.shape.length);
  const len = node.shape[ax]!;
  let bounds: number[];
  if (typeof sections === 'number') {
    if (!Number.isInteger(sections) || sections <= 0) throw new ValueError(`split: number sections must be a positive integer, got ${sections}`);
    if (len % sections !== 0) throw new ValueError(`split: array split does not result in an equal division (${len} into ${sections})`);
    bounds = Array.from({ length: sections - 1 }, (_, i) => ((i + 1) * len) / sections);
  } else if (Array.isArray(sections) && sections.every(Number.isInteger)) bounds = [...sections];
  else throw new ArgumentError(`split: sections must be a positive integer or a list of integer indices, got ${describe(sections)}`);
  const edges = [0, ...bounds, len];
  const lead = Array<string>(ax).fill(':');
  return edges.slice(0, -1).map((start, i) => slice(wrap(node), ...lead, `${start}:${edges[i + 1]}`));
}

import { ArgumentError, AxisError, IndexError, ShapeError, ValueError, fmtShape } from '../graph/errors.js';
import { Node } from '../graph/node.js';
import { checkShape, normalizeAxes, normalizeAxis, sameShape, sizeOf } from '../graph/shape.js';
import type { AxisSlice } from '../graph/view.js';
import type { NDArray } from './ndarray.js';
import { toNode, wrap, type ArrayInput } from './operand.js';
import { axesArg, callOptions, describe, shapeArg } from './arguments.js';

/** The shape keyword of reshape and broadcastTo, given positionally or in a trailing options object. */
export interface ShapeOptions {
  shape?: readonly number[];
}
/** The axes keyword of transpose. */
export interface AxesOptions {
  axes?: readonly number[];
}
/** The axis keyword of expandDims, squeeze and flip: one axis or a list. */
export interface AxisListOptions {
  axis?: number | readonly number[] | null;
}

const keyword = (op: string, name: string, value: unknown, options: unknown): unknown => callOptions(op, [value, options], [name])[name];

/** np.reshape with at most one -1; a view when strides allow, one copy otherwise. */
export function reshape(x: ArrayInput, shapeArgument: readonly number[] | ShapeOptions, options?: ShapeOptions): NDArray {
  const node = toNode('reshape', x);
  const shape = shapeArg('reshape', keyword('reshape', 'shape', shapeArgument, options));
  const unknown = shape.filter((d) => d === -1).length;
  const known = sizeOf(shape.filter((d) => d !== -1));
  if (unknown > 1) throw new ValueError(`reshape: can only specify one unknown dimension, got ${fmtShape(shape)}`);
  if (shape.some((d) => !Number.isInteger(d) || d < -1)) throw new ValueError(`reshape: invalid shape ${fmtShape(shape)}`);
  const size = sizeOf(node.shape);
  const fits = unknown === 1 ? known > 0 && size % known === 0 : known === size;
  if (!fits) throw new ShapeError(`reshape: cannot reshape array of size ${size} into shape ${fmtShape(shape)}`);
  const out = shape.map((d) => (d === -1 ? size / known : d));
  return wrap(sameShape(out, node.shape) ? node : new Node('reshape', [node], out, node.dtype, { shape: out }));
}

/** np.transpose: reverses the axes by default, or orders them as `axes`. */
export function transpose(x: ArrayInput, axesArgument?: readonly number[] | AxesOptions, options?: AxesOptions): NDArray {
  const node = toNode('transpose', x);
  const axes = axesArg('transpose', keyword('transpose', 'axes', axesArgument, options), 'axes') ?? undefined;
  if (typeof axes === 'number') throw new ArgumentError(`transpose: axes must be a list of integers, got ${axes}`);
  const nd = node.shape.length;
  const order = axes ? axes.map((a) => normalizeAxis('transpose', a, nd)) : [...Array(nd).keys()].reverse();
  if (order.length !== nd || new Set(order).size !== nd) {
    throw new AxisError(`transpose: axes ${JSON.stringify(axes)} don't match array of dimension ${nd}`);
  }
  return wrap(new Node('permute', [node], order.map((a) => node.shape[a]!), node.dtype, { axes: order }));
}

/** np.expand_dims: inserts length-1 axes at the given positions of the result (a view). */
export function expandDims(x: ArrayInput, axisArgument: number | readonly number[] | AxisListOptions, options?: AxisListOptions): NDArray {
  const node = toNode('expandDims', x);
  const axis = axesArg('expandDims', keyword('expandDims', 'axis', axisArgument, options));
  if (axis === undefined || axis === null) throw new ArgumentError(`expandDims: axis is required (an integer or a list of integers), got ${describe(axis)}`);
  const axes = normalizeAxes('expandDims', axis, node.shape.length + (typeof axis === 'number' ? 1 : axis.length));
  const shape = [...node.shape];
  for (const a of axes) shape.splice(a, 0, 1);
  return reshape(wrap(node), shape);
}

/** np.squeeze: removes the given length-1 axes, or all of them (a view); squeezing an axis longer than 1 raises. */
export function squeeze(x: ArrayInput, axisArgument?: number | readonly number[] | AxisListOptions, options?: AxisListOptions): NDArray {
  const node = toNode('squeeze', x);
  const axis = axesArg('squeeze', keyword('squeeze', 'axis', axisArgument, options));
  const axes = axis === undefined || axis === null ? node.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes('squeeze', axis, node.shape.length);
  for (const a of axes) {
    if (node.shape[a] !== 1) throw new ValueError(`squeeze: cannot select axis ${a}, which has size ${node.shape[a]} (not 1)`);
  }
  return reshape(wrap(node), node.shape.filter((_, i) => !axes.includes(i)));
}

/** np.broadcast_to: x must broadcast into exactly `shape`. */
export function broadcastTo(x: ArrayInput, shape: readonly number[] | ShapeOptions, options?: ShapeOptions): NDArray {
  const node = toNode('broadcastTo', x);
  const target = checkShape('broadcastTo', shapeArg('broadcastTo', keyword('broadcastTo', 'shape', shape, options)));
  const lead = target.length - node.shape.length;
  const fits = lead >= 0 && node.shape.every((d, i) => d === 1 || d === target[lead + i]);
  if (!fits) throw new ShapeError(`broadcastTo: cannot broadcast ${fmtShape(node.shape)} to ${fmtShape(target)}`);
  return wrap(sameShape(node.shape, target) ? node : new Node('expand', [node], target, node.dtype, { shape: target }));
}

/** Reverses the order of elements along `axis` (all axes by default): a negative-stride view. */
export function flip(x: ArrayInput, axis?: number | readonly number[] | null | AxisListOptions, options?: AxisListOptions): NDArray {
  const node = toNode('flip', x);
  const axes = normalizeAxes('flip', axesArg('flip', keyword('flip', 'axis', axis, options)), node.shape.length);
  const slices = node.shape.map((d, i) => (axes.includes(i) ? { start: d - 1, step: -1, count: d } : { start: 0, step: 1, count: d }));
  return wrap(new Node('slice', [node], node.shape, node.dtype, { slices }));
}

/** One item of a slicing expression: an index, 'start:stop:step', '...', or null / 'None' for a new axis. */
export type SliceSpec = number | string | null;

type Parsed = { kind: 'index'; i: number } | { kind: 'range'; start?: number; stop?: number; step?: number } | { kind: 'newaxis' } | { kind: 'ellipsis' };

function parseSpec(spec: SliceSpec): Parsed {
  if (spec === null) return { kind: 'newaxis' };
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec)) throw new IndexError(`slice: index ${spec} is not an integer`);
    return { kind: 'index', i: spec };
  }
  if (typeof spec !== 'string') throw new ArgumentError(`slice: each index must be an integer, a slice string such as '1:3' or null, got ${describe(spec)}`);
  const s = spec.trim();
  if (s === 'None' || s === 'newaxis') return { kind: 'newaxis' };
  if (s === '...') return { kind: 'ellipsis' };
  const parts = s.split(':');
  const int = (p: string | undefined): number | undefined => {
    if (p === undefined || p.trim() === '') return undefined;
    if (!/^\s*[-+]?\d+\s*$/.test(p)) throw new IndexError(`slice: '${spec}' is not a valid index or slice`);
    return Number(p);
  };
  if (parts.length === 1) return { kind: 'index', i: int(parts[0])! };
  if (parts.length > 3) throw new IndexError(`slice: '${spec}' is not a valid slice`);
  return { kind: 'range', start: int(parts[0]), stop: int(parts[1]), step: int(parts[2]) };
}

/** Python's slice.indices(len): the start and count a slice selects on an axis of `len`. */
function resolveRange(p: { start?: number; stop?: number; step?: number }, len: number): AxisSlice {
  const step = p.step ?? 1;
  if (step === 0) throw new ValueError('slice: slice step cannot be zero');
  const [lo, hi] = step > 0 ? [0, len] : [-1, len - 1];
  const clamp = (v: number | undefined, dflt: number): number => {
    if (v === undefined) return dflt;
    const w = v < 0 ? v + len : v;
    return Math.min(Math.max(w, lo), hi);
  };
  const start = clamp(p.start, step > 0 ? 0 : len - 1);
  const stop = clamp(p.stop, step > 0 ? len : -1);
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return { start, step, count };
}

/**
 * Basic indexing, as NumPy's `x[...]` with strings: `x.slice('1:, ::-1')`,
 * `x.slice(0, ':', null)`. Indices drop their axis, '...' stands for the axes not
 * named, null / 'None' inserts a new axis. The result is a view.
 */
export function slice(x: ArrayInput, ...specs: SliceSpec[]): NDArray {
  const node = toNode('slice', x);
  const items = specs.flatMap((s) => (typeof s === 'string' && s.includes(',') ? s.split(',') : [s])).map(parseSpec);
  const ellipses = items.filter((p) => p.kind === 'ellipsis').length;
  if (ellipses > 1) throw new IndexError("slice: an index can only have a single ellipsis ('...')");
  const consuming = items.filter((p) => p.kind === 'index' || p.kind === 'range').length;
  const nd = node.shape.length;
  if (consuming > nd) throw new IndexError(`slice: too many indices for array: array is ${nd}-dimensional, but ${consuming} were indexed`);
  const full: Parsed[] = ellipses ? items.flatMap((p) => (p.kind === 'ellipsis' ? Array(nd - consuming).fill({ kind: 'range' }) : [p])) : [...items, ...Array(nd - consuming).fill({ kind: 'range' })];
  const slices: AxisSlice[] = [];
  const outShape: number[] = [];
  for (const p of full) {
    if (p.kind === 'newaxis') {
      outShape.push(1);
      continue;
    }
    const axis = slices.length;
    const len = node.shape[axis]!;
    if (p.kind === 'index') {
      if (p.i < -len || p.i >= len) throw new IndexError(`slice: index ${p.i} is out of bounds for axis ${axis} with size ${len}`);
      slices.push({ start: p.i < 0 ? p.i + len : p.i, step: 1, count: 1 });
    } else if (p.kind === 'range') {
      const r = resolveRange(p, len);
      slices.push(r);
      outShape.push(r.count);
    }
  }
  const sliced = new Node('slice', [node], slices.map((s) => s.count), node.dtype, { slices });
  return reshape(wrap(sliced), outShape);
}

import { allocate, dtypeOfTypedArray, ROUND_TO, type AnyTypedArray, type DType } from '../graph/dtype.js';
import { ArgumentError, DTypeError, ValueError } from '../graph/errors.js';
import { freeze } from '../graph/immutable.js';
import { Node } from '../graph/node.js';
import { checkShape } from '../graph/shape.js';
import { contiguousView } from '../graph/view.js';
import { placedArray } from '../runtime/init.js';
import { setRealized } from '../runtime/node-state.js';
import { NDArray } from './ndarray.js';
import type { ArrayInput, NestedArray } from './operand.js';
import { castNode, fillNode, toNode, wrap } from './operand.js';
import { nodeOf } from './handle.js';
import { binary, unary } from './elementwise.js';
import { reshape } from './movement.js';
import { boolArg, callOptions, checkOptions, describe, dtypeArg, intArg, numberArg, requiredNumber, shapeArg } from './arguments.js';
import { checkElements } from './limits.js';

export type ShapeArg = number | readonly number[];
function shapeOf(op: string, s: unknown): number[] {
  const shape = checkShape(op, shapeArg(op, s));
  checkElements(op, shape);
  return shape;
}

/** The dtype option of array, asarray, zeros, ones, full and the *Like functions. */
export interface DTypeOptions {
  dtype?: DType;
}
type DTypeArg = DType | DTypeOptions;
const dtypeOf = (op: string, dtype: DTypeArg | undefined, options?: DTypeOptions): DType | undefined =>
  dtypeArg(op, callOptions(op, [dtype, options], ['dtype']).dtype);

/**
 * A source node over `data`, copied when asked to, when it is not a TypedArray or when its
 * storage is not the dtype's. `place` copies it where the backend's kernels read it when
 * the backend offers that (a frame's columns: see placedColumn).
 */
function bufferNode(data: ArrayLike<number>, shape: readonly number[], dtype: DType, copy: boolean, place = false): Node {
  let stored = data as ReturnType<typeof allocate>;
  const placed = place ? placedArray(dtype, data.length) : undefined;
  if (placed || copy || !ArrayBuffer.isView(data) || dtypeOfTypedArray(data) !== dtype) {
    stored = freeze(placed ?? allocate(dtype, data.length));
    // A TypedArray whose every value the dtype holds is copied by `set` (a memcpy, or a
    // native widening loop), far cheaper than an element loop through ROUND_TO (which a
    // frame's columns, or a Uint8Array of flags, would otherwise pay).
    if (ArrayBuffer.isView(data) && holdsEvery(dtype, data)) stored.set(data as unknown as ArrayLike<number>);
    else copyRounded(stored, data, ROUND_TO[dtype]);
  }
  const node = new Node('buffer', [], shape, dtype);
  setRealized(node, { data: stored, view: contiguousView(shape) });
  return node;
}

/** Integer arrays narrower than 32 bits, whose values every numeric dtype holds exactly. */
const SMALL_INTS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array];
/** The arrays each dtype holds every value of besides its own; bool holds none (its values are 0 and 1, not the array's). */
const WIDENS_FROM: { readonly [D in DType]: readonly (new (n: number) => ArrayBufferView)[] } = {
  float64: [Float32Array, Int32Array, Uint32Array, ...SMALL_INTS],
  float32: SMALL_INTS,
  int32: SMALL_INTS,
  uint32: [Uint8Array, Uint8ClampedArray, Uint16Array],
  bool: [],
};

const holdsEvery = (dtype: DType, data: ArrayBufferView): boolean => (dtype !== 'bool' && dtypeOfTypedArray(data) === dtype) || WIDENS_FROM[dtype].some((type) => data instanceof type);

function copyRounded(out: ReturnType<typeof allocate>, data: ArrayLike<number>, round: (v: number) => number): void {
  for (let i = 0; i < data.length; i++) out[i] = round(Number(data[i]));
}

/** The dtype NumPy would choose for a TypedArray, within Quiver's set (small ints widen). */
function dtypeForTypedArray(a: ArrayBufferView): DType {
  if (a instanceof Float64Array || a instanceof Float32Array || a instanceof Int32Array || a instanceof Uint32Array) {
    return dtypeOfTypedArray(a)!;
  }
  if (a instanceof Int8Array || a instanceof Int16Array) return 'int32';
  if (a instanceof Uint8Array || a instanceof Uint8ClampedArray || a instanceof Uint16Array) return 'uint32';
  throw new DTypeError(`array: ${a.constructor.name} is not supported (use Float64Array, Float32Array, Int32Array, Uint32Array or a smaller integer array)`);
}

/**
 * A flat list of JS numbers as float64, copied once with no per-element dtype dispatch:
 * the common input of a loop over incoming batches (#13), where flattening and then a
 * rounded copy cost more than the kernels. Undefined when an element is anything else (a nested
 * list, a boolean, a hole): `flatten` reads those and says what is wrong.
 */
function float64sOf(data: readonly unknown[]): Float64Array | undefined {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== 'number') return undefined;
    out[i] = v;
  }
  return freeze(out);
}

/** Shape and flat values of nested JS arrays, checking they are rectangular and hold numbers or booleans. */
function flatten(op: string, data: NestedArray | number | boolean): { shape: number[]; values: number[]; allBool: boolean } {
  const shape: number[] = [];
  for (let level: unknown = data; Array.isArray(level); level = level[0]) shape.push(level.length);
  const values: number[] = [];
  let allBool = true;
  const walk = (x: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof x === 'boolean') values.push(x ? 1 : 0);
      else if (typeof x === 'number') {
        allBool = false;
        values.push(x);
      } else if (Array.isArray(x)) {
        throw new ValueError(`${op}: inhomogeneous shape after ${depth} dimensions (expected a number at depth ${depth})`);
      } else throw new DTypeError(`${op}: element ${String(x)} is not a number or boolean`);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) {
      throw new ValueError(
        `array: inhomogeneous shape after ${depth} dimensions: expected ${shape[depth]} elements, got ${Array.isArray(x) ? x.length : 'a scalar'}`,
      );
    }
    for (const y of x) walk(y, depth + 1);
  };
  walk(data, 0);
  return { shape, values, allBool: allBool && values.length > 0 };
}

/**
 * np.array: copies its input. Nested JS numbers become float64 (JS has one number
 * type), booleans bool, TypedArrays keep their dtype. An NDArray is returned as an
 * array of the requested dtype.
 */
export function array(data: ArrayInput, dtype?: DTypeArg, options?: DTypeOptions): NDArray {
  return fromData('array', data, dtypeOf('array', dtype, options), true);
}

/**
 * A frame's column from a TypedArray, copied as np.array copies it, into the memory the
 * backend's kernels read when it offers that (the wasm heap, for columns from 1 MiB): a
 * frame is grouped and filtered many times, and a column placed there is read in place
 * instead of copied in for every evaluation (#15).
 */
export function placedColumn(data: AnyTypedArray, dtype: DType = dtypeForTypedArray(data)): NDArray {
  return wrap(bufferNode(data, [data.length], dtype, true, true));
}

/**
 * Like placedColumn for an array only Quiver holds (a list's values, a column's dictionary
 * codes): without a place for it, it is used as it is, frozen as np.array's copies are, so
 * a backend may still keep a copy of it across evaluations.
 */
export const placedOwnColumn = (data: AnyTypedArray): NDArray => wrap(bufferNode(freeze(data), [data.length], dtypeForTypedArray(data), false, true));

/** JS data an op was given where it takes an array, read as np.array reads it but named by the op. */
export const arrayFor = (op: string, data: ArrayInput): NDArray => fromData(op, data, undefined, true);

/** np.asarray: like array, but a TypedArray whose storage matches the dtype is used without copying. */
export function asarray(data: ArrayInput, dtype?: DTypeArg, options?: DTypeOptions): NDArray {
  return fromData('asarray', data, dtypeOf('asarray', dtype, options), false);
}

const isArrayData = (d: unknown): boolean =>
  d instanceof NDArray || ArrayBuffer.isView(d) || Array.isArray(d) || typeof d === 'number' || typeof d === 'boolean';

function fromData(op: string, data: ArrayInput, dtype: DType | undefined, copy: boolean): NDArray {
  if (!isArrayData(data)) {
    throw new ArgumentError(`${op}: expected an array (an NDArray, a number, a boolean, a nested list or a TypedArray), got ${describe(data)}`);
  }
  if (data instanceof NDArray) return wrap(castNode(nodeOf(op, data), dtype ?? data.dtype));
  if (ArrayBuffer.isView(data)) {
    if (data instanceof DataView) throw new DTypeError(`${op}: DataView is not supported; pass a TypedArray`);
    const values = data as unknown as ArrayLike<number>;
    return wrap(bufferNode(values, [values.length], dtype ?? dtypeForTypedArray(data), copy));
  }
  if (Array.isArray(data) && (dtype === undefined || dtype === 'float64')) {
    const numbers = float64sOf(data);
    if (numbers) {
      checkElements(op, [numbers.length]);
      return wrap(bufferNode(numbers, [numbers.length], 'float64', false));
    }
  }
  const { shape, values, allBool } = flatten(op, data as NestedArray | number | boolean);
  checkElements(op, shape);
  const inferred: DType = typeof data === 'boolean' || allBool ? 'bool' : 'float64';
  return wrap(bufferNode(values, shape, dtype ?? inferred, true));
}

const defaultFillDType = (value: number | boolean): DType => (typeof value === 'boolean' ? 'bool' : 'float64');

function filled(op: string, shape: unknown, value: unknown, dtype: DType | undefined): NDArray {
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new DTypeError(`${op}: the fill value must be a number or a boolean, got ${typeof value} ${describe(value)}`);
  }
  return wrap(fillNode(value, dtype ?? defaultFillDType(value), shapeOf(op, shape)));
}

/**
 * np.full: an array of `shape` filled with `value`; the dtype defaults to float64 for
 * numbers, bool for booleans. Costs no memory until read: a fill fuses into the kernels that
 * use it.
 */
export const full = (shape: ShapeArg, value: number | boolean, dtype?: DTypeArg, options?: DTypeOptions): NDArray =>
  filled('full', shape, value, dtypeOf('full', dtype, options));
/** np.zeros: an array of `shape` filled with 0 (float64 by default). */
export const zeros = (shape: ShapeArg, dtype?: DTypeArg, options?: DTypeOptions): NDArray =>
  filled('zeros', shape, 0, dtypeOf('zeros', dtype, options) ?? 'float64');
/** np.ones: an array of `shape` filled with 1 (float64 by default). */
export const ones = (shape: ShapeArg, dtype?: DTypeArg, options?: DTypeOptions): NDArray =>
  filled('ones', shape, 1, dtypeOf('ones', dtype, options) ?? 'float64');

/** A fill with another array's shape and (by default) dtype. */
function filledLike(op: string, a: ArrayInput, value: unknown, dtype: DType | undefined): NDArray {
  const like = wrap(toNode(op, a));
  return filled(op, like.shape, value, dtype ?? like.dtype);
}
/** np.full_like: an array of `a`'s shape filled with `value`, in `a`'s dtype unless another is given. */
export const fullLike = (a: ArrayInput, value: number | boolean, dtype?: DTypeArg, options?: DTypeOptions): NDArray =>
  filledLike('fullLike', a, value, dtypeOf('fullLike', dtype, options));
/** np.zeros_like: zeros of `a`'s shape, in `a`'s dtype unless another is given. */
export const zerosLike = (a: ArrayInput, dtype?: DTypeArg, options?: DTypeOptions): NDArray =>
  filledLike('zerosLike', a, 0, dtypeOf('zerosLike', dtype, options));
/** np.ones_like: ones of `a`'s shape, in `a`'s dtype unless another is given. */
export const onesLike = (a: ArrayInput, dtype?: DTypeArg, options?: DTypeOptions): NDArray =>
  filledLike('onesLike', a, 1, dtypeOf('onesLike', dtype, options));

/** Keywords of np.arange after `start`: `np.arange(0, { stop: 5, step: 2, dtype: 'float32' })`. */
export interface ArangeOptions {
  stop?: number;
  step?: number;
  dtype?: DType;
}

/**
 * np.arange(stop) or np.arange(start, stop, step): start + i * step for i < ceil((stop - start) / step).
 * All-integer arguments give int32 (NumPy: int64), otherwise float64.
 */
export function arange(start: number, stop?: number | ArangeOptions, step?: number | ArangeOptions, dtype?: DType | ArangeOptions, options?: ArangeOptions): NDArray {
  const o = callOptions('arange', [stop, step, dtype, options], ['stop', 'step', 'dtype']);
  let [first, last] = [requiredNumber('arange', 'start', start), numberArg('arange', 'stop', o.stop)];
  if (last === undefined) [first, last] = [0, first];
  const by = numberArg('arange', 'step', o.step) ?? 1;
  if (by === 0) throw new ValueError('arange: step must not be zero');
  const n = Math.max(0, Math.ceil((last - first) / by));
  checkElements('arange', [n]);
  const ints = [first, last, by].every(Number.isInteger) && Math.max(Math.abs(first), Math.abs(last)) < 2 ** 31;
  const d = dtypeArg('arange', o.dtype) ?? (ints ? 'int32' : 'float64');
  return wrap(new Node('range', [], [n], d, { value: first, step: by }));
}

/** Keywords of np.linspace after `stop`. */
export interface LinspaceOptions {
  num?: number;
  endpoint?: boolean;
  dtype?: DType;
}

/** np.linspace: num values from start to stop; the endpoint is exactly `stop`. Integer dtypes floor, as NumPy does. */
export function linspace(start: number, stop: number, num?: number | LinspaceOptions, options?: LinspaceOptions): NDArray {
  const o = callOptions('linspace', [num, options], ['num'], ['num', 'endpoint', 'dtype']);
  const [from, to] = [requiredNumber('linspace', 'start', start), requiredNumber('linspace', 'stop', stop)];
  const count = intArg('linspace', 'num', o.num, 0) ?? 50;
  checkElements('linspace', [count]);
  const endpoint = boolArg('linspace', 'endpoint', o.endpoint) ?? true;
  const dtype = dtypeArg('linspace', o.dtype) ?? 'float64';
  return spaced(from, to, count, endpoint, dtype);
}

function spaced(start: number, stop: number, num: number, endpoint: boolean, dtype: DType): NDArray {
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const last = endpoint && num > 1 ? stop : undefined;
  const values = wrap(new Node('range', [], [num], 'float64', { value: start, step, ...(last === undefined ? {} : { last }) }));
  if (dtype === 'float64') return values;
  return (dtype === 'float32' || dtype === 'bool' ? values : unary('floor', values)).astype(dtype);
}

/** Keywords of np.eye after `n`: columns `m`, diagonal offset `k` and dtype. */
export interface EyeOptions {
  m?: number;
  k?: number;
  dtype?: DType;
}

/** np.eye(n, m, k): ones on the k-th diagonal, built lazily as (row + k == column). */
export function eye(n: number, m?: number | EyeOptions, k?: number | EyeOptions, dtype?: DType | EyeOptions, options?: EyeOptions): NDArray {
  const o = callOptions('eye', [m, k, dtype, options], ['m', 'k', 'dtype']);
  const rowCount = intArg('eye', 'n', n ?? null, 0)!;
  const colCount = intArg('eye', 'm', o.m ?? rowCount, 0)!;
  // Past the corners no diagonal remains, so k is clamped there and stays an int32.
  const diagonal = Math.max(-rowCount, Math.min(colCount, intArg('eye', 'k', o.k) ?? 0));
  const d = dtypeArg('eye', o.dtype) ?? 'float64';
  const [rows, cols] = shapeOf('eye', [rowCount, colCount]) as [number, number];
  const r = reshape(arange(rows), [rows, 1]);
  const c = reshape(arange(cols), [1, cols]);
  return binary('equal', binary('add', r, diagonal), c).astype(d);
}


/** Where in Philox's counter space `np.randomBits` draws: the stream (counter word 2) and which output word. */
export interface RandomBitsOptions {
  /** Independent streams under one key (counter word 2). */
  stream?: number;
  /** Which of Philox's four output words (0-3). */
  word?: number;
}

const isUint32 = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 2 ** 32;

/**
 * Raw uint32 random bits: element i (C order) is word `word` of Philox4x32-10 with
 * counter (i, stream) under `key`. Counter-based, so the bits are the same on every
 * backend and thread count, and drawing them fuses into the kernels that use them.
 * The building block of `random.uniform` / `random.normal`.
 */
export function randomBits(key: readonly [number, number], shape: ShapeArg, options: RandomBitsOptions = {}): NDArray {
  const { stream = 0, word = 0 } = checkOptions('randomBits', options, ['stream', 'word']) as RandomBitsOptions;
  if (!Array.isArray(key) || key.length !== 2 || !key.every(isUint32)) {
    throw new ValueError(`randomBits: key must be two uint32 integers, got ${JSON.stringify(key)}`);
  }
  if (!isUint32(stream)) throw new ValueError(`randomBits: stream must be a uint32 integer, got ${describe(stream)}`);
  if (![0, 1, 2, 3].includes(word)) throw new ValueError(`randomBits: word must be 0, 1, 2 or 3, got ${describe(word)}`);
  return wrap(new Node('random', [], shapeOf('randomBits', shape), 'uint32', { key: [key[0], key[1]], stream, word }));
}

import { allocate, dtypeOfTypedArray, requireDType, ROUND_TO, type DType } from '../graph/dtype.js';
import { DTypeError, ValueError } from '../graph/errors.js';
import { freeze } from '../graph/immutable.js';
import { Node } from '../graph/node.js';
import { checkShape } from '../graph/shape.js';
import { contiguousView } from '../graph/view.js';
import { setRealized } from '../runtime/node-state.js';
import { NDArray } from './ndarray.js';
import type { ArrayInput, NestedArray } from './operand.js';
import { castNode, fillNode, wrap } from './operand.js';
import { nodeOf } from './handle.js';
import { binary, unary } from './elementwise.js';
import { reshape } from './movement.js';

export type ShapeArg = number | readonly number[];
const shapeOf = (op: string, s: ShapeArg): number[] => checkShape(op, typeof s === 'number' ? [s] : s);

function bufferNode(data: ArrayLike<number>, shape: readonly number[], dtype: DType, copy: boolean): Node {
  let stored = data as ReturnType<typeof allocate>;
  if (copy || !ArrayBuffer.isView(data) || dtypeOfTypedArray(data) !== dtype) {
    stored = freeze(allocate(dtype, data.length));
    // A TypedArray already holding the dtype's values is a memcpy, far cheaper than an
    // element loop through ROUND_TO (which a frame's columns would otherwise pay).
    if (ArrayBuffer.isView(data) && dtype !== 'bool' && dtypeOfTypedArray(data) === dtype) stored.set(data as typeof stored);
    else copyRounded(stored, data, ROUND_TO[dtype]);
  }
  const node = new Node('buffer', [], shape, dtype);
  setRealized(node, { data: stored, view: contiguousView(shape) });
  return node;
}

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

/** Shape and flat values of nested JS arrays, checking they are rectangular and hold numbers or booleans. */
function flatten(data: NestedArray | number | boolean): { shape: number[]; values: number[]; allBool: boolean } {
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
        throw new ValueError(`array: inhomogeneous shape after ${depth} dimensions (expected a number at depth ${depth})`);
      } else throw new DTypeError(`array: element ${String(x)} is not a number or boolean`);
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
export function array(data: ArrayInput, dtype?: DType): NDArray {
  return fromData('array', data, dtype, true);
}

/** np.asarray: like array, but a TypedArray whose storage matches the dtype is used without copying. */
export function asarray(data: ArrayInput, dtype?: DType): NDArray {
  return fromData('asarray', data, dtype, false);
}

function fromData(op: string, data: ArrayInput, dtype: DType | undefined, copy: boolean): NDArray {
  if (dtype !== undefined) requireDType(op, dtype);
  if (data instanceof NDArray) return wrap(castNode(nodeOf(op, data), dtype ?? data.dtype));
  if (ArrayBuffer.isView(data)) {
    if (data instanceof DataView) throw new DTypeError(`${op}: DataView is not supported; pass a TypedArray`);
    const values = data as unknown as ArrayLike<number>;
    return wrap(bufferNode(values, [values.length], dtype ?? dtypeForTypedArray(data), copy));
  }
  const { shape, values, allBool } = flatten(data as NestedArray | number | boolean);
  const inferred: DType = typeof data === 'boolean' || allBool ? 'bool' : 'float64';
  return wrap(bufferNode(values, shape, dtype ?? inferred, true));
}

const defaultFillDType = (value: number | boolean): DType => (typeof value === 'boolean' ? 'bool' : 'float64');

/**
 * np.full: an array of `shape` filled with `value`; the dtype defaults to float64 for
 * numbers, bool for booleans. Costs no memory until read: a fill fuses into the kernels that
 * use it.
 */
export function full(shape: ShapeArg, value: number | boolean, dtype?: DType): NDArray {
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new DTypeError(`full: the fill value must be a number or a boolean, got ${typeof value} ${JSON.stringify(value)}`);
  }
  return wrap(fillNode(value, dtype ? requireDType('full', dtype) : defaultFillDType(value), shapeOf('full', shape)));
}
/** np.zeros: an array of `shape` filled with 0 (float64 by default). */
export const zeros = (shape: ShapeArg, dtype: DType = 'float64'): NDArray => full(shape, 0, dtype);
/** np.ones: an array of `shape` filled with 1 (float64 by default). */
export const ones = (shape: ShapeArg, dtype: DType = 'float64'): NDArray => full(shape, 1, dtype);
/** np.full_like: an array of `a`'s shape filled with `value`, in `a`'s dtype unless another is given. */
export const fullLike = (a: NDArray, value: number | boolean, dtype?: DType): NDArray => full(a.shape, value, dtype ?? a.dtype);
/** np.zeros_like: zeros of `a`'s shape, in `a`'s dtype unless another is given. */
export const zerosLike = (a: NDArray, dtype?: DType): NDArray => full(a.shape, 0, dtype ?? a.dtype);
/** np.ones_like: ones of `a`'s shape, in `a`'s dtype unless another is given. */
export const onesLike = (a: NDArray, dtype?: DType): NDArray => full(a.shape, 1, dtype ?? a.dtype);

/**
 * np.arange(stop) or np.arange(start, stop, step): start + i * step for i < ceil((stop - start) / step).
 * All-integer arguments give int32 (NumPy: int64), otherwise float64.
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): NDArray {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0) throw new ValueError('arange: step must not be zero');
  for (const v of [start, stop, step]) if (!Number.isFinite(v)) throw new ValueError(`arange: arguments must be finite, got ${v}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const ints = [start, stop, step].every(Number.isInteger) && Math.max(Math.abs(start), Math.abs(stop)) < 2 ** 31;
  const d = dtype ? requireDType('arange', dtype) : ints ? 'int32' : 'float64';
  return wrap(new Node('range', [], [n], d, { value: start, step }));
}

export interface LinspaceOptions {
  endpoint?: boolean;
  dtype?: DType;
}

/** np.linspace: num values from start to stop; the endpoint is exactly `stop`. Integer dtypes floor, as NumPy does. */
export function linspace(start: number, stop: number, num = 50, options: LinspaceOptions = {}): NDArray {
  if (!Number.isInteger(num) || num < 0) throw new ValueError(`linspace: number of samples, ${num}, must be a non-negative integer`);
  const endpoint = options.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const last = endpoint && num > 1 ? stop : undefined;
  const values = wrap(new Node('range', [], [num], 'float64', { value: start, step, ...(last === undefined ? {} : { last }) }));
  const dtype = options.dtype ? requireDType('linspace', options.dtype) : 'float64';
  if (dtype === 'float64') return values;
  return (dtype === 'float32' || dtype === 'bool' ? values : unary('floor', values)).astype(dtype);
}

/** np.eye(n, m, k): ones on the k-th diagonal, built lazily as (row + k == column). */
export function eye(n: number, m: number = n, k = 0, dtype: DType = 'float64'): NDArray {
  const [rows, cols] = shapeOf('eye', [n, m]) as [number, number];
  const r = reshape(arange(rows), [rows, 1]);
  const c = reshape(arange(cols), [1, cols]);
  return binary('equal', binary('add', r, k), c).astype(requireDType('eye', dtype));
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
  const { stream = 0, word = 0 } = options;
  if (!Array.isArray(key) || key.length !== 2 || !key.every(isUint32)) {
    throw new ValueError(`randomBits: key must be two uint32 integers, got ${JSON.stringify(key)}`);
  }
  if (!isUint32(stream)) throw new ValueError(`randomBits: stream must be a uint32 integer, got ${stream}`);
  if (![0, 1, 2, 3].includes(word)) throw new ValueError(`randomBits: word must be 0, 1, 2 or 3, got ${word}`);
  return wrap(new Node('random', [], shapeOf('randomBits', shape), 'uint32', { key: [key[0], key[1]], stream, word }));
}

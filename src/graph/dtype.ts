import { DTypeError, ValueError } from './errors.js';

/** The dtypes Quiver supports; their storage follows Arrow's `T['TArray']` idea. */
export type DType = 'float32' | 'float64' | 'int32' | 'uint32' | 'bool';

export interface DTypeStorage {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  uint32: Uint32Array;
  bool: Uint8Array;
}
/**
 * The TypedArray that stores a dtype: float32 as Float32Array, float64 as Float64Array,
 * int32 as Int32Array, uint32 as Uint32Array, bool as Uint8Array.
 */
export type TypedArrayOf<D extends DType> = DTypeStorage[D];
/** The TypedArray of any dtype: what reading an array of unknown dtype gives. */
export type AnyTypedArray = DTypeStorage[DType];

export const DTYPES: readonly DType[] = ['bool', 'uint32', 'int32', 'float32', 'float64'];

const STORAGE: { [D in DType]: { new (n: number): DTypeStorage[D]; new (b: ArrayBufferLike, o: number, n: number): DTypeStorage[D] } } = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  bool: Uint8Array,
};

/** Bytes per element of each dtype's storage (a bool is one byte). */
export const ITEM_BYTES: { readonly [D in DType]: number } = { float64: 8, float32: 4, int32: 4, uint32: 4, bool: 1 };

export function allocate<D extends DType>(dtype: D, size: number): TypedArrayOf<D> {
  return new STORAGE[dtype](size) as TypedArrayOf<D>;
}

/**
 * A fresh copy of `data`. `new` then `set` rather than `slice`: in V8, slicing a view of
 * shared memory (the wasm heap) took twice as long for 400 KB (70 µs against 34, the new
 * array's zeroing included).
 */
export function copyOf<T extends AnyTypedArray>(data: T): T {
  const out = new (data.constructor as new (n: number) => T)(data.length);
  out.set(data as never);
  return out;
}

export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && x in STORAGE;
}

/** The dtype whose storage is this TypedArray, or undefined (e.g. Int16Array is not supported). */
export function dtypeOfTypedArray(a: ArrayBufferView): DType | undefined {
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof Uint8Array) return 'bool';
  return undefined;
}

export const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';
export const isInt = (d: DType): boolean => d === 'int32' || d === 'uint32';

/**
 * Rounds a float64 value to what `dtype` stores, the way NumPy's casts do on x86-64:
 * floats round to nearest, integers truncate toward zero and wrap modulo 2^32
 * (NaN and values beyond the int64 range become INT_MIN / 0, as numpy's C casts do there).
 */
export const ROUND_TO: { [D in DType]: (x: number) => number } = {
  float64: (x) => x,
  float32: Math.fround,
  int32: (x) => (Number.isFinite(x) && Math.abs(x) < 2 ** 63 ? wrap32(Math.trunc(x)) | 0 : -2147483648),
  uint32: (x) => (Number.isFinite(x) && Math.abs(x) < 2 ** 63 ? wrap32(Math.trunc(x)) : 0),
  bool: (x) => (x !== 0 ? 1 : 0),
};

function wrap32(t: number): number {
  const r = t % 4294967296;
  // Truncating a negative fraction gives -0, which as an integer is 0: a fused kernel keeps the value in a float register, where -0 would survive.
  return r < 0 ? r + 4294967296 : r === 0 ? 0 : r;
}

/**
 * NumPy 2 promotion restricted to Quiver's dtypes. The lattice is
 * bool -> uint32 -> int32 -> float32 -> float64 except that int32 with uint32 needs
 * int64, which Quiver lacks: it goes to float64, which holds both exactly (the same
 * choice NumPy makes for int64 with uint64). An int with float32 is float64 as in NumPy.
 */
export function promote(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  if (a === 'float64' || b === 'float64') return 'float64';
  if (a === 'float32' || b === 'float32') return isInt(a === 'float32' ? b : a) ? 'float64' : 'float32';
  return 'float64'; // int32 with uint32
}

/** A JS number or boolean operand: weak, as Python scalars are under NEP 50. */
export type WeakKind = 'bool' | 'int' | 'float';

export function weakKindOf(x: number | boolean): WeakKind {
  if (typeof x === 'boolean') return 'bool';
  return Number.isInteger(x) ? 'int' : 'float';
}

/** The dtype a weak scalar takes on its own (np.asarray(3) is int, here int32; 0.5 is float64). */
export function defaultDTypeOfWeak(kind: WeakKind): DType {
  return kind === 'bool' ? 'bool' : kind === 'int' ? 'int32' : 'float64';
}

/**
 * NEP 50: a weak scalar adopts the array's dtype when its kind fits (bool < int < float),
 * otherwise the default dtype of its own kind. An int that the array's integer dtype
 * cannot hold raises, as NumPy 2 raises OverflowError.
 */
export function promoteWeak(op: string, strong: DType, value: number | boolean): DType {
  const kind = weakKindOf(value);
  if (kind === 'bool') return strong;
  if (kind === 'float') return isFloat(strong) ? strong : 'float64';
  if (strong === 'bool') return 'int32';
  if (isInt(strong)) {
    const v = value as number;
    const [lo, hi] = strong === 'int32' ? [-(2 ** 31), 2 ** 31 - 1] : [0, 2 ** 32 - 1];
    if (v < lo || v > hi) throw new ValueError(`${op}: JS integer ${v} is out of bounds for ${strong}`);
  }
  return strong;
}

export function requireDType(op: string, d: unknown): DType {
  if (!isDType(d)) throw new DTypeError(`${op}: unknown dtype ${JSON.stringify(d)} (expected one of ${DTYPES.join(', ')})`);
  return d;
}

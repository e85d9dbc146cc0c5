/**
 * Counter-based random numbers on Philox4x32-10, in JAX's style: a key is a value,
 * every draw is a pure function of (key, shape), and new keys come from `split`. Draws
 * are lazy `np.randomBits` expressions, so they fuse into the kernels that consume them
 * and give the same numbers on every backend and thread count.
 *
 * Element i (C order) of a draw of any shape uses the Philox block at counter
 * (i mod 2^32, floor(i / 2^32), stream 0, 0) under the key; its four 32-bit words are
 * spent as documented on `uniform` and `normal`. Reusing a key reuses those words
 * (`uniform(k, s)` and `normal(k, s)` are related): split keys instead.
 */
import { np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { ShapeError, ValueError } from './errors.js';
import { asFloat } from './axis.js';
import { cholesky } from './linalg.js';
import { philox4x32 } from './philox.js';

/** A Philox key: two uint32 words. */
export type Key = readonly [number, number];
export type Shape = number | readonly number[];
type DType = NDArray['dtype'];
export type FloatDType = Extract<DType, 'float32' | 'float64'>;

/** Stream (counter word 2) reserved for `split`; draws use stream 0, so new keys never reuse a draw's bits. */
const SPLIT_STREAM = 0xffffffff;

const TWO_32 = 2 ** 32;

/**
 * The key for a non-negative integer seed below 2^53: [seed mod 2^32, floor(seed / 2^32)],
 * the seed's low and high 32-bit words. Nearby seeds give nearby keys, which Philox's
 * ten rounds of key schedule are designed to make independent.
 */
export function key(seed: number): Key {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ValueError(`random.key: seed must be a non-negative safe integer, got ${seed}`);
  return [seed % TWO_32, Math.floor(seed / TWO_32)];
}

function checkKey(fn: string, k: Key): void {
  const ok = Array.isArray(k) && k.length === 2 && k.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_32);
  if (!ok) throw new ValueError(`${fn}: key must be two uint32 integers (from random.key or random.split), got ${JSON.stringify(k)}`);
}

/**
 * n new keys from one: key i is words 0 and 1 of Philox at counter (i, 0, 2^32 - 1, 0)
 * under the old key, i.e. element i of `np.randomBits(key, [n], { stream: 2^32 - 1 })`.
 * Deterministic, and independent of every draw made with the old key (draws use stream 0).
 */
export function split(k: Key, n = 2): Key[] {
  checkKey('random.split', k);
  if (!Number.isInteger(n) || n < 0 || n >= TWO_32) throw new ValueError(`random.split: n must be an integer in [0, 2^32), got ${n}`);
  return Array.from({ length: n }, (_, i) => {
    const [w0, w1] = philox4x32(i, 0, SPLIT_STREAM, 0, k[0], k[1]);
    return [w0, w1] as const;
  });
}

function floatDType(fn: string, dtype: DType): FloatDType {
  if (dtype !== 'float32' && dtype !== 'float64') throw new ValueError(`${fn}: dtype must be float32 or float64, got ${dtype}`);
  return dtype;
}

/** Picks part of a raw draw before anything is computed from it (see `normalRows`); the identity for a whole draw. */
type BitsView = (bits: NDArray) => NDArray;
const whole: BitsView = (bits) => bits;

/**
 * Uniform on [0, 1) from two words of each element's Philox block. float64 takes 53
 * bits, as NumPy's `random_double` does: (w[a] >>> 5) * 2^26 + (w[b] >>> 6), times 2^-53.
 * float32 takes 24 bits: (w[a] >>> 8) * 2^-24. Integer shifts before the cast keep every
 * step exact, so 1.0 can never come out.
 */
function unitUniform(k: Key, shape: Shape, dtype: FloatDType, a: 0 | 2, b: 1 | 3, view: BitsView): NDArray {
  const bits = (word: number) => view(np.randomBits(k, shape, { word }));
  if (dtype === 'float32') return bits(a).floorDiv(256).astype('float32').mul(2 ** -24);
  const hi = bits(a).floorDiv(32).astype('float64');
  const lo = bits(b).floorDiv(64).astype('float64');
  return hi.mul(2 ** 26).add(lo).mul(2 ** -53);
}

/**
 * Options of `random.uniform`: dtype (float64 or float32, default float64) and the interval
 * [low, high), default [0, 1).
 */
export interface UniformOptions {
  dtype?: DType;
  low?: number;
  high?: number;
}

/** Uniform on [low, high) (default [0, 1)); float64 from words 0 and 1, float32 from word 0. Lazy. */
export function uniform(k: Key, shape: Shape, options: UniformOptions = {}): NDArray {
  checkKey('random.uniform', k);
  const { low = 0, high = 1 } = options;
  const u = unitUniform(k, shape, floatDType('random.uniform', options.dtype ?? 'float64'), 0, 1, whole);
  return low === 0 && high === 1 ? u : u.mul(high - low).add(low);
}

/**
 * Options of `random.normal`: dtype (float64 or float32, default float64), mean (default 0)
 * and standard deviation (default 1).
 */
export interface NormalOptions {
  dtype?: DType;
  mean?: number;
  std?: number;
}

/**
 * Normal(mean, std²) by the Box-Muller transform: z = sqrt(-2 ln(1 - u1)) cos(2π u2),
 * with u1 from words 0-1 and u2 from words 2-3 of the element's block (float32: words 0
 * and 2). 1 - u1 lies in (0, 1], so the logarithm is always finite; one block gives one
 * normal, which keeps element i's value a function of i alone. Lazy.
 */
export function normal(k: Key, shape: Shape, options: NormalOptions = {}): NDArray {
  checkKey('random.normal', k);
  return boxMuller(k, shape, options, whole);
}

/**
 * Rows [start, stop) of `normal(key, shape, options)`: the same numbers, computed without
 * the other rows. Slicing the raw bits before the transform keeps the draw an
 * index-computed source that the kernel evaluates only where it reads; slicing a finished
 * `normal(...)` can make a backend compute the whole draw first. For blocked Monte Carlo.
 */
export function normalRows(k: Key, shape: readonly number[], start: number, stop: number, options: NormalOptions = {}): NDArray {
  checkKey('random.normal', k);
  return boxMuller(k, shape, options, (bits) => bits.slice(`${start}:${stop}`));
}

function boxMuller(k: Key, shape: Shape, options: NormalOptions, view: BitsView): NDArray {
  const dtype = floatDType('random.normal', options.dtype ?? 'float64');
  const { mean = 0, std = 1 } = options;
  const u1 = unitUniform(k, shape, dtype, 0, 1, view);
  const u2 = unitUniform(k, shape, dtype, 2, 3, view);
  const z = np.sqrt(np.log(np.sub(1, u1)).mul(-2)).mul(np.cos(u2.mul(2 * Math.PI)));
  return mean === 0 && std === 1 ? z : z.mul(std).add(mean);
}

/**
 * n draws of a d-dimensional normal with the given mean ([d]) and covariance ([d x d],
 * symmetric positive definite): mean + z Lᵀ with z = normal(key, [n, d]) and L the
 * lower Cholesky factor of cov. Async because the factorisation reads cov; the draws
 * stay lazy. Result [n, d].
 */
export async function multivariateNormal(k: Key, mean: ArrayInput, cov: ArrayInput, n: number): Promise<NDArray> {
  checkKey('random.multivariateNormal', k);
  const m = asFloat(mean);
  const c = asFloat(cov);
  if (m.ndim !== 1 || c.ndim !== 2 || c.shape[0] !== m.shape[0] || c.shape[1] !== m.shape[0]) {
    throw new ShapeError(`random.multivariateNormal: mean (${m.shape.join(', ')}) and cov (${c.shape.join(', ')}) must be [d] and [d x d]`);
  }
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`random.multivariateNormal: n must be a non-negative integer, got ${n}`);
  const lower = await cholesky(c);
  const z = normal(k, [n, m.shape[0]!], { dtype: c.dtype });
  return z.matmul(lower.T).add(m);
}

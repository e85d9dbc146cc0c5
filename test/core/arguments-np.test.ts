import { TEST_INIT } from '../helpers/backend.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, ArgumentError, AxisError, DTypeError, MemoryError, NDArray, ValueError } from 'quiverjs';
import { walk } from './arguments-walk.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

const x = (): NDArray => np.array([[1, 5, 2], [7, 0, 3]]);
type Call = readonly unknown[];

/** A good call of every np export; the walk replaces one argument at a time. `op` is the name errors carry when it differs. */
const GOOD: Record<keyof typeof np, { args: () => Call; op?: string }> = {
  array: { args: () => [[[1, 2]], 'float32'] }, asarray: { args: () => [[1, 2], 'float32'] },
  zeros: { args: () => [[2, 3], 'float32'] }, ones: { args: () => [[2, 3], 'int32'] }, full: { args: () => [[2], 1.5, 'float32'] },
  zerosLike: { args: () => [x(), 'int32'] }, onesLike: { args: () => [x(), 'int32'] }, fullLike: { args: () => [x(), 2, 'float32'] },
  arange: { args: () => [0, 5, 1, 'int32'] }, linspace: { args: () => [0, 1, 5, { endpoint: false }] },
  eye: { args: () => [3, 4, 1, 'float32'] }, randomBits: { args: () => [[1, 2], [4], { stream: 1 }] },
  astype: { args: () => [x(), 'int32'] }, reshape: { args: () => [x(), [3, 2]] }, transpose: { args: () => [x(), [1, 0]] },
  permute: { args: () => [x(), [1, 0]], op: 'transpose' }, expandDims: { args: () => [x(), 0] },
  squeeze: { args: () => [np.ones([1, 3]), 0] }, broadcastTo: { args: () => [[1, 2, 3], [2, 3]] }, flip: { args: () => [x(), 1] },
  slice: { args: () => [x(), '0:1', ':'] },
  add: { args: () => [x(), x()] }, sub: { args: () => [x(), 1] }, mul: { args: () => [x(), x()] }, div: { args: () => [x(), 2] },
  floorDiv: { args: () => [x(), 2] }, mod: { args: () => [x(), 2] }, pow: { args: () => [x(), 2] }, arctan2: { args: () => [x(), x()] },
  hypot: { args: () => [x(), x()] }, minimum: { args: () => [x(), 2] }, maximum: { args: () => [x(), 2] },
  equal: { args: () => [x(), 2] }, notEqual: { args: () => [x(), 2] }, less: { args: () => [x(), 2] },
  lessEqual: { args: () => [x(), 2] }, greater: { args: () => [x(), 2] }, greaterEqual: { args: () => [x(), 2] },
  logicalAnd: { args: () => [x(), x()] }, logicalOr: { args: () => [x(), x()] }, logicalXor: { args: () => [x(), x()] },
  logicalNot: { args: () => [x()] },
  neg: { args: () => [x()] }, abs: { args: () => [x()] }, sign: { args: () => [x()] }, sqrt: { args: () => [x()] },
  cbrt: { args: () => [x()] }, square: { args: () => [x()] }, reciprocal: { args: () => [x()] }, exp: { args: () => [x()] },
  expm1: { args: () => [x()] }, exp2: { args: () => [x()] }, log: { args: () => [x()] }, log1p: { args: () => [x()] },
  log2: { args: () => [x()] }, log10: { args: () => [x()] }, sin: { args: () => [x()] }, cos: { args: () => [x()] },
  tan: { args: () => [x()] }, arcsin: { args: () => [x()] }, arccos: { args: () => [x()] }, arctan: { args: () => [x()] },
  sinh: { args: () => [x()] }, cosh: { args: () => [x()] }, tanh: { args: () => [x()] }, erf: { args: () => [x()] },
  erfc: { args: () => [x()] }, floor: { args: () => [x()] }, ceil: { args: () => [x()] }, trunc: { args: () => [x()] },
  round: { args: () => [x(), 1] }, isnan: { args: () => [x()] }, isinf: { args: () => [x()] }, isfinite: { args: () => [x()] },
  clip: { args: () => [x(), 0, 3] }, where: { args: () => [x(), x(), 0] },
  sum: { args: () => [x(), 1, { keepdims: true }] }, prod: { args: () => [x(), 1, { keepdims: true }] },
  mean: { args: () => [x(), 1, { keepdims: true }] }, var: { args: () => [x(), 1, { ddof: 1 }] },
  std: { args: () => [x(), 1, { ddof: 1 }] }, min: { args: () => [x(), 1] }, max: { args: () => [x(), 1] },
  any: { args: () => [x(), 1] }, all: { args: () => [x(), 1] },
  argmin: { args: () => [x(), 1, { keepdims: true }] }, argmax: { args: () => [x(), 1, { keepdims: true }] },
  nanargmin: { args: () => [x(), 1, { keepdims: true }] }, nanargmax: { args: () => [x(), 1, { keepdims: true }] },
  cumsum: { args: () => [x(), 1] }, cumprod: { args: () => [x(), 1] },
  matmul: { args: () => [x(), np.ones([3, 2])] }, dot: { args: () => [x(), np.ones([3])] }, outer: { args: () => [[1, 2], [3, 4]] },
  concatenate: { args: () => [[x(), x()], 1] }, stack: { args: () => [[x(), x()], 0] }, split: { args: () => [x(), 3, 1] },
  sort: { args: () => [x(), 1] }, argsort: { args: () => [x(), 1] }, take: { args: () => [x(), [0, 2], 1] },
  takeAlongAxis: { args: () => [x(), np.argsort(x(), 1), 1] }, compress: { args: () => [[true, false], x(), 0] },
  extract: { args: () => [x().greater(2), x()] }, nonzero: { args: () => [x()] },
  compute: { args: () => [x(), x()] }, scope: { args: () => [() => x().add(1)] }, plan: { args: () => [x()] },
  explain: { args: () => [x()] }, persist: { args: () => [x()] }, memory: { args: () => [] },
};

/** The keyword forms: each function called positionally and with the same keywords in a trailing object. */
const KEYWORDS: [string, () => unknown, () => unknown][] = [
  ['argmax', () => np.argmax(x(), 1, { keepdims: true }), () => np.argmax(x(), { axis: 1, keepdims: true })],
  ['argmin', () => np.argmin(x(), 0), () => np.argmin(x(), { axis: 0 })],
  ['nanargmax', () => np.nanargmax(x(), 1), () => np.nanargmax(x(), { axis: 1 })],
  ['cumsum', () => np.cumsum(x(), 1), () => np.cumsum(x(), { axis: 1 })],
  ['cumprod', () => np.cumprod(x(), 0), () => np.cumprod(x(), { axis: 0 })],
  ['sum', () => np.sum(x(), 1, { keepdims: true }), () => np.sum(x(), { axis: 1, keepdims: true })],
  ['var', () => np.var(x(), 0, { ddof: 1 }), () => np.var(x(), { axis: 0, ddof: 1 })],
  ['flip', () => np.flip(x(), 1), () => np.flip(x(), { axis: 1 })],
  ['sort', () => np.sort(x(), 0), () => np.sort(x(), { axis: 0 })],
  ['argsort', () => np.argsort(x(), 0), () => np.argsort(x(), { axis: 0 })],
  ['take', () => np.take(x(), [2, 0], 1), () => np.take(x(), [2, 0], { axis: 1 })],
  ['takeAlongAxis', () => np.takeAlongAxis(x(), np.argsort(x(), 1), 1), () => np.takeAlongAxis(x(), np.argsort(x(), 1), { axis: 1 })],
  ['concatenate', () => np.concatenate([x(), x()], 1), () => np.concatenate([x(), x()], { axis: 1 })],
  ['stack', () => np.stack([x(), x()], 1), () => np.stack([x(), x()], { axis: 1 })],
  ['split', () => np.split(x(), 3, 1)[1], () => np.split(x(), 3, { axis: 1 })[1]],
  ['array', () => np.array([1.5, 2], 'int32'), () => np.array([1.5, 2], { dtype: 'int32' })],
  ['asarray', () => np.asarray([1, 2], 'float32'), () => np.asarray([1, 2], { dtype: 'float32' })],
  ['zeros', () => np.zeros([2], 'int32'), () => np.zeros([2], { dtype: 'int32' })],
  ['full', () => np.full([2], 3, 'float32'), () => np.full([2], 3, { dtype: 'float32' })],
  ['onesLike', () => np.onesLike(x(), 'int32'), () => np.onesLike(x(), { dtype: 'int32' })],
  ['arange', () => np.arange(1, 7, 2, 'float32'), () => np.arange(1, { stop: 7, step: 2, dtype: 'float32' })],
  ['linspace', () => np.linspace(0, 1, 5), () => np.linspace(0, 1, { num: 5 })],
  ['eye', () => np.eye(3, 4, 1), () => np.eye(3, { m: 4, k: 1 })],
  ['astype', () => np.astype(x(), 'int32'), () => np.astype(x(), { dtype: 'int32' })],
  ['reshape', () => np.reshape(x(), [3, 2]), () => np.reshape(x(), { shape: [3, 2] })],
  ['transpose', () => np.transpose(x(), [1, 0]), () => np.transpose(x(), { axes: [1, 0] })],
  ['expandDims', () => np.expandDims(x(), 1), () => np.expandDims(x(), { axis: 1 })],
  ['broadcastTo', () => np.broadcastTo([1, 2, 3], [2, 3]), () => np.broadcastTo([1, 2, 3], { shape: [2, 3] })],
  ['round', () => np.round(np.array([1.25, 2.5]), 1), () => np.round(np.array([1.25, 2.5]), { decimals: 1 })],
  ['x.argmax', () => x().argmax(1, { keepdims: true }), () => x().argmax({ axis: 1, keepdims: true })],
  ['x.take', () => x().take([1], 1), () => x().take([1], { axis: 1 })],
  ['x.reshape', () => x().reshape(3, 2), () => x().reshape({ shape: [3, 2] })],
];

describe('every function takes its NumPy keywords positionally or in a trailing options object', () => {
  it.each(KEYWORDS)('%s gives the same array either way', async (_, positional, keyword) => {
    const [a, b] = [positional() as NDArray, keyword() as NDArray];
    expect(b.shape).toEqual(a.shape);
    expect(b.dtype).toBe(a.dtype);
    expect(await b.toArray()).toEqual(await a.toArray());
  });

  it('refuses a keyword given both ways, naming the op and the argument', () => {
    expect(() => np.sum(x(), 1, { axis: 0 })).toThrow(ArgumentError);
    expect(() => np.sum(x(), 1, { axis: 0 })).toThrow("sum: got multiple values for argument 'axis'");
  });
});

describe('unknown options and wrong types are refused at the call', () => {
  it('names the unknown option and the ones the op accepts', () => {
    expect(() => x().sum({ axes: 1 } as never)).toThrow(ArgumentError);
    expect(() => x().sum({ axes: 1 } as never)).toThrow("sum: unknown option 'axes' (accepted: axis, keepdims)");
    expect(() => np.var(x(), { ddf: 1 } as never)).toThrow("var: unknown option 'ddf' (accepted: axis, keepdims, ddof)");
    expect(() => np.argmax(x(), { axis: 1, keepdim: true } as never)).toThrow("argmax: unknown option 'keepdim' (accepted: axis, keepdims)");
    expect(() => np.linspace(0, 1, { steps: 3 } as never)).toThrow("linspace: unknown option 'steps' (accepted: num, endpoint, dtype)");
  });

  it('names the argument and what it accepts for a wrong type', async () => {
    expect(() => np.argmax(x(), 'rows' as never)).toThrow('argmax: axis must be an integer or null, got "rows"');
    expect(() => np.sum(x(), { keepdims: 1 } as never)).toThrow('sum: keepdims must be a boolean, got 1');
    expect(() => np.take(x(), [0], 1.5)).toThrow('take: axis must be an integer or null, got 1.5');
    expect(() => np.add(x(), 'x' as never)).toThrow('add: expected an array (an NDArray, a number, a boolean, a nested list or a TypedArray), got "x"');
    expect(() => np.round(x(), NaN)).toThrow('round: decimals must be an integer, got NaN');
    expect(() => np.arange(0, NaN)).toThrow('arange: stop must be a finite number, got NaN');
    expect(() => np.eye(-1)).toThrow('eye: n must be a non-negative integer, got -1');
    await expect(np.compute('x' as never)).rejects.toThrow('compute: argument 0 must be an NDArray, got "x"');
    expect(() => np.scope(3 as never)).toThrow('scope: fn must be a function, got 3');
  });

  it('keeps the specific error classes for dtypes, axes and fill values', () => {
    expect(() => np.arange(3).astype('float16' as never)).toThrow(DTypeError);
    expect(() => np.arange(3).astype('float16' as never)).toThrow('astype: unknown dtype "float16"');
    expect(() => np.full([2], 'x' as never)).toThrow(DTypeError);
    expect(() => np.argmax(x(), { axis: 2 })).toThrow(AxisError);
    expect(() => np.argmax(x(), { axis: 2 })).toThrow('argmax: axis 2 is out of bounds for array of dimension 2');
    expect(ArgumentError.prototype).toBeInstanceOf(ValueError);
  });
});

describe('sizes past the backend limit are a MemoryError at the call', () => {
  it('names the op, the size and the limit', () => {
    expect(() => np.zeros([1e6, 1e6]).sum()).toThrow(MemoryError);
    expect(() => np.zeros([1e6, 1e6])).toThrow(/^zeros: shape \(1000000, 1000000\) holds 1000000000000 elements, past the \w+ backend's limit of \d+ \(maxElements\)$/);
    expect(() => np.arange(1e12)).toThrow(/arange: shape \(1000000000000,\) holds 1000000000000 elements/);
    expect(() => np.ones([1e5]).reshape(-1, 1).mul(np.ones([1, 1e5]))).toThrow(MemoryError);
  });
});

describe('a walk over every export of np with wrong types, NaN, negative and huge sizes and empty arrays', () => {
  it('has a good call for every export', () => {
    expect(Object.keys(np).sort()).toEqual(Object.keys(GOOD).sort());
  });

  it.each(Object.keys(GOOD))('np.%s accepts or throws a QuiverError naming it', async (name) => {
    const entry = GOOD[name as keyof typeof np];
    const fn = np[name as keyof typeof np] as (...args: unknown[]) => unknown;
    expect(await walk(`np.${name}`, entry.op ?? name, fn, entry.args())).toEqual([]);
  });
});

describe('known NumPy 2 disagreements fixed with the convention (#20)', () => {
  it('gives var and std over no axes as NumPy does: zeros, NaN once ddof reaches the count', async () => {
    const scalar = np.array([3.7]).reshape([]);
    expect(await scalar.var().item()).toBe(0);
    expect(Number.isNaN(await scalar.std({ ddof: 1 }).item())).toBe(true);
    expect(await np.array([[1, 2], [3, 4]]).var({ axis: [] }).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(Number.isNaN(await np.array(Infinity).var().item())).toBe(true);
  });

  it('promotes clip of a bool array by a number and a float32 array to float32', () => {
    expect(np.clip(np.array([true, false]), 0.25, np.array([1, 2], 'float32')).dtype).toBe('float32');
  });
});

describe('a walk over the NDArray methods that mirror np functions', () => {
  const proto = NDArray.prototype as unknown as Record<string, unknown>;
  const methods = Object.keys(GOOD).filter((name) => typeof proto[name] === 'function' && GOOD[name as keyof typeof np].args()[0] instanceof NDArray);

  it('covers the reductions, scans, sorting and movement methods', () => {
    expect(methods).toEqual(expect.arrayContaining(['sum', 'var', 'argmax', 'cumsum', 'sort', 'take', 'reshape', 'flip', 'astype', 'round']));
  });

  it.each(methods)('x.%s accepts or throws a QuiverError naming it', async (name) => {
    const entry = GOOD[name as keyof typeof np];
    const [self, ...rest] = entry.args() as [NDArray, ...unknown[]];
    const method = (...args: unknown[]): unknown => (proto[name] as (...a: unknown[]) => unknown).apply(self, args);
    expect(await walk(`x.${name}`, entry.op ?? name, method, rest)).toEqual([]);
  });
});

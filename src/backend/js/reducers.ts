import type { DType } from '../../graph/dtype.js';
import type { ReduceKind } from '../../kernel/program.js';

/** The running state of one reduction over one output's run, fed a block at a time. */
export interface Accumulator {
  add(values: Float64Array, len: number, firstIndex: number): void;
  result(): number;
}

/** Pairwise summation: error grows with log(n), not n. Starts from +0, as NumPy's does (a sum of -0s is +0). */
export function pairwiseSum(xs: ArrayLike<number>, lo: number, hi: number): number {
  if (hi - lo <= 8) {
    let s = 0;
    for (let i = lo; i < hi; i++) s += xs[i]!;
    return s;
  }
  const mid = lo + ((hi - lo) >> 1);
  return pairwiseSum(xs, lo, mid) + pairwiseSum(xs, mid, hi);
}

const isFloatD = (d: DType) => d === 'float32' || d === 'float64';

/** Float sums: pairwise within each block, then pairwise over the block partials. */
function sum(dtype: DType): Accumulator {
  if (!isFloatD(dtype)) return fold(0, dtype === 'uint32' ? (s, x) => (s + x) >>> 0 : (s, x) => (s + x) | 0);
  const partials: number[] = [];
  return { add: (v, len) => void partials.push(pairwiseSum(v, 0, len)), result: () => pairwiseSum(partials, 0, partials.length) };
}

function fold(init: number, step: (acc: number, x: number) => number): Accumulator {
  let acc = init;
  return {
    add(v, len) {
      for (let j = 0; j < len; j++) acc = step(acc, v[j]!);
    },
    result: () => acc,
  };
}

/** Extremes propagate NaN: once seen, it stays. */
function extreme(better: (a: number, b: number) => boolean): Accumulator {
  let acc: number | undefined;
  return fold0((v, len) => {
    for (let j = 0; j < len; j++) {
      const x = v[j]!;
      if (acc === undefined || x !== x || better(x, acc)) acc = x;
      if (acc !== acc) return;
    }
  }, () => acc!);
}

/** Index (within the run) of the first extreme; the first NaN wins, as in NumPy. */
function argExtreme(better: (a: number, b: number) => boolean): Accumulator {
  let best: number | undefined;
  let at = 0;
  return fold0((v, len, first) => {
    for (let j = 0; j < len; j++) {
      if (best !== undefined && best !== best) return;
      const x = v[j]!;
      if (best === undefined || x !== x || better(x, best)) [best, at] = [x, first + j];
    }
  }, () => at);
}

function fold0(add: Accumulator['add'], result: () => number): Accumulator {
  return { add, result };
}

/**
 * Variance in one pass: each block's mean and sum of squared deviations are exact
 * two-pass values over the block; blocks merge with Chan, Golub and LeVeque's
 * pairwise update, which keeps the accuracy of two-pass variance.
 */
function variance(ddof: number): Accumulator {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  return {
    add(v, len) {
      const bm = pairwiseSum(v, 0, len) / len;
      let bm2 = 0;
      for (let j = 0; j < len; j++) bm2 += (v[j]! - bm) * (v[j]! - bm);
      const total = n + len;
      const delta = bm - mean;
      mean += (delta * len) / total;
      m2 += bm2 + (delta * delta * n * len) / total;
      n = total;
    },
    result: () => (n === 0 ? NaN : m2 / Math.max(n - ddof, 0)),
  };
}

export function accumulator(op: ReduceKind, dtype: DType, ddof = 0): Accumulator {
  switch (op) {
    case 'sum':
      return sum(dtype);
    case 'prod':
      return isFloatD(dtype) ? fold(1, (p, x) => p * x) : fold(1, dtype === 'uint32' ? (p, x) => Math.imul(p, x) >>> 0 : Math.imul);
    case 'min':
      return extreme((a, b) => a < b);
    case 'max':
      return extreme((a, b) => a > b);
    case 'any':
      return fold(0, (a, x) => (a || x !== 0 ? 1 : 0));
    case 'all':
      return fold(1, (a, x) => (a && x !== 0 ? 1 : 0));
    case 'argmin':
      return argExtreme((a, b) => a < b);
    case 'argmax':
      return argExtreme((a, b) => a > b);
    case 'var':
      return variance(ddof);
    default:
      return op satisfies never;
  }
}

import type { DType } from 'quiverjs';
import { rng } from '../helpers/rng.js';

/** A leaf element as JSON can hold it: NaN, the infinities and -0 as the strings Number() reads back. */
export type LeafValue = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

const FLOAT_SPECIALS: Record<'float32' | 'float64', number[]> = {
  float64: [NaN, Infinity, -Infinity, -0, 0, 5e-324, -2.5e-310, 2 ** 1000, -(2 ** 1020)],
  float32: [NaN, Infinity, -Infinity, -0, 0, 1.401298464324817e-45, -1e-40, 2 ** 120, -(2 ** 126)],
};
const INT_EXTREMES: Record<'int32' | 'uint32', number[]> = {
  int32: [2 ** 31 - 1, -(2 ** 31), -1, 0],
  uint32: [2 ** 32 - 1, 2 ** 31, 0, 1],
};
/** Whole-leaf scales: float64 near overflow and in the subnormal range, float32 the same. */
const SCALES: Record<'float32' | 'float64', number[]> = { float64: [2 ** 990, 2 ** -1070], float32: [2 ** 118, 2 ** -146] };

/**
 * Quarter-integers in [-8, 8] by default: sums and products of these are exact in both
 * float widths at the sizes generated, so regrouping a sum does not change it and the
 * tolerances can stay tight. A leaf sometimes mixes in specials or is scaled as a whole
 * to the edge of the dtype's range. `normal` flushes float32 subnormals to 0 first.
 */
export function leafValues(leaf: { dtype: DType; shape: number[]; seed: number; normal?: boolean }): number[] {
  const next = rng(leaf.seed);
  const n = leaf.shape.reduce((a, b) => a * b, 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const specialRate = next() < 0.5 ? 0 : 0.2;
  const d = leaf.dtype;
  if (d === 'bool') return Array.from({ length: n }, () => (next() < 0.5 ? 1 : 0));
  if (d === 'int32' || d === 'uint32') {
    const lo = d === 'int32' ? -20 : 0;
    return Array.from({ length: n }, () => (next() < specialRate / 4 ? pick(INT_EXTREMES[d]) : lo + Math.floor(next() * 41)));
  }
  const scaleRoll = next();
  const scale = scaleRoll < 0.05 ? SCALES[d][0]! : scaleRoll < 0.1 ? SCALES[d][1]! : 1;
  const values = Array.from({ length: n }, () => (next() < specialRate ? pick(FLOAT_SPECIALS[d]) : ((Math.floor(next() * 65) - 32) / 4) * scale));
  return leaf.normal && d === 'float32' ? values.map((v) => (v !== 0 && Math.abs(v) < 2 ** -126 ? 0 : v)) : values;
}

/** A value as the JSON of a regression fixture stores it. */
export function toLeafValue(v: number): LeafValue {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0';
  return v;
}

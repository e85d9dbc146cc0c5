import type { DType } from '../../../graph/dtype.js';
import type { RollingAttrs } from '../../../graph/node.js';
import type { RollingOp } from '../../../graph/ops.js';

/**
 * Rolling statistic of columns [c0, c1) of `len` rows of `cols` contiguous columns, from
 * `x` into `out` (byte addresses, not overlapping); ddof as the two 32-bit halves of its
 * float64 (pool jobs pass u32 arguments).
 */
type RollingFn = (x: number, out: number, len: number, cols: number, c0: number, c1: number, window: number, minPeriods: number, ddofLo: number, ddofHi: number) => void;

/** As RollingFn for min and max, with `deques` in place of ddof: rollingScratchBytes of scratch per call. */
type ExtremeFn = (x: number, out: number, len: number, cols: number, c0: number, c1: number, window: number, minPeriods: number, deques: number) => void;

const MOMENT_FNS = [
  'rolling_sum_f64', 'rolling_mean_f64', 'rolling_var_f64', 'rolling_std_f64',
  'rolling_sum_f32', 'rolling_mean_f32', 'rolling_var_f32', 'rolling_std_f32',
] as const;
const EXTREME_FNS = ['rolling_min_f64', 'rolling_max_f64', 'rolling_min_f32', 'rolling_max_f32'] as const;
/** The rolling entry points of wasm/quiver.wasm (wasm/src/rolling.rs), one per op and float dtype. */
export const ROLLING_FNS = [...MOMENT_FNS, ...EXTREME_FNS] as const;
export type RollingFnName = (typeof ROLLING_FNS)[number];
export type RollingExports = { [K in (typeof MOMENT_FNS)[number]]: RollingFn } & { [K in (typeof EXTREME_FNS)[number]]: ExtremeFn } & {
  rolling_extreme_scratch_bytes(window: number): number;
};

const STAT: { readonly [O in RollingOp]: string } = {
  rollingSum: 'sum', rollingMean: 'mean', rollingVar: 'var', rollingStd: 'std', rollingMin: 'min', rollingMax: 'max',
};

/** Whether `op` keeps a deque (min, max) rather than sums, so needs deque scratch. */
export const usesDeques = (op: RollingOp): boolean => op === 'rollingMin' || op === 'rollingMax';

/** The entry point of `op` over float `dtype` data; others have none (the frontend takes floats only). */
export function rollingFn(op: RollingOp, dtype: DType): RollingFnName {
  if (dtype !== 'float64' && dtype !== 'float32') throw new TypeError(`${op}: no wasm rolling window over ${dtype} data`);
  return `rolling_${STAT[op]}_${dtype === 'float64' ? 'f64' : 'f32'}` as RollingFnName;
}

/** The arguments after the column range: window, minPeriods and ddof's two halves (min and max add their deques). */
export function rollingParams({ window, minPeriods, ddof }: RollingAttrs, len: number): number[] {
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, ddof, true);
  // A window longer than the series acts as the series, and a minPeriods above its length
  // gates every window as len + 1 does: both then fit the u32 arguments.
  return [Math.min(window, len), Math.min(minPeriods, len + 1), bits.getUint32(0, true), bits.getUint32(4, true)];
}

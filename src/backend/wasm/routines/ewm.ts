import type { DType } from '../../../graph/dtype.js';
import type { EwmAttrs } from '../../../graph/node.js';
import type { EwmOp } from '../../../graph/ops.js';
import { EWM_FLAG } from '../opcodes.js';

/**
 * Exponentially weighted statistic of columns [c0, c1) of `len` rows of `cols` contiguous
 * columns, from `x` into `out` (byte addresses, not overlapping); α as the two 32-bit
 * halves of its float64 (pool jobs pass u32 arguments), `flags` as ewmParams writes them.
 */
type EwmFn = (x: number, out: number, len: number, cols: number, c0: number, c1: number, minPeriods: number, alphaLo: number, alphaHi: number, flags: number) => void;

/** The ewm entry points of wasm/quiver.wasm (wasm/src/ewm.rs), one per op and float dtype. */
export const EWM_FNS = ['ewm_mean_f64', 'ewm_var_f64', 'ewm_std_f64', 'ewm_mean_f32', 'ewm_var_f32', 'ewm_std_f32'] as const;
export type EwmFnName = (typeof EWM_FNS)[number];
export type EwmExports = { [K in EwmFnName]: EwmFn };

const STAT: { readonly [O in EwmOp]: string } = { ewmMean: 'mean', ewmVar: 'var', ewmStd: 'std' };


/** The entry point of `op` over float `dtype` data; others have none (the frontend takes floats only). */
export function ewmFn(op: EwmOp, dtype: DType): EwmFnName {
  if (dtype !== 'float64' && dtype !== 'float32') throw new TypeError(`${op}: no wasm ewm over ${dtype} data`);
  return `ewm_${STAT[op]}_${dtype === 'float64' ? 'f64' : 'f32'}` as EwmFnName;
}

/** The arguments after the column range: minPeriods, α's two halves and the flags. */
export function ewmParams({ alpha, adjust, ignoreNa, minPeriods, bias }: EwmAttrs, len: number): number[] {
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, alpha, true);
  // A minPeriods above the series' length gates every row as len + 1 does, and fits a u32.
  const flags = (adjust ? EWM_FLAG.adjust : 0) | (ignoreNa ? EWM_FLAG.ignoreNa : 0) | (bias ? EWM_FLAG.bias : 0);
  return [Math.min(minPeriods, len + 1), bits.getUint32(0, true), bits.getUint32(4, true), flags];
}

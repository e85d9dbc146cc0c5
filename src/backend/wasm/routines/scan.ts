import type { DType } from '../../../graph/dtype.js';

/** Scans `lanes` contiguous lanes of `len` elements from `x` into `out` (byte addresses; the same address scans in place). */
type ScanFn = (x: number, out: number, lanes: number, len: number) => void;

/** The scan entry points of wasm/quiver.wasm (wasm/src/scan.rs). */
export interface ScanExports {
  cumsum_f64: ScanFn;
  cumprod_f64: ScanFn;
  cumsum_f32: ScanFn;
  cumprod_f32: ScanFn;
  cumsum_i32: ScanFn;
  cumprod_i32: ScanFn;
}

export type ScanOp = 'cumsum' | 'cumprod';

/**
 * The entry point per op and dtype (input and output stored in that dtype). int32 and
 * uint32 share one: the reference wraps mod 2^32 at every step, which gives the same bits
 * for both. bool has none: the frontend scans bool as int32 (accumulateDType).
 */
export const SCAN: { readonly [O in ScanOp]: { readonly [D in DType]: keyof ScanExports | null } } = {
  cumsum: { float64: 'cumsum_f64', float32: 'cumsum_f32', int32: 'cumsum_i32', uint32: 'cumsum_i32', bool: null },
  cumprod: { float64: 'cumprod_f64', float32: 'cumprod_f32', int32: 'cumprod_i32', uint32: 'cumprod_i32', bool: null },
};

/** The scan's entry point, or an error naming the op and dtype. */
export function scanFn(op: ScanOp, dtype: DType): keyof ScanExports {
  const fn = SCAN[op][dtype];
  if (fn === null) throw new TypeError(`${op}: no wasm scan over ${dtype} lanes (cast to int32 first, as the frontend does)`);
  return fn;
}

/** Runs `op` over every lane on the calling thread. */
export function scanLanes(ex: ScanExports, op: ScanOp, dtype: DType, x: number, out: number, lanes: number, len: number): void {
  ex[scanFn(op, dtype)](x, out, lanes, len);
}

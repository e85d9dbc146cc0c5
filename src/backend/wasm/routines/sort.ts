import type { DType } from '../../../graph/dtype.js';

/**
 * Stable ascending sort of `lanes` contiguous lanes of `len` from `x`: values into `out`
 * and int32 argsort indices into `idx`, either 0 to skip it (byte addresses, none
 * overlapping), with `sort_scratch_bytes(len)` bytes of scratch per concurrent call.
 */
type SortFn = (x: number, out: number, idx: number, lanes: number, len: number, scratch: number) => void;

/** The sort entry points of wasm/quiver.wasm (wasm/src/sort.rs). */
export interface SortExports {
  sort_scratch_bytes(len: number): number;
  sort_f64: SortFn;
  sort_f32: SortFn;
  sort_i32: SortFn;
  sort_u32: SortFn;
  sort_bool: SortFn;
}

export type SortEntry = Exclude<keyof SortExports, 'sort_scratch_bytes'>;

/** The entry point per dtype; bool is sorted as its one-byte storage. */
export const SORT: { readonly [D in DType]: SortEntry } = {
  float64: 'sort_f64',
  float32: 'sort_f32',
  int32: 'sort_i32',
  uint32: 'sort_u32',
  bool: 'sort_bool',
};

/** Bytes of scratch each concurrent sortLanes call needs for lanes of `len`. */
export function sortScratchBytes(ex: SortExports, len: number): number {
  return ex.sort_scratch_bytes(len) >>> 0;
}

/** Sorts (out != 0) and/or argsorts (idx != 0) every lane on the calling thread. */
export function sortLanes(ex: SortExports, dtype: DType, x: number, out: number, idx: number, lanes: number, len: number, scratch: number): void {
  ex[SORT[dtype]](x, out, idx, lanes, len, scratch);
}

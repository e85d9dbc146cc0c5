import type { DType } from '../../../graph/dtype.js';

/**
 * `c[t] = a[t] @ b[t]` over the flattened output rows `[rowStart, rowEnd)` of a batch of
 * products; `a` is batch x n x k, `b` batch x k x m, `c` batch x n x m, all contiguous
 * row-major in the heap (byte addresses). Threads may run disjoint row ranges at once,
 * each with its own scratch of `matmul_scratch_bytes(k, m)` bytes.
 */
type MatmulRowsFn = (a: number, b: number, c: number, batch: number, n: number, k: number, m: number, rowStart: number, rowEnd: number, scratch: number) => void;

/** The matmul entry points of wasm/quiver.wasm (wasm/src/matmul.rs). */
export interface MatmulExports {
  matmul_scratch_bytes(k: number, m: number): number;
  matmul_f64_rows: MatmulRowsFn;
  matmul_f32_rows: MatmulRowsFn;
  matmul_i32_rows: MatmulRowsFn;
  matmul_bool_rows: MatmulRowsFn;
}

export type MatmulFn = Exclude<keyof MatmulExports, 'matmul_scratch_bytes'>;

/**
 * The entry point for each contraction dtype; operands and output are stored in that
 * dtype. float32 sums in float32 in f32x4 lanes, as BLAS's sgemm does (the js reference
 * sums in float64 and rounds once; the two agree within float32's tolerance); int32 and
 * uint32 share one entry because wrapping products and sums mod 2^32 give the same bits
 * for both.
 */
export const MATMUL_ROWS: { readonly [D in DType]: MatmulFn } = {
  float64: 'matmul_f64_rows',
  float32: 'matmul_f32_rows',
  int32: 'matmul_i32_rows',
  uint32: 'matmul_i32_rows',
  bool: 'matmul_bool_rows',
};

/** Bytes of scratch each concurrent matmulRows call needs. */
export function matmulScratchBytes(ex: MatmulExports, k: number, m: number): number {
  return ex.matmul_scratch_bytes(k, m) >>> 0;
}

/**
 * The arguments of `MATMUL_ROWS[dtype]` for rows `[rowStart, rowEnd)` of the flattened
 * `batch * n` output rows, for a pool job or a direct call.
 */
export function matmulRowsArgs(a: number, b: number, c: number, scratch: number, batch: number, n: number, k: number, m: number, rowStart = 0, rowEnd = batch * n): number[] {
  if (!(0 <= rowStart && rowStart <= rowEnd && rowEnd <= batch * n)) {
    throw new RangeError(`matmul: rows [${rowStart}, ${rowEnd}) are outside the ${batch * n} rows of a (${batch}, ${n}, ${k}) @ (${batch}, ${k}, ${m}) product`);
  }
  return [a, b, c, batch, n, k, m, rowStart, rowEnd, scratch];
}

/** Runs `c = a @ b` (or its rows `[rowStart, rowEnd)`) on the calling thread. */
export function matmulRows(ex: MatmulExports, dtype: DType, a: number, b: number, c: number, scratch: number, batch: number, n: number, k: number, m: number, rowStart = 0, rowEnd = batch * n): void {
  const [pa, pb, pc, bt, nn, kk, mm, r0, r1, ps] = matmulRowsArgs(a, b, c, scratch, batch, n, k, m, rowStart, rowEnd) as [number, number, number, number, number, number, number, number, number, number];
  ex[MATMUL_ROWS[dtype]](pa, pb, pc, bt, nn, kk, mm, r0, r1, ps);
}

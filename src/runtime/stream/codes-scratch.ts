/**
 * One reusable int32 array for group codes. Codes are needed only while the aggregation
 * pass runs, and where first-touch page faults are slow (as on the machine that runs
 * the benchmarks) writing 10M int32 into a fresh 40 MB array costs more than the pass
 * itself, and many times more than writing them into a used one (bench/frame.bench.ts).
 */
let spare: Int32Array | undefined;

/** An int32 array of length n, reused when a returned one is large enough. Its contents are arbitrary. */
export function borrowCodes(n: number): Int32Array {
  const s = spare !== undefined && spare.length >= n ? spare : undefined;
  if (s) spare = undefined;
  return s ? s.subarray(0, n) : new Int32Array(n);
}

/** Gives an array from borrowCodes back once nothing reads it any more. */
export function returnCodes(codes: Int32Array): void {
  const whole = new Int32Array(codes.buffer);
  if (spare === undefined || whole.length > spare.length) spare = whole;
}

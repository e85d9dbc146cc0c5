/**
 * An f32 constant written exactly: JS prints the shortest decimal that reads back as
 * the same double, and a double that is an f32 converts to that f32 without rounding.
 */
export function f32(x: number): string {
  const v = Math.fround(x);
  if (!Number.isFinite(v)) throw new Error(`wgsl: ${x} is not a finite f32 (use q_f32 with its bits)`);
  const s = Object.is(v, -0) ? '-0.0' : String(v);
  return `${s}${/[.e]/.test(s) ? '' : '.0'}f`;
}

/** An f32 given by its bit pattern, as a const-expression (only for finite values). */
export const f32bits = (bits: number): string => `bitcast<f32>(0x${(bits >>> 0).toString(16)}u)`;

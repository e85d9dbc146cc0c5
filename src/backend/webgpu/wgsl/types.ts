import { ROUND_TO, type DType } from '../../../graph/dtype.js';
import { f32 } from './literals.js';

/**
 * How a dtype lives in WGSL: f32, i32, u32, and bool as u32 0/1 (storage buffers have no
 * bool). float64 reaches WGSL only when the backend was created with
 * `{ float64: 'downcast' }`, and then computes as f32.
 */
export type Kind = 'f' | 'i' | 'u' | 'b';

export const KIND: { [D in DType]: Kind } = { float32: 'f', float64: 'f', int32: 'i', uint32: 'u', bool: 'b' };
export const WGSL_TYPE: { [K in Kind]: 'f32' | 'i32' | 'u32' } = { f: 'f32', i: 'i32', u: 'u32', b: 'u32' };

export const typeOf = (d: DType): string => WGSL_TYPE[KIND[d]];

/** Bytes per element in a GPU buffer: every kind is one 32-bit word. */
export const GPU_ITEM_BYTES = 4;

/** A value of `dtype` as a WGSL expression, rounded the way the dtype stores it. */
export function literal(value: number, dtype: DType): string {
  const v = ROUND_TO[dtype === 'float64' ? 'float32' : dtype](value);
  switch (KIND[dtype]) {
    case 'f': {
      if (Number.isFinite(v)) return f32(v);
      const bits = Number.isNaN(v) ? 0x7fc00000 : v > 0 ? 0x7f800000 : 0xff800000;
      return `q_f32(0x${bits.toString(16)}u)`;
    }
    case 'i':
      return v === -2147483648 ? 'bitcast<i32>(0x80000000u)' : `i32(${v})`;
    case 'u':
      return `${v}u`;
    case 'b':
      return v ? '1u' : '0u';
  }
}

import type { DType } from 'quiverjs';
import type { Outcome } from './outcome.js';
import { children, type Program } from './program.js';
import { leafValues } from './values.js';

/**
 * Relative tolerance per dtype; integers and bool must match exactly. float64: the
 * backends' own exp/log/sin agree with Math's to a few ulp, and chains of up to four
 * ops amplify that. float32: GPU transcendentals are specified only to a few ulp of
 * f32 and SwiftShader's are at that bound.
 */
export const RTOL: Record<DType, number> = { float64: 1e-9, float32: 1e-4, int32: 0, uint32: 0, bool: 0 };

/**
 * The largest finite magnitude among the program's inputs. Quarter-integer inputs sum
 * exactly in any order, but a program that mixes them with values near the dtype's
 * limits can lose them to rounding in one grouping and not another: the error is then
 * relative to this scale, not to the result.
 */
export function inputScale(p: Program): number {
  const own = p.op === 'leaf' ? (p.values ? p.values.map(Number) : leafValues(p)).filter(Number.isFinite).map(Math.abs) : [];
  return Math.max(1, ...own, ...children(p).map(inputScale));
}

/** NaN only where NaN, the sign of zero kept, infinities exact, finite values within RTOL of the scale. */
export function agrees(a: number, b: number, dtype: DType, scale: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === 0 && b === 0) return Object.is(a, b);
  if (a === b) return true;
  return Math.abs(a - b) <= RTOL[dtype] * Math.max(scale, Math.abs(a), Math.abs(b));
}

/** Why two outcomes differ, or null when they agree: the same error class, or the same dtype, shape and (when compareValues) values. */
export function difference(ref: Outcome, got: Outcome, scale: number, compareValues = true): string | null {
  if ('error' in ref || 'error' in got) {
    const same = 'error' in ref && 'error' in got && ref.error === got.error;
    return same ? null : `reference ${describe(ref)}, backend ${describe(got)}`;
  }
  if (ref.dtype !== got.dtype) return `dtype: reference ${ref.dtype}, backend ${got.dtype}`;
  if (ref.shape.join() !== got.shape.join()) return `shape: reference (${ref.shape}), backend (${got.shape})`;
  if (!compareValues) return null;
  const bad = ref.values.findIndex((v, i) => !agrees(v, got.values[i]!, ref.dtype, scale));
  return bad < 0 ? null : `[${bad}] of ${ref.dtype} (${ref.shape}): reference ${fmt(ref.values[bad]!)}, backend ${fmt(got.values[bad]!)}`;
}

const fmt = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));
const describe = (o: Outcome): string => ('error' in o ? `${o.error}: ${o.message}` : `${o.dtype} (${o.shape})`);

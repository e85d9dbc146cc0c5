/**
 * Exponentially weighted mean, variance and standard deviation with pandas' semantics
 * (DataFrame.ewm(...).mean() / .var() / .std()). The decay is given as exactly one of
 *   alpha, span (α = 2 / (span + 1)), halflife (α = 1 - exp(-ln 2 / halflife)),
 *   com (α = 1 / (1 + com)).
 * adjust = true (default) weights x[t-i] by (1-α)^i and divides by the sum of the
 * weights; adjust = false is the recursion y[t] = (1-α) y[t-1] + α x[t]. NaNs are skipped;
 * with ignoreNa = false (default) the weights still count the positions NaNs occupy.
 *
 * Across a gap of g positions adjust=false gives y = ((1-α)^g y + α x) / ((1-α)^g + α),
 * the documented [x0, None, x2] example applied step by step (pandas' loop; with several
 * gaps the weights differ from α(1-α)^i, see pandas issue #31178). pandas' special case
 * for com = 1 in that loop, which resets the new weight across gaps, is not copied.
 *
 * Each is one lazy op of the table (graph/ops.ts EWM): one sequential pass per series,
 * pandas' ewma / ewmcov loops (src/backend/js/ewm.ts is the reference). This file checks
 * the arguments and names its functions in errors; the functions stay async, as they
 * were when they looped in JS here.
 */
import { ewmStatistic, type ArrayInput, type NDArray } from '../frontend/index.js';
import { asFloat, resolveAxis } from './axis.js';
import { ValueError } from './errors.js';

/**
 * Options of the exponentially weighted functions, as pandas' `ewm`: exactly one of alpha,
 * span, halflife or com sets the decay α (span s: α = 2 / (s + 1); com c: α = 1 / (1 + c);
 * halflife h: α = 1 - exp(-ln 2 / h)).
 */
export interface EwmOptions {
  alpha?: number;
  span?: number;
  halflife?: number;
  com?: number;
  /** Default true. */
  adjust?: boolean;
  /** Default false. */
  ignoreNa?: boolean;
  /** Fewest non-NaN observations so far for a result; default 0 (pandas treats it as 1). */
  minPeriods?: number;
  /** The time axis. Default 0. */
  axis?: number;
}

/** Options of `risk.ewmVar` and `risk.ewmStd`. */
export interface EwmVarOptions extends EwmOptions {
  /** Biased (weighted population) variance; default false, which applies pandas' (Σw)² / ((Σw)² - Σw²) correction. */
  bias?: boolean;
}

/** α from whichever of alpha / span / halflife / com was given; the error names what was wrong. */
export function ewmAlpha(fn: string, o: EwmOptions): number {
  const given = (['alpha', 'span', 'halflife', 'com'] as const).filter((k) => o[k] !== undefined);
  if (given.length !== 1) {
    throw new ValueError(`${fn}: give exactly one of alpha, span, halflife, com (got ${given.length ? given.join(', ') : 'none'})`);
  }
  const [name] = given;
  const v = o[name!]!;
  switch (name!) {
    case 'alpha':
      if (!(v > 0 && v <= 1)) throw new ValueError(`${fn}: alpha must be in (0, 1], got ${v}`);
      return v;
    case 'span':
      if (!(v >= 1)) throw new ValueError(`${fn}: span must be at least 1, got ${v}`);
      return 2 / (v + 1);
    case 'halflife':
      if (!(v > 0)) throw new ValueError(`${fn}: halflife must be positive, got ${v}`);
      return 1 - Math.exp(-Math.LN2 / v);
    case 'com':
      if (!(v >= 0)) throw new ValueError(`${fn}: com must be non-negative, got ${v}`);
      return 1 / (1 + v);
  }
}

type EwmOp = Parameters<typeof ewmStatistic>[0];
type EwmAttrs = Parameters<typeof ewmStatistic>[3];

/** The op over the checked arguments; `bias` only matters to var and std. */
function weighted(op: EwmOp, fn: string, x: ArrayInput, o: EwmVarOptions): NDArray {
  const a = asFloat(x);
  const minPeriods = o.minPeriods ?? 0;
  if (!Number.isInteger(minPeriods) || minPeriods < 0) throw new ValueError(`${fn}: minPeriods must be a non-negative integer, got ${minPeriods}`);
  const axis = resolveAxis(fn, o.axis ?? 0, a.ndim);
  const attrs: EwmAttrs = {
    alpha: ewmAlpha(fn, o),
    adjust: o.adjust ?? true,
    ignoreNa: o.ignoreNa ?? false,
    minPeriods: Math.max(minPeriods, 1),
    bias: op !== 'ewmMean' && (o.bias ?? false),
  };
  return ewmStatistic(op, a, axis, attrs);
}

/** Exponentially weighted mean (pandas' ewma). Async. */
export async function ewmMean(x: ArrayInput, options: EwmOptions = {}): Promise<NDArray> {
  return weighted('ewmMean', 'ewmMean', x, options);
}

/**
 * Exponentially weighted variance (pandas' ewmcov of a series with itself): a weighted
 * Welford update of the mean and the second moment, with the running Σw and Σw² that
 * the unbiased correction needs. Async.
 */
export async function ewmVar(x: ArrayInput, options: EwmVarOptions = {}): Promise<NDArray> {
  return weighted('ewmVar', 'ewmVar', x, options);
}

/** Square root of ewmVar (negative rounding residue clipped to 0, as pandas' zsqrt). Async. */
export async function ewmStd(x: ArrayInput, options: EwmVarOptions = {}): Promise<NDArray> {
  return weighted('ewmStd', 'ewmVar', x, options);
}

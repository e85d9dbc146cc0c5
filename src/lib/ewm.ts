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
 * The recursions are sequential along each series (pandas' ewma/ewmcov loops), so these
 * read the input (`await x.data()`), run in JS and return a new array: they are async.
 */
import type { ArrayInput, NDArray } from '../frontend/index.js';
import { asFloat, forEachSeries, resolveAxis, resultArray } from './axis.js';
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

interface Prepared {
  a: NDArray;
  axis: number;
  alpha: number;
  adjust: boolean;
  ignoreNa: boolean;
  minPeriods: number;
}

function prepare(fn: string, x: ArrayInput, o: EwmOptions): Prepared {
  const a = asFloat(x);
  const minPeriods = o.minPeriods ?? 0;
  if (!Number.isInteger(minPeriods) || minPeriods < 0) throw new ValueError(`${fn}: minPeriods must be a non-negative integer, got ${minPeriods}`);
  return {
    a,
    axis: resolveAxis(fn, o.axis ?? 0, a.ndim),
    alpha: ewmAlpha(fn, o),
    adjust: o.adjust ?? true,
    ignoreNa: o.ignoreNa ?? false,
    minPeriods: Math.max(minPeriods, 1),
  };
}

async function perSeries(p: Prepared, run: (src: ArrayLike<number>, out: Float64Array, base: number, stride: number, n: number) => void): Promise<NDArray> {
  const src = await p.a.data();
  const out = new Float64Array(src.length);
  forEachSeries(p.a.shape, p.axis, (base, stride, n) => run(src, out, base, stride, n));
  return resultArray(out, p.a.shape, p.a);
}

/** Exponentially weighted mean (pandas' ewma). Async. */
export async function ewmMean(x: ArrayInput, options: EwmOptions = {}): Promise<NDArray> {
  const p = prepare('ewmMean', x, options);
  const decay = 1 - p.alpha;
  const newWeight = p.adjust ? 1 : p.alpha;
  return perSeries(p, (src, out, base, stride, n) => {
    let mean = src[base]!;
    let nobs = mean === mean ? 1 : 0;
    let oldWeight = 1;
    out[base] = nobs >= p.minPeriods ? mean : NaN;
    for (let t = 1; t < n; t++) {
      const x = src[base + t * stride]!;
      const observed = x === x;
      if (observed) nobs++;
      if (mean === mean) {
        if (observed || !p.ignoreNa) {
          oldWeight *= decay;
          if (observed) {
            // Skipping the update for an equal value keeps a constant series exactly constant.
            if (mean !== x) mean = (oldWeight * mean + newWeight * x) / (oldWeight + newWeight);
            oldWeight = p.adjust ? oldWeight + newWeight : 1;
          }
        }
      } else if (observed) {
        mean = x;
      }
      out[base + t * stride] = nobs >= p.minPeriods ? mean : NaN;
    }
  });
}

/**
 * Exponentially weighted variance (pandas' ewmcov of a series with itself): a weighted
 * Welford update of the mean and the second moment, with the running Σw and Σw² that
 * the unbiased correction needs. Async.
 */
export async function ewmVar(x: ArrayInput, options: EwmVarOptions = {}): Promise<NDArray> {
  const p = prepare('ewmVar', x, options);
  const bias = options.bias ?? false;
  const decay = 1 - p.alpha;
  const newWeight = p.adjust ? 1 : p.alpha;
  return perSeries(p, (src, out, base, stride, n) => {
    let mean = src[base]!;
    let nobs = mean === mean ? 1 : 0;
    let moment = 0;
    let sumW = 1;
    let sumW2 = 1;
    let oldWeight = 1;
    out[base] = nobs >= p.minPeriods && bias ? 0 : NaN;
    for (let t = 1; t < n; t++) {
      const x = src[base + t * stride]!;
      const observed = x === x;
      if (observed) nobs++;
      if (mean === mean) {
        if (observed || !p.ignoreNa) {
          sumW *= decay;
          sumW2 *= decay * decay;
          oldWeight *= decay;
          if (observed) {
            const oldMean = mean;
            if (mean !== x) mean = (oldWeight * oldMean + newWeight * x) / (oldWeight + newWeight);
            const d = oldMean - mean;
            moment = (oldWeight * (moment + d * d) + newWeight * (x - mean) * (x - mean)) / (oldWeight + newWeight);
            sumW += newWeight;
            sumW2 += newWeight * newWeight;
            oldWeight += newWeight;
            if (!p.adjust) {
              sumW /= oldWeight;
              sumW2 /= oldWeight * oldWeight;
              oldWeight = 1;
            }
          }
        }
      } else if (observed) {
        mean = x;
      }
      let v = NaN;
      if (nobs >= p.minPeriods) {
        if (bias) v = moment;
        else {
          const num = sumW * sumW;
          const den = num - sumW2;
          v = den > 0 ? (num / den) * moment : NaN;
        }
      }
      out[base + t * stride] = v;
    }
  });
}

/** Square root of ewmVar (negative rounding residue clipped to 0, as pandas' zsqrt). Async. */
export async function ewmStd(x: ArrayInput, options: EwmVarOptions = {}): Promise<NDArray> {
  const v = await ewmVar(x, options);
  return v.maximum(0).sqrt();
}

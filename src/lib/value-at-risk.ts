/**
 * Value at Risk and expected shortfall (CVaR) at a confidence `level` (default 0.99),
 * as positive losses: for P&L or returns x, VaR is minus the (1 - level) quantile of x
 * and expected shortfall is minus the mean of the worst (1 - level) fraction of x.
 */
import { np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { asFloat, requireNonEmpty, resolveAxis, sliceAlong } from './axis.js';
import { ValueError } from './errors.js';
import { normalPpf } from './normal.js';
import { quantile, type QuantileMethod } from './quantile.js';

/** Options of the VaR and expected-shortfall functions: the confidence level and the axis of observations. */
export interface TailOptions {
  /** Confidence level in (0, 1); the tail holds 1 - level of the outcomes. Default 0.99. */
  level?: number;
  /** Axis of the observations; null flattens. Default 0 (rows are periods or scenarios). */
  axis?: number | null;
}

export function checkLevel(fn: string, level: number): number {
  if (!(level > 0 && level < 1)) throw new ValueError(`${fn}: level must be in (0, 1), e.g. 0.99, got ${level}`);
  return level;
}

/**
 * Historical VaR: -quantile(x, 1 - level) with NumPy's quantile `method` (default
 * 'linear'). A NaN along the axis gives NaN. Lazy.
 */
export function historicalVar(x: ArrayInput, options: TailOptions & { method?: QuantileMethod } = {}): NDArray {
  const level = checkLevel('historicalVar', options.level ?? 0.99);
  return quantile(x, 1 - level, { axis: options.axis === undefined ? 0 : options.axis, method: options.method ?? 'linear' }).neg();
}

/**
 * The number of observations in the tail, n (1 - level). When it is within 1e-9 of an
 * integer it is that integer: 1000 × (1 - 0.99) is 10.000000000000009 in floating point,
 * and a phantom 9e-15 of an eleventh observation would only add noise.
 */
export function tailSize(n: number, level: number): number {
  const t = n * (1 - level);
  const r = Math.round(t);
  return Math.abs(t - r) <= 1e-9 * Math.max(1, t) ? r : t;
}

/**
 * Historical expected shortfall (CVaR), the Acerbi-Tasche estimator: with x sorted
 * ascending and t = n (1 - level) observations in the tail,
 *   ES = -(x₁ + … + x_⌊t⌋ + (t - ⌊t⌋) x_⌊t⌋₊₁) / t,
 * the mean of exactly the worst (1 - level) fraction, counting a fraction of the
 * boundary observation (Acerbi & Tasche, "On the coherence of expected shortfall",
 * 2002). It is coherent and never below the VaR at the same level. Lazy.
 */
export function historicalCvar(x: ArrayInput, options: TailOptions = {}): NDArray {
  const level = checkLevel('historicalCvar', options.level ?? 0.99);
  let a = asFloat(x);
  const flat = options.axis === null;
  if (flat) a = a.reshape(-1);
  const axis = flat ? 0 : resolveAxis('historicalCvar', options.axis ?? 0, a.ndim);
  const n = requireNonEmpty('historicalCvar', a, axis);
  const sorted = np.sort(a, axis);
  const t = tailSize(n, level);
  const whole = Math.floor(t);
  const fraction = t - whole;
  let tail = whole > 0 ? sliceAlong(sorted, axis, `:${whole}`).sum(axis) : np.zerosLike(sliceAlong(sorted, axis, '0:1').squeeze(axis));
  if (fraction > 0) tail = tail.add(sliceAlong(sorted, axis, `${whole}:${whole + 1}`).squeeze(axis).mul(fraction));
  const hasNaN = sliceAlong(sorted, axis, `${n - 1}:${n}`).squeeze(axis).isnan();
  return np.where(hasNaN, NaN, tail.div(-t));
}

/**
 * Parametric (variance-covariance) VaR of a normal P&L with the given mean and standard
 * deviation: std Φ⁻¹(level) - mean, elementwise over arrays. Φ⁻¹ is Wichura's AS 241
 * (`normalPpf`), evaluated once in JS. Lazy.
 */
export function parametricVar(mean: ArrayInput, std: ArrayInput, options: { level?: number } = {}): NDArray {
  const level = checkLevel('parametricVar', options.level ?? 0.99);
  return np.sub(np.mul(std, normalPpf(level)), mean);
}

/** Expected shortfall of a normal P&L: std φ(z) / (1 - level) - mean with z = Φ⁻¹(level). Lazy. */
export function parametricCvar(mean: ArrayInput, std: ArrayInput, options: { level?: number } = {}): NDArray {
  const level = checkLevel('parametricCvar', options.level ?? 0.99);
  const z = normalPpf(level);
  const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  return np.sub(np.mul(std, density / (1 - level)), mean);
}

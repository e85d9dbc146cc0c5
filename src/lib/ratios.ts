/**
 * Risk-adjusted return ratios over the time axis, annualised the usual way: a mean of
 * per-period returns scales with the number of periods per year, a deviation with its
 * square root, so the ratio scales with √(periodsPerYear). Lazy.
 */
import { np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { asFloat, resolveAxis } from './axis.js';
import { ValueError } from './errors.js';

/** Options of `risk.sharpeRatio` and `risk.sortinoRatio`. */
export interface RatioOptions {
  /** Periods per year for annualising: 252 (default) for daily returns, 52 weekly, 12 monthly; 1 leaves the ratio per period. */
  periodsPerYear?: number;
  /** The time axis. Default 0. */
  axis?: number;
}

function excess(fn: string, returns: ArrayInput, hurdle: ArrayInput, o: RatioOptions): { ex: NDArray; axis: number; scale: number } {
  const r = asFloat(returns);
  const ppy = o.periodsPerYear ?? 252;
  if (!(ppy > 0)) throw new ValueError(`${fn}: periodsPerYear must be positive, got ${ppy}`);
  return { ex: r.sub(hurdle), axis: resolveAxis(fn, o.axis ?? 0, r.ndim), scale: Math.sqrt(ppy) };
}

/**
 * Sharpe ratio: mean(r - riskFree) / std(r - riskFree) · √periodsPerYear, with the sample
 * standard deviation (ddof 1, as empyrical and most references). riskFree is per period.
 */
export function sharpeRatio(returns: ArrayInput, options: RatioOptions & { riskFree?: ArrayInput; ddof?: number } = {}): NDArray {
  const { ex, axis, scale } = excess('sharpeRatio', returns, options.riskFree ?? 0, options);
  return ex.mean(axis).div(ex.std({ axis, ddof: options.ddof ?? 1 })).mul(scale);
}

/**
 * Sortino ratio: mean(r - target) / downside deviation · √periodsPerYear, where the
 * downside deviation is √(mean(min(r - target, 0)²)) over all periods (Sortino & Price's
 * target semideviation, as empyrical). No period below target gives +Inf.
 */
export function sortinoRatio(returns: ArrayInput, options: RatioOptions & { target?: ArrayInput } = {}): NDArray {
  const { ex, axis, scale } = excess('sortinoRatio', returns, options.target ?? 0, options);
  const downside = np.minimum(ex, 0).square().mean(axis).sqrt();
  return ex.mean(axis).div(downside).mul(scale);
}

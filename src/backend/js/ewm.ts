import type { EwmAttrs } from '../../graph/node.js';
import type { EwmOp } from '../../graph/ops.js';

/**
 * One series' exponentially weighted statistic in float64 (the reference every backend
 * is diffed against), pandas' ewma / ewmcov loops step for step. The state starts empty
 * (mean NaN) and the first non-NaN entry starts it; from then on each step decays the
 * weight of the past by 1-α (a NaN position too, unless ignoreNa) and each observation
 * is a weighted Welford update of the mean and the second moment, with the running Σw
 * and Σw² the unbiased variance needs. adjust=false renormalises the weights after each
 * observation, so across a gap of g positions y = ((1-α)^g y + α x) / ((1-α)^g + α).
 * An equal value skips the mean's update, which keeps a constant series exactly constant.
 */
export function ewmSeries(op: EwmOp, { alpha, adjust, ignoreNa, minPeriods, bias }: EwmAttrs, x: Float64Array, out: Float64Array): void {
  const decay = 1 - alpha;
  const newWeight = adjust ? 1 : alpha;
  const moments = op !== 'ewmMean';
  let mean = NaN;
  let nobs = 0;
  let moment = 0;
  let sumW = 1;
  let sumW2 = 1;
  let oldWeight = 1;
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!;
    const observed = v === v;
    if (observed) nobs++;
    if (mean === mean) {
      if (observed || !ignoreNa) {
        sumW *= decay;
        sumW2 *= decay * decay;
        oldWeight *= decay;
        if (observed) {
          const oldMean = mean;
          if (mean !== v) mean = (oldWeight * oldMean + newWeight * v) / (oldWeight + newWeight);
          const d = oldMean - mean;
          moment = (oldWeight * (moment + d * d) + newWeight * (v - mean) * (v - mean)) / (oldWeight + newWeight);
          sumW += newWeight;
          sumW2 += newWeight * newWeight;
          oldWeight += newWeight;
          if (!adjust) {
            sumW /= oldWeight;
            sumW2 /= oldWeight * oldWeight;
            oldWeight = 1;
          }
        }
      }
    } else if (observed) {
      mean = v;
    }
    out[t] = nobs < minPeriods ? NaN : moments ? statistic(op, moment, sumW, sumW2, bias) : mean;
  }
}

/** var or std from the second moment: the unbiased variance is NaN while (Σw)² - Σw² is not positive. */
function statistic(op: EwmOp, moment: number, sumW: number, sumW2: number, bias: boolean): number {
  let variance = moment;
  if (!bias) {
    const num = sumW * sumW;
    const den = num - sumW2;
    variance = den > 0 ? (num / den) * moment : NaN;
  }
  return op === 'ewmStd' ? Math.sqrt(Math.max(variance, 0)) : variance;
}

import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, risk } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { expectClose, noisySeries, values } from './helpers.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

interface Spec {
  alpha: number;
  adjust: boolean;
  ignoreNa: boolean;
}

/**
 * The weights pandas defines, applied directly at every t as a weighted mean and variance
 * rather than as a running update. adjust=true (User Guide, "Exponentially weighted
 * window"): x[i] weighs (1-α)^(t-i). adjust=false is the recursion y = (1-α) y + α x, and
 * across a gap of g positions the documented example ([x0, None, x2] weighs (1-α)² and
 * α) gives y = ((1-α)^g y + α x) / ((1-α)^g + α): each observation rescales all earlier
 * weights by (1-α)^g / ((1-α)^g + α) and takes α / ((1-α)^g + α) itself. ignoreNa counts
 * positions among observations only. The unbiased variance multiplies the weighted
 * variance by (Σw)² / ((Σw)² - Σw²).
 */
function documented(x: ArrayLike<number>, { alpha, adjust, ignoreNa }: Spec, stat: 'mean' | 'var' | 'biasedVar'): number[] {
  const out: number[] = [];
  const obs: number[] = [];
  const w: number[] = [];
  let lastPos = -1;
  let k = 0;
  for (let t = 0; t < x.length; t++) {
    if (!Number.isNaN(x[t])) {
      const pos = ignoreNa ? k++ : t;
      if (adjust) {
        for (let j = 0; j < w.length; j++) w[j]! *= (1 - alpha) ** (pos - lastPos);
        w.push(1);
      } else if (w.length === 0) {
        w.push(1);
      } else {
        const c = (1 - alpha) ** (pos - lastPos);
        for (let j = 0; j < w.length; j++) w[j]! *= c / (c + alpha);
        w.push(alpha / (c + alpha));
      }
      obs.push(x[t]!);
      lastPos = pos;
    }
    if (obs.length === 0) {
      out.push(NaN);
      continue;
    }
    // With adjust, weights are (1-α)^(t - i) at time t; positions after the last observation scale them all alike, which the ratio ignores.
    const sw = w.reduce((a, b) => a + b, 0);
    const mean = obs.reduce((a, v, j) => a + w[j]! * v, 0) / sw;
    if (stat === 'mean') {
      out.push(mean);
      continue;
    }
    const biased = obs.reduce((a, v, j) => a + w[j]! * (v - mean) ** 2, 0) / sw;
    const sw2 = w.reduce((a, b) => a + b * b, 0);
    out.push(stat === 'biasedVar' ? biased : obs.length < 2 ? NaN : (biased * sw * sw) / (sw * sw - sw2));
  }
  return out;
}

describe('exponentially weighted statistics', () => {
  const x = noisySeries(120, 21, { nanRate: 0.2 });
  x[0] = NaN; // a leading gap, which pandas' recursions treat specially

  for (const adjust of [true, false]) {
    for (const ignoreNa of [false, true]) {
      const spec = { alpha: 0.15, adjust, ignoreNa };
      it(`matches pandas' documented weights with adjust=${adjust}, ignoreNa=${ignoreNa}`, async () => {
        expectClose(await values(await risk.ewmMean(x, spec)), documented(x, spec, 'mean'), { rtol: 1e-12, atol: 1e-14 });
        expectClose(await values(await risk.ewmVar(x, spec)), documented(x, spec, 'var'), { rtol: 1e-10, atol: 1e-13 });
        expectClose(await values(await risk.ewmVar(x, { ...spec, bias: true })), documented(x, spec, 'biasedVar'), { rtol: 1e-10, atol: 1e-13 });
        const std = documented(x, spec, 'var').map(Math.sqrt);
        expectClose(await values(await risk.ewmStd(x, spec)), std, { rtol: 1e-10, atol: 1e-13 });
      });
    }
  }

  it('derives alpha from span, halflife and com as pandas does', async () => {
    const y = Array.from(noisySeries(30, 3, { nanRate: 0 }));
    const byAlpha = (alpha: number) => risk.ewmMean(y, { alpha }).then(values);
    expectClose(await values(await risk.ewmMean(y, { span: 9 })), await byAlpha(0.2), { rtol: 1e-15 });
    expectClose(await values(await risk.ewmMean(y, { com: 4 })), await byAlpha(0.2), { rtol: 1e-15 });
    expectClose(await values(await risk.ewmMean(y, { halflife: 3 })), await byAlpha(1 - 0.5 ** (1 / 3)), { rtol: 1e-15 });
  });

  it('holds results back until minPeriods observations have arrived', async () => {
    const y = [1, NaN, 2, 3, 4];
    expectClose(await values(await risk.ewmMean(y, { alpha: 0.5, minPeriods: 3 })), [NaN, NaN, NaN, ...documented(y, { alpha: 0.5, adjust: true, ignoreNa: false }, 'mean').slice(3)]);
  });

  it('keeps a constant series exactly constant, with variance exactly zero', async () => {
    const y = new Array(50).fill(0.1);
    expect(new Set(await values(await risk.ewmMean(y, { span: 10 })))).toEqual(new Set([0.1]));
    expect((await values(await risk.ewmVar(y, { span: 10 }))).slice(1).every((v) => v === 0)).toBe(true);
  });

  it('runs down each column of a matrix (RiskMetrics-style volatility of several assets)', async () => {
    const cols = [1, 2, 3].map((s) => Array.from(noisySeries(40, s, { nanRate: 0.05 })));
    const got = await values(await risk.ewmStd(np.array(cols).T, { alpha: 0.06 }));
    const want = cols.map((c) => documented(c, { alpha: 0.06, adjust: true, ignoreNa: false }, 'var').map(Math.sqrt));
    expectClose(got, want[0]!.flatMap((_, t) => want.map((c) => c[t]!)), { rtol: 1e-10, atol: 1e-13 });
  });

  it('asks for exactly one decay parameter and says which were given', async () => {
    await expect(risk.ewmMean([1], {})).rejects.toThrow(/ewmMean: give exactly one of alpha, span, halflife, com \(got none\)/);
    await expect(risk.ewmVar([1], { span: 3, alpha: 0.5 })).rejects.toThrow(/\(got alpha, span\)/);
    await expect(risk.ewmStd([1], { alpha: 1.5 })).rejects.toThrow(/ewmVar: alpha must be in \(0, 1\], got 1.5/);
  });
});

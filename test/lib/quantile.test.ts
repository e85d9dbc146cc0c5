import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, risk, type QuantileMethod } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { decodeAll, expectClose, fixture, values } from './helpers.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

interface Case {
  sample: string;
  q: number[];
  method: QuantileMethod;
  axis?: number;
  expected: (number | string)[];
}
const { samples, cases } = fixture.quantile as { samples: Record<string, (number | string)[]>; cases: Case[] };

describe('quantile', () => {
  it.each(cases.map((c) => [`${c.sample}${c.axis === undefined ? '' : ` along axis ${c.axis}`}`, c.method, c] as const))(
    'matches np.quantile on %s with method %s',
    async (_, __, c) => {
      let x = np.array(decodeAll(samples[c.sample]!));
      if (c.axis !== undefined) x = x.reshape(9, 4);
      const got = risk.quantile(x, c.q, { method: c.method, axis: c.axis ?? null });
      expectClose(await values(got), decodeAll(c.expected), { rtol: 1e-15, atol: 1e-300 });
    },
  );

  it('gives the reduced shape for one q and puts the q axis first for a list, as NumPy', () => {
    const x = np.zeros([5, 3, 4]);
    expect(risk.quantile(x, 0.5, { axis: 1 }).shape).toEqual([5, 4]);
    expect(risk.quantile(x, [0.1, 0.9], { axis: 1 }).shape).toEqual([2, 5, 4]);
    expect(risk.quantile(x, 0.5).shape).toEqual([]);
    expect(risk.quantile(x, 0.5, { axis: 2, keepdims: true }).shape).toEqual([5, 3, 1]);
    expect(risk.quantile(x, [0.5], { keepdims: true }).shape).toEqual([1, 1, 1, 1]);
  });

  it('takes percentiles in percent', async () => {
    expect(await risk.percentile([1, 2, 3, 4, 5], 25).item()).toBe(2);
    expectClose(await values(risk.percentile([1, 2, 3, 4, 5], [10, 90], { method: 'lower' })), [1, 4]);
  });

  it('keeps float32 data in float32', () => {
    expect(risk.quantile(np.array([1, 2, 3], 'float32'), 0.3).dtype).toBe('float32');
  });

  it('refuses probabilities outside [0, 1], unknown methods and empty axes', () => {
    expect(() => risk.quantile([1, 2], 1.5)).toThrow(/quantile: quantiles must be in \[0, 1\], got 1.5/);
    expect(() => risk.percentile([1, 2], -1)).toThrow(/percentile: percentiles must be in \[0, 100\], got -1/);
    expect(() => risk.quantile([1, 2], 0.5, { method: 'hazen' as QuantileMethod })).toThrow(/quantile: method must be one of linear, lower, higher, nearest, midpoint, got 'hazen'/);
    expect(() => risk.quantile(np.zeros([0, 2]), 0.5, { axis: 0 })).toThrow(/quantile: axis 0 of shape \(0, 2\) is empty/);
  });

  it('sorts once and gathers, with no data-dependent work', () => {
    const plan = risk.quantile(np.ones([100]), [0.1, 0.5, 0.9]).plan();
    expect(plan.steps.filter((s) => s.ops.includes('sort')).length).toBe(1);
  });
});

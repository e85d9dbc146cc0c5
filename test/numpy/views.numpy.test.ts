/**
 * Views against NumPy 2: chains of slice (negative steps, clamped bounds, integer
 * indices, None, '...'), transpose / T, reshape (-1, of non-contiguous views),
 * broadcastTo, flip, squeeze and expandDims, each chain replayed step by step on a
 * NumPy array by the fixture generator and on a Quiver array here. A chain ending in a
 * step NumPy refuses must throw an error naming that step's op.
 *
 * Tolerances: exact. Views only move values; the one arithmetic step (mul by 0.5 or
 * add 1 on small integers) is exact too.
 */
import { TEST_INIT } from '../helpers/backend.js';
import { beforeAll, describe, it } from 'vitest';
import { init } from 'quiverjs';
import { expectMatches, expectRaises, loadFixture } from './oracle.js';
import { titled } from './ufunc-cases.js';
import { replay, type ViewCase, type ViewFixture } from './view-cases.js';

const fx = loadFixture<ViewFixture>('views');

const describeSteps = (c: ViewCase): string =>
  c.steps.map((s) => `${s.op}(${(s.args ?? []).map((x) => JSON.stringify(x)).join(', ')})`).join('.');

beforeAll(async () => {
  await init(TEST_INIT);
});

describe('views', () => {
  it.each(titled(fx.cases, (c) => `${c.title}: ${c.input}.${describeSteps(c)}`))('%s', async (_, c) => {
    if (c.raises !== undefined) return expectRaises(c.failedOp!, () => replay(fx, c));
    await expectMatches(replay(fx, c), c.expected!);
  });
});

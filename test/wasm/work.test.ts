/**
 * How the wasm backend weighs a kernel before waking a worker for it (work.ts): a body
 * of cheap ops needs many more elements than one of transcendental ops.
 */
import { describe, expect, it } from 'vitest';
import { np, type NDArray } from 'quiverjs';
import type { Body } from '../../src/kernel/program.js';
import { workOf } from '../../src/backend/wasm/work.js';

const bodyOf = (y: NDArray): Body => {
  const program = np.plan(y).steps[0]!.program;
  if (program.kind !== 'map') throw new Error(`expected a map kernel, got ${program.kind}`);
  return program.body;
};

describe('the work of a kernel', () => {
  const x = np.asarray(new Float64Array(1000));

  it('weighs a transcendental instruction as ten simple ones', () => {
    expect(workOf(bodyOf(x.exp()), 1000) / workOf(bodyOf(x.neg()), 1000)).toBe(11 / 2);
  });

  it('counts the elementwise bench expression at about one unit per element, and a negation at a twentieth of that', () => {
    const sq = x.mul(x);
    const typical = x.mul(2.5).sub(1).abs().sqrt().add(sq.neg().exp()).sub(sq.log1p());
    expect(workOf(bodyOf(typical), 1000)).toBeGreaterThan(950);
    expect(workOf(bodyOf(typical), 1000)).toBeLessThan(1050);
    expect(workOf(bodyOf(x.neg()), 1000)).toBe(1000 / 20);
  });
});

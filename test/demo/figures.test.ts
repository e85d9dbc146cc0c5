import { describe, expect, it } from 'vitest';
import { compareFigures, FIGURE_TOLERANCE } from './figures.js';

const reference = { backend: 'js', figures: { 'portfolio vol': 0.15, 'option book value': 2.9e6 } };
const quiet = () => {};

describe('the demo check of figures against the js backend', () => {
  it('accepts figures that differ in the last bits', () => {
    const run = { backend: 'wasm', figures: { 'portfolio vol': 0.15 * (1 + 1e-14), 'option book value': 2.9e6 * (1 - 1e-13) } };
    expect(compareFigures(run, reference, quiet)).toEqual([]);
  });

  it('names a figure beyond the tolerance and one that is missing', () => {
    const run = { backend: 'wasm', figures: { 'portfolio vol': 0.15 * (1 + 10 * FIGURE_TOLERANCE) } };
    const problems = compareFigures(run, reference, quiet);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^portfolio vol: wasm gives .*, js 0.15/);
    expect(problems[1]).toMatch(/^option book value: wasm gives undefined/);
  });
});

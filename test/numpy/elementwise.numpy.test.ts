/**
 * Every elementwise op the README lists against NumPy 2, on each dtype, over special values
 * (NaN, ±Inf, ±0, subnormals, huge values, halves, INT32_MIN, UINT32_MAX, ...): unary ops
 * over a value list, binary ops over every pair of values (a column broadcast against a
 * row), each binary op with a JS scalar on either side, hand-picked edge cases, and
 * astype from each dtype to each (float to integer only where the truncated value fits:
 * NumPy leaves other values to C, where the cast is undefined).
 *
 * Tolerances (what may differ from NumPy's value, and why):
 * - Integer and bool results: exact.
 * - Float results of arithmetic, sqrt, rounding, mod, floorDiv, comparisons, selection,
 *   casts: exact. IEEE-754 makes these correctly rounded; computing float32 in float64 and
 *   rounding once gives the same float32 (53 >= 2 * 24 + 2 bits), so no slack is owed.
 * - Float64 transcendental results: 4 ulp. NumPy's libm and JS Math are both
 *   faithfully rounded or better, not bit-identical.
 * - Float32 transcendental results: 1e-6 relative or 2 float32 ulp. NumPy computes in
 *   float32 with its own SIMD kernels; Quiver computes in float64 and rounds once.
 * - NaN must sit where NumPy's does, and a ±0 from NumPy must come back with its sign,
 *   except from minimum / maximum / clip on a tie of +0 and -0, where NumPy returns
 *   whichever operand its SIMD loop happens to keep.
 * The tables live in ufunc-cases.ts (UFUNC_ACCURACY, TRANSCENDENTAL_TOL), shared with
 * promotion.numpy.test.ts.
 */
import { TEST_INIT } from '../helpers/backend.js';
import { beforeAll, describe, it } from 'vitest';
import { init } from 'quiverjs';
import { loadFixture, type ArraySpec } from './oracle.js';
import { byOp, callMethod, opsOf, scalarText, titled, UfuncRunner, type UfuncCase } from './ufunc-cases.js';

interface Fixture {
  arrays: Record<string, ArraySpec>;
  unary: UfuncCase[];
  binary: UfuncCase[];
  scalar: UfuncCase[];
  special: UfuncCase[];
  casts: UfuncCase[];
}
const fx = loadFixture<Fixture>('elementwise');
const runner = new UfuncRunner(fx.arrays);

beforeAll(async () => {
  await init(TEST_INIT);
});

describe.each(opsOf(fx.unary))('np.%s', (op) => {
  it.each(titled(byOp(fx.unary, op), (c) => `matches NumPy on ${c.dtypeIn} special values`))('%s', (_, c) =>
    runner.run(c),
  );
});

describe.each(opsOf(fx.binary))('np.%s', (op) => {
  it.each(titled(byOp(fx.binary, op), (c) => `matches NumPy on every pair of ${c.dtypeIn} special values`))(
    '%s',
    (_, c) => runner.run(c),
  );
  it.each(
    titled(
      byOp(fx.scalar, op),
      (c) => `matches NumPy on ${c.dtypeIn} values with the JS scalar ${scalarText(c)} on the ${c.position}`,
    ),
  )('%s', (_, c) => runner.run(c));
});

describe('methods', () => {
  const cases = [...fx.unary, ...fx.binary].filter((c) => c.dtypeIn === 'float64' || c.dtypeIn === 'int32');
  it.each(titled(cases, (c) => `a.${c.op}(...) matches NumPy on ${c.dtypeIn} values`))('%s', (_, c) =>
    runner.run(c, callMethod),
  );
});

describe('edge cases NumPy pins down', () => {
  it.each(titled(fx.special, (c) => `${c.op} ${c.title}`))('%s', (_, c) => runner.run(c));
});

describe('np.astype', () => {
  const to = (c: UfuncCase): string => c.kwargs!.dtype!;
  it.each(titled(fx.casts, (c) => `casts ${c.dtypeIn} to ${to(c)} as NumPy does`))('%s', (_, c) => runner.run(c));
  it.each(titled(fx.casts, (c) => `a.astype('${to(c)}') matches NumPy on ${c.dtypeIn} values`))('%s', (_, c) =>
    runner.run(c, callMethod),
  );
});

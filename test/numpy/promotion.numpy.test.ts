/**
 * NumPy 2 (NEP 50) dtype promotion for Quiver's five dtypes, checked through ops:
 * every ordered pair of array dtypes under add, sub, mul, div, maximum, equal, less and
 * where; and every dtype with weak JS scalars (integers in and out of the dtype's range,
 * fractions, NaN, infinities, booleans) on either side. Where NumPy raises
 * (OverflowError for a JS integer the dtype cannot hold, TypeError for bool - bool),
 * Quiver must throw an error naming the op.
 *
 * Documented deviations checked here (README, Arrays and dtypes): int32 with uint32 is
 * float64 (NumPy: int64); bool with a JS integer is int32 (NumPy: int64, inferred from
 * Quiver's default int). The fixture records NumPy's own dtype as `numpyDtype`.
 *
 * Tolerances (ufunc-cases.ts): exact, NaN where NumPy has NaN and ±0 with NumPy's sign,
 * except pow and arctan2 (4 ulp in float64; 1e-6 relative or 2 ulp in float32, since
 * NumPy's libm and JS Math differ in the last bits) and the sign of a maximum of +0
 * and -0 (NumPy keeps whichever operand its SIMD loop does).
 */
import { TEST_INIT } from '../helpers/backend.js';
import { beforeAll, describe, it } from 'vitest';
import { init } from 'quiverjs';
import { loadFixture, type ArraySpec } from './oracle.js';
import { callMethod, scalarText, titled, UfuncRunner, type UfuncCase } from './ufunc-cases.js';

interface PairCase extends UfuncCase {
  left: string;
  right: string;
}
interface Fixture {
  arrays: Record<string, ArraySpec>;
  pairs: PairCase[];
  weak: UfuncCase[];
}
const fx = loadFixture<Fixture>('promotion');
const runner = new UfuncRunner(fx.arrays);

const outcome = (c: UfuncCase): string => (c.raises ? `raises like NumPy's ${c.raises}` : `gives ${c.dtype}`);

beforeAll(async () => {
  await init(TEST_INIT);
});

describe.each([...new Set(fx.pairs.map((c) => c.op))])('np.%s of two arrays', (op) => {
  const cases = fx.pairs.filter((c) => c.op === op);
  it.each(titled(cases, (c) => `${c.left} with ${c.right} ${outcome(c)}`))('%s', (_, c) => runner.run(c));
});

const DTYPES = ['float64', 'float32', 'int32', 'uint32', 'bool'];
const withArticle = (d: string): string => `${d.startsWith('i') ? 'an' : 'a'} ${d}`;

describe.each(DTYPES.map((d) => [withArticle(d), d]))('%s array with a weak JS scalar', (_, dtype) => {
  const cases = fx.weak.filter((c) => c.dtypeIn === dtype);
  it.each(titled(cases, (c) => `${c.op} with ${scalarText(c)} on the ${c.position} ${outcome(c)}`))('%s', (_, c) =>
    runner.run(c),
  );
});

describe('methods with a weak JS scalar', () => {
  const cases = fx.weak.filter((c) => c.position === 'right' && c.op === 'add');
  it.each(titled(cases, (c) => `${withArticle(c.dtypeIn!)} array .add(${scalarText(c)}) ${outcome(c)}`))('%s', (_, c) =>
    runner.run(c, callMethod),
  );
});

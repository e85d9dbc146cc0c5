/**
 * Reductions and scans against NumPy 2: sum prod mean var std (ddof 0 and 1) min max
 * any all over every axis combination of (2, 3, 4) arrays of each dtype, with and
 * without keepdims; argmin argmax nanargmin nanargmax and cumsum cumprod over each single
 * axis and the flattened array; and empty arrays (sum 0, prod 1, mean NaN, min raising
 * ValueError). One float64 input holds a NaN and an inf, so some slices reduce to NaN and
 * others not; nanargmin/nanargmax have inputs of their own (NaN placed first, last, beside
 * ties, signed zeros and infinities; all-NaN slices, which raise ValueError).
 *
 * Documented deviations (README, Arrays and dtypes): sum/prod/cumsum/cumprod of int32 and bool give int32,
 * of uint32 uint32 (NumPy: int64 / uint64; the fixture wraps NumPy's value to 32 bits,
 * which is what 32-bit accumulation gives); argmin/argmax and nanargmin/nanargmax give
 * int32. nanargmin/nanargmax skip NaN as NumPy documents them; where NumPy 2's code (NaN
 * replaced by an infinity) answers otherwise, the case expects the documented index and
 * records NumPy's as `numpyExpected`, with the reason in `deviation`.
 *
 * Tolerances, relative to `scale`, the largest finite |x| of the input (squared for var):
 * - integer and bool results, min, max, the arg reductions, any, all: exact;
 * - float64 sums, means, variances and scans: 1e-14 * scale plus 1e-14 relative
 *   (NumPy adds pairwise in blocks of 8, Quiver in its own order);
 * - float32 ones: 1e-6 * scale plus 1e-6 relative (NumPy accumulates in float32,
 *   Quiver in float64 and rounds once: on these inputs they differ by a few ulp);
 * - prod and cumprod: relative only (1e-13 float64, 1e-5 float32), products scale.
 * A ±0 from NumPy must come back with its sign (sums start from +0, so -0 + -0 sums
 * to +0 while products and running sums keep -0), except from min / max, which
 * return whichever of two tied zeros NumPy's loop keeps.
 */
import { TEST_INIT } from '../helpers/backend.js';
import { beforeAll, describe, it } from 'vitest';
import { init } from 'quiverjs';
import type { EwmOp, OTHER, OtherOp, ReduceOp, RollingOp } from '../../src/graph/ops.js';
import { decode, EXACT, expectOutcome, loadFixture, type ArraySpec, type Tolerance } from './oracle.js';
import { reduce, type ReduceCase, type ReduceFixture } from './reduce-cases.js';
import { titled } from './ufunc-cases.js';

const REL: Record<'float32' | 'float64', number> = { float64: 1e-14, float32: 1e-6 };
const SCALED: Record<'float32' | 'float64', number> = { float64: 1e-14, float32: 1e-6 };
const PRODUCT_REL: Record<'float32' | 'float64', number> = { float64: 1e-13, float32: 1e-5 };

/** The scan ops of the table that NumPy has (cumsum, cumprod); the rolling and ewm ones are pandas' (test/lib/rolling*.test.ts, ewm*.test.ts). */
type ScanOp = Exclude<{ [K in OtherOp]: (typeof OTHER)[K]['kind'] extends 'scan' ? K : never }[OtherOp], RollingOp | EwmOp>;
/**
 * Which of the tolerances above each op's float results get: 'orderFree' (exact, and
 * either of two tied zeros), 'product' (PRODUCT_REL), 'sum' (REL plus SCALED times the
 * input's largest |x|) or 'sumOfSquares' (the same with its square). Keyed by the op
 * table's reductions and scans, so a new one does not compile until it has an entry,
 * and by mean and std, which compose sum and var.
 */
type Accumulation = 'orderFree' | 'product' | 'sum' | 'sumOfSquares';
const ACCUMULATION: { readonly [K in ReduceOp | ScanOp | 'mean' | 'std']: Accumulation } = {
  sum: 'sum', prod: 'product', min: 'orderFree', max: 'orderFree', any: 'orderFree', all: 'orderFree',
  var: 'sumOfSquares', argmin: 'orderFree', argmax: 'orderFree', nanargmin: 'orderFree', nanargmax: 'orderFree',
  cumsum: 'sum', cumprod: 'product', mean: 'sum', std: 'sum',
};

const fx = loadFixture<ReduceFixture>('reductions');

function scaleOf(spec: ArraySpec): number {
  const finite = spec.data.map((v) => Number(decode(v))).filter(Number.isFinite);
  return finite.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
}

function accumulation(c: ReduceCase): Accumulation {
  const a = (ACCUMULATION as Record<string, Accumulation | undefined>)[c.op];
  if (a === undefined) throw new Error(`${c.op}: no entry in ACCUMULATION`);
  return a;
}

function tolerance(c: ReduceCase): Tolerance {
  const d = c.expected?.dtype;
  const a = accumulation(c);
  if (a === 'orderFree' || (d !== 'float32' && d !== 'float64')) return EXACT;
  if (a === 'product') return { rel: PRODUCT_REL[d] };
  const scale = scaleOf(fx.inputs[c.input]!);
  return { rel: REL[d], abs: SCALED[d] * (a === 'sumOfSquares' ? scale * scale : scale) };
}

function title(c: ReduceCase): string {
  const over = c.axis === null ? 'over every axis' : Array.isArray(c.axis) ? `over axes [${c.axis.join(', ')}]` : `over axis ${c.axis}`;
  const options = [c.keepdims ? 'keeping dims' : '', c.ddof !== undefined ? `with ddof ${c.ddof}` : ''].filter(Boolean);
  const outcome = c.raises ? `raises like NumPy's ${c.raises}` : `matches NumPy (${c.expected!.dtype})`;
  return [c.op, over, ...options, outcome].join(' ');
}

beforeAll(async () => {
  await init(TEST_INIT);
});

describe.each(Object.keys(fx.inputs))('reducing the %s input', (input) => {
  const spec = fx.inputs[input]!;
  const cases = fx.cases.filter((c) => c.input === input);
  it.each(titled(cases, (c) => `${title(c)} for shape (${spec.shape.join(', ')})`))('%s', (_, c) =>
    expectOutcome(c.op, c, () => reduce(fx, c), { tol: tolerance(c), zeroSign: accumulation(c) !== 'orderFree' }),
  );
});

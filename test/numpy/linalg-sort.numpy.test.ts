/**
 * Products, sorting, gathering, joining and array construction against NumPy 2:
 * matmul / dot / outer over 1-D, 2-D and batched broadcasting shapes (and the shapes
 * NumPy refuses); stable sort / argsort with NaN last and -0 kept apart from 0 by
 * position; take / takeAlongAxis with negative and multi-dimensional indices; nonzero;
 * compress (with NumPy's short conditions); concatenate / stack / split; linspace,
 * arange and eye edge cases (negative and fractional steps, num 1, endpoint false).
 *
 * Documented deviations (README, Arrays and dtypes): argsort / nonzero give int32, arange with integer
 * arguments int32, int32 joined with uint32 float64 (NumPy: int64).
 *
 * Tolerances:
 * - sort, argsort, take, takeAlongAxis, nonzero, compress, concatenate, stack, split,
 *   eye and integer results: exact, ±0 with NumPy's sign (they only move values);
 * - float64 products: exact (the inputs are small integers, so every sum is exact);
 * - float32 products: 4 ulp or 1e-6 relative plus 1e-5 absolute (NumPy's BLAS and
 *   Quiver's wasm and webgpu backends accumulate in float32, each in its own order;
 *   the js backend in float64 and rounds once);
 * - linspace and arange floats: 4 ulp plus 4 float64 ulp of max(|start|, |stop|, |step|)
 *   (NumPy computes start + i * step with step rounded first; near zero the error is
 *   that of the endpoints, not of the result).
 */
import { TEST_INIT } from '../helpers/backend.js';
import { beforeAll, describe, it } from 'vitest';
import { init, type NDArray } from 'quiverjs';
import { LINALG_CALLS, type LinalgCase, type LinalgFixture, type LinalgKind, type LinalgResult } from './linalg-cases.js';
import { build, EXACT, expectMatches, expectRaises, loadFixture, type ArraySpec, type Tolerance } from './oracle.js';
import { titled } from './ufunc-cases.js';

const FLOAT32_PRODUCT: Tolerance = { ulps: 4, rel: 1e-6, abs: 1e-5 };
const RANGE_ULPS = 4;

/** Which tolerance above each kind's float results get: one entry per kind, so a new kind does not compile without one. */
type Accuracy = 'exact' | 'product' | 'range';
const ACCURACY: { readonly [K in LinalgKind]: Accuracy } = {
  matmul: 'product', dot: 'product', outer: 'product', sort: 'exact', argsort: 'exact', take: 'exact', takeAlongAxis: 'exact',
  nonzero: 'exact', compress: 'exact', concatenate: 'exact', stack: 'exact', split: 'exact', linspace: 'range', arange: 'range',
  eye: 'exact',
};

const fx = loadFixture<LinalgFixture>('linalg_sort');

function tolerance(kind: LinalgKind, c: LinalgCase, want: ArraySpec): Tolerance {
  if (want.dtype !== 'float32' && want.dtype !== 'float64') return EXACT;
  switch (ACCURACY[kind]) {
    case 'exact':
      return EXACT;
    case 'product':
      return want.dtype === 'float32' ? FLOAT32_PRODUCT : EXACT;
    case 'range': {
      const ends = kind === 'linspace' ? [c.start!, c.stop!] : c.args!;
      const scale = Math.max(...ends.map(Math.abs));
      return { ulps: RANGE_ULPS, abs: RANGE_ULPS * 2 ** -52 * scale };
    }
  }
}

async function check(kind: LinalgKind, c: LinalgCase): Promise<void> {
  const run = async (): Promise<LinalgResult> => LINALG_CALLS[kind](c, (c.inputs ?? []).map(build));
  if (c.raises !== undefined) return expectRaises(kind, run);
  const got = await run();
  const want = c.expected!;
  if (Array.isArray(want)) {
    const list = got as NDArray[];
    if (list.length !== want.length) throw new Error(`${kind}: ${list.length} arrays, NumPy ${want.length}`);
    for (const [i, w] of want.entries()) await expectMatches(list[i]!, w, { tol: tolerance(kind, c, w) });
  } else {
    await expectMatches(got as NDArray, want, { tol: tolerance(kind, c, want) });
  }
}

beforeAll(async () => {
  await init(TEST_INIT);
});

describe.each(Object.keys(LINALG_CALLS) as LinalgKind[])('np.%s', (kind) => {
  it.each(titled(fx[kind], (c) => c.title + (c.raises ? ` (NumPy raises ${c.raises})` : '')))('%s', (_, c) =>
    check(kind, c),
  );
});

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
 * - float32 products: 4 ulp or 1e-6 relative plus 1e-5 absolute (NumPy's BLAS
 *   accumulates in float32, Quiver in float64 and rounds once);
 * - linspace and arange floats: 4 ulp plus 4 float64 ulp of max(|start|, |stop|, |step|)
 *   (NumPy computes start + i * step with step rounded first; near zero the error is
 *   that of the endpoints, not of the result).
 */
import { TEST_INIT } from '../helpers/backend.js';
import { beforeAll, describe, it } from 'vitest';
import { init, np, type DType, type NDArray } from 'quiver';
import { build, EXACT, expectMatches, expectRaises, loadFixture, type ArraySpec, type Outcome, type Tolerance } from './oracle.js';
import { titled } from './ufunc-cases.js';

const FLOAT32_PRODUCT: Tolerance = { ulps: 4, rel: 1e-6, abs: 1e-5 };
const RANGE_ULPS = 4;

interface LinalgCase extends Outcome {
  title: string;
  inputs?: ArraySpec[];
  axis?: number | null;
  sections?: number | number[];
  start?: number;
  stop?: number;
  num?: number;
  endpoint?: boolean;
  dtype?: DType;
  args?: number[];
  n?: number;
  m?: number | null;
  k?: number;
  expected?: ArraySpec | ArraySpec[];
}
type Fixture = Record<string, LinalgCase[]>;
const fx = loadFixture<Fixture>('linalg_sort');

type Result = NDArray | NDArray[];

/** How each kind of case calls Quiver. */
const CALLS: Record<string, (c: LinalgCase, a: NDArray[]) => Result | Promise<Result>> = {
  matmul: (_, [a, b]) => np.matmul(a!, b!),
  dot: (_, [a, b]) => np.dot(a!, b!),
  outer: (_, [a, b]) => np.outer(a!, b!),
  sort: (c, [a]) => np.sort(a!, c.axis),
  argsort: (c, [a]) => np.argsort(a!, c.axis),
  take: (c, [a, i]) => np.take(a!, i!, c.axis),
  takeAlongAxis: (c, [a, i]) => np.takeAlongAxis(a!, i!, c.axis!),
  nonzero: (_, [a]) => np.nonzero(a!),
  compress: (c, [cond, a]) => np.compress(cond!, a!, c.axis),
  concatenate: (c, arrays) => np.concatenate(arrays, c.axis!),
  stack: (c, arrays) => np.stack(arrays, c.axis!),
  split: (c, [a]) => np.split(a!, c.sections!, c.axis!),
  linspace: (c) => np.linspace(c.start!, c.stop!, c.num, { endpoint: c.endpoint, ...(c.dtype ? { dtype: c.dtype } : {}) }),
  arange: (c) => {
    const [first, ...rest] = c.args!;
    if (!c.dtype) return np.arange(first!, ...rest);
    const [start, stop, step] = rest.length ? [first!, rest[0]!, rest[1] ?? 1] : [0, first!, 1];
    return np.arange(start, stop, step, c.dtype);
  },
  eye: (c) => np.eye(c.n!, c.m ?? undefined, c.k, c.dtype ?? undefined),
};

function tolerance(kind: string, c: LinalgCase, want: ArraySpec): Tolerance {
  if (want.dtype !== 'float32' && want.dtype !== 'float64') return EXACT;
  if (['matmul', 'dot', 'outer'].includes(kind)) return want.dtype === 'float32' ? FLOAT32_PRODUCT : EXACT;
  if (kind === 'linspace' || kind === 'arange') {
    const ends = kind === 'linspace' ? [c.start!, c.stop!] : c.args!;
    const scale = Math.max(...ends.map(Math.abs));
    return { ulps: RANGE_ULPS, abs: RANGE_ULPS * 2 ** -52 * scale };
  }
  return EXACT;
}

async function check(kind: string, c: LinalgCase): Promise<void> {
  const run = async (): Promise<Result> => CALLS[kind]!(c, (c.inputs ?? []).map(build));
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

describe.each(Object.keys(CALLS))('np.%s', (kind) => {
  it.each(titled(fx[kind]!, (c) => c.title + (c.raises ? ` (NumPy raises ${c.raises})` : '')))('%s', (_, c) =>
    check(kind, c),
  );
});

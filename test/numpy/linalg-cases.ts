/**
 * Product, sorting, gathering, joining and construction fixture cases (linalg_sort.json):
 * one list of cases per public function, each with its inputs and options and NumPy's
 * outcome. This module calls the function a list is named after.
 */
import { np, type DType, type NDArray } from 'quiverjs';
import type { ArraySpec, Outcome } from './oracle.js';

export interface LinalgCase extends Outcome {
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

export type LinalgResult = NDArray | NDArray[];

/** How each kind of case calls Quiver, given its inputs built (nonzero and compress read their input first: a promise). */
export const LINALG_CALLS = {
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
} satisfies Record<string, (c: LinalgCase, inputs: NDArray[]) => LinalgResult | Promise<LinalgResult>>;

export type LinalgKind = keyof typeof LINALG_CALLS;
export type LinalgFixture = { [K in LinalgKind]: LinalgCase[] };

import { np } from '../src/index.js';
import { uniformArray } from './data.js';
import { dataOf, type Case, type Suite } from './harness.js';

/**
 * The 10-op expression of elementwise.bench.ts, sqrt(|2.5x - 1|) + exp(-x²) - log1p(x²),
 * over values that arrive fresh on each call, as in a loop over incoming batches:
 * `np.array(values)` and then the expression. Each call is a new buffer, so the result
 * cache never answers, and at 1,000 elements the time is per-evaluation overhead (graph
 * building, optimizing, the launch) that the plan cache (#13) is meant to remove.
 * Plain JS copies the values into a Float64Array too, then loops.
 */
function expressionPlain(values: readonly number[], into?: Float64Array): Float64Array {
  const x = into ?? Float64Array.from(values);
  if (into) into.set(values);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const sq = v * v;
    x[i] = Math.sqrt(Math.abs(v * 2.5 - 1)) + Math.exp(-sq) - Math.log1p(sq);
  }
  return x;
}

function freshExpression(n: number): Case {
  const values = Array.from(uniformArray(n, -2, 2, 7));
  return {
    task: '10-op elementwise f64, fresh data each call',
    size: n.toLocaleString('en-US'),
    dtype: 'float64',
    jsReference: true,
    inputs: [],
    quiver: () => {
      const x = np.array(values);
      const sq = x.mul(x);
      const result = x.mul(2.5).sub(1).abs().sqrt().add(sq.neg().exp()).sub(sq.log1p());
      return dataOf(result).finally(() => x.dispose());
    },
    plain: () => expressionPlain(values),
  };
}

/**
 * The same loop reading each result into one array the caller keeps, `x.data({ into })`,
 * as plain JS writes into one it keeps: what a loop over batches saves by not
 * allocating a result per call.
 */
function freshExpressionInto(n: number): Case {
  const values = Array.from(uniformArray(n, -2, 2, 7));
  const quiverOut = new Float64Array(n);
  const plainOut = new Float64Array(n);
  return {
    task: '10-op elementwise f64, fresh data, into',
    size: n.toLocaleString('en-US'),
    dtype: 'float64',
    jsReference: true,
    inputs: [],
    quiver: async () => {
      const x = np.array(values);
      const sq = x.mul(x);
      const result = x.mul(2.5).sub(1).abs().sqrt().add(sq.neg().exp()).sub(sq.log1p());
      try {
        return await result.data({ into: quiverOut });
      } finally {
        result.dispose();
        x.dispose();
      }
    },
    plain: () => expressionPlain(values, plainOut),
  };
}

export const freshData: Suite = { name: 'fresh-data', cases: () => [freshExpression(1_000), freshExpressionInto(1_000)] };

import { np } from '../src/index.js';
import { shortDType, uniformArray, uniformOf, type FloatDType } from './data.js';
import { dataOf, type Case, type Suite } from './harness.js';

/**
 * A 10-op elementwise expression, sqrt(|2.5x - 1|) + exp(-x²) - log1p(x²):
 * mul, sub, abs, sqrt, mul, neg, exp, add, log1p, sub. At 1,000 elements the time is
 * mostly per-evaluation overhead (graph building, scheduling); at 1M it is throughput.
 */
function expressionPlain(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const sq = v * v;
    out[i] = Math.sqrt(Math.abs(v * 2.5 - 1)) + Math.exp(-sq) - Math.log1p(sq);
  }
  return out;
}

function expression(n: number): Case {
  const data = uniformArray(n, -2, 2, 1);
  const x = np.array(data); // copied once: backends keep their copy between evaluations, as in a loop over the same data
  return {
    task: '10-op elementwise f64',
    size: n.toLocaleString('en-US'),
    dtype: 'float64',
    jsReference: n <= 1_000,
    inputs: [x],
    quiver: () => {
      const sq = x.mul(x);
      return dataOf(x.mul(2.5).sub(1).abs().sqrt().add(sq.neg().exp()).sub(sq.log1p()));
    },
    plain: () => expressionPlain(data),
  };
}

/**
 * One transcendental op alone over 4M (2^22) elements, against the Math.exp / Math.log
 * loop a user would write: its throughput with nothing fused around it (ms / 4.19 is ns
 * per element). exp reads [-20, 20] and log [0.001, 1000]: inside the functions' lane
 * path (wasm/src/math/exp.rs, log.rs), as most data is, rather than its scalar fallback
 * for special values.
 */
function transcendental(op: 'exp' | 'log', dtype: FloatDType, n: number): Case {
  const data = op === 'exp' ? uniformOf(dtype, n, -20, 20, 3) : uniformOf(dtype, n, 1e-3, 1000, 5);
  const x = np.array(data);
  const f = op === 'exp' ? Math.exp : Math.log;
  return {
    task: `${op} ${shortDType(dtype)}`,
    size: n.toLocaleString('en-US'),
    dtype,
    inputs: [x],
    quiver: () => dataOf(op === 'exp' ? x.exp() : x.log()),
    plain: () => {
      const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = f(data[i]!);
      return out;
    },
  };
}

const TRANSCENDENTAL_N = 4 * 1024 * 1024;

export const elementwise: Suite = {
  name: 'elementwise',
  cases: () => [
    expression(1_000),
    expression(1_000_000),
    ...(['exp', 'log'] as const).flatMap((op) =>
      (['float32', 'float64'] as const).map((dtype) => transcendental(op, dtype, TRANSCENDENTAL_N)),
    ),
  ],
};

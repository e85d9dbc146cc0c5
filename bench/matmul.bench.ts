import { np } from '../src/index.js';
import { shortDType, uniformOf, type FloatArray, type FloatDType } from './data.js';
import { dataOf, type Case, type Suite } from './harness.js';

/**
 * Square row-major matmul in the cache-friendly i-k-j order most hand-written versions
 * reach for, accumulating in the arrays' own dtype. On the 2-core AMD EPYC bench machine
 * i-j-k, i-j-k over a transposed b and i-k-j with hoisted row offsets all measured within
 * 30% of it at 128 and 256 (float64).
 */
function matmulPlain(a: FloatArray, b: FloatArray, n: number): FloatArray {
  const c = a instanceof Float32Array ? new Float32Array(n * n) : new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j]!;
    }
  }
  return c;
}

/**
 * Plain JS runs up to 1024: the i-k-j loop is O(n³), so 2048 is 8x the work of the 1024
 * row above it (seconds per call there), too long for a benchmark run; its row says so
 * rather than extrapolating. 4096 is for webgpu rows only (issue 5).
 */
const PLAIN_MAX_N = 1024;

function square(n: number, dtype: FloatDType, only?: Case['only']): Case {
  const a = uniformOf(dtype, n * n, -1, 1, 3);
  const b = uniformOf(dtype, n * n, -1, 1, 4);
  const plain = n <= PLAIN_MAX_N ? { plain: () => matmulPlain(a, b, n) } : { plainSkipped: `not run: 8x the work of ${n / 2}x${n / 2} (i-k-j is O(n³))` };
  return {
    task: `matmul ${shortDType(dtype)}`,
    size: `${n}x${n}`,
    dtype,
    flops: 2 * n ** 3,
    inputs: [],
    // Fresh views (no copy) of the inputs per call: after dataOf disposed a product, the
    // next equal product on the same views still launched no kernel (wasm backend,
    // counted with counters()), so reusing views would time a cache hit.
    quiver: () => dataOf(np.asarray(a).reshape(n, n).matmul(np.asarray(b).reshape(n, n))),
    ...plain,
    ...(only ? { only } : {}),
  };
}

export const matmul: Suite = {
  name: 'matmul',
  cases: () => [square(256, 'float64'), square(512, 'float32'), square(1024, 'float32'), square(2048, 'float32'), square(4096, 'float32', ['webgpu'])],
};

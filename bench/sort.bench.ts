import { np } from '../src/index.js';
import { shortDType, uniformOf, type FloatDType } from './data.js';
import { dataOf, type Case, type Suite } from './harness.js';

/**
 * Ascending sort into a new array; plain JS copies and uses the typed array's numeric
 * sort. The float32 row is the one webgpu runs (WGSL has no f64).
 */
function sortCase(n: number, dtype: FloatDType, jsReference = false): Case {
  const data = uniformOf(dtype, n, -1, 1, 5);
  const x = np.array(data); // copied once: backends keep their copy between evaluations, as in a loop over the same data
  return {
    task: `sort ${shortDType(dtype)}`,
    size: n.toLocaleString('en-US'),
    dtype,
    jsReference,
    inputs: [x],
    quiver: () => dataOf(np.sort(x)),
    plain: () => data.slice().sort(),
  };
}

export const sort: Suite = {
  name: 'sort',
  cases: () => [sortCase(1_000, 'float64', true), sortCase(100_000, 'float64'), sortCase(100_000, 'float32')],
};

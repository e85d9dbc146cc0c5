import { np } from '../src/index.js';
import { uniformArray } from './data.js';
import type { Case, Suite } from './harness.js';

/** Ascending sort of float64 into a new array; plain JS copies and uses the typed array's numeric sort. */
function sortCase(n: number): Case {
  const data = uniformArray(n, -1, 1, 5);
  const x = np.asarray(data);
  return {
    task: 'sort f64',
    size: n.toLocaleString('en-US'),
    quiver: () => np.sort(x).data(),
    plain: () => data.slice().sort(),
  };
}

export const sort: Suite = { name: 'sort', cases: () => [sortCase(1_000), sortCase(100_000)] };

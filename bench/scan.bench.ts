import { np } from '../src/index.js';
import { uniformArray } from './data.js';
import { dataOf, type Case, type Suite } from './harness.js';

const N = 16_000_000;

/** A running sum into a new array, in the order a user's loop adds (sequential). */
function cumsumPlain(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) out[i] = s += x[i]!;
  return out;
}

/** cumsum of 16M float64. */
function cumsum(): Case {
  const data = uniformArray(N, -1, 1, 31);
  const x = np.array(data); // copied once: backends keep their copy between evaluations, as in a loop over the same data
  return {
    task: 'cumsum f64',
    size: N.toLocaleString('en-US'),
    dtype: 'float64',
    inputs: [x],
    quiver: () => dataOf(x.cumsum()),
    plain: () => cumsumPlain(data),
  };
}

export const scan: Suite = { name: 'scan', cases: () => [cumsum()] };

import { np, risk } from '../src/index.js';
import { greeks as greeksPlain } from '../examples/risk/plain-options.js';
import type { OptionBook } from '../examples/risk/model.js';
import { uniformArray } from './data.js';
import type { Suite } from './harness.js';

const N = 1_000_000;

/**
 * Black-Scholes-Merton price and its five greeks for a book of calls and puts in float64:
 * `risk.blackScholes` read with one np.compute (one kernel with six outputs) against the
 * loop `npm start`'s plain-JS side runs (examples/risk/plain-options.ts, Hart's normal cdf).
 * Each sample disposes the six results, so the result cache never answers.
 */
function priceAndGreeks(): ReturnType<Suite['cases']>[number] {
  const callDraw = uniformArray(N, 0, 1, 25);
  const book: OptionBook = {
    spot: uniformArray(N, 80, 120, 21),
    strike: uniformArray(N, 80, 120, 22),
    time: uniformArray(N, 0.25, 2, 23),
    vol: uniformArray(N, 0.1, 0.5, 24),
    call: Uint8Array.from(callDraw, (u) => (u < 0.5 ? 1 : 0)),
    rate: 0.03,
    dividend: 0.01,
  };
  const [spot, strike, time, vol] = [book.spot, book.strike, book.time, book.vol].map((a) => np.array(a));
  const call = np.array(Array.from(book.call, (c) => c === 1));
  return {
    task: 'BS price + 5 greeks f64',
    size: `${N.toLocaleString('en-US')} options`,
    dtype: 'float64',
    inputs: [spot!, strike!, time!, vol!, call],
    quiver: async () => {
      const g = risk.blackScholes({ spot: spot!, strike: strike!, time: time!, vol: vol!, call, rate: book.rate, dividend: book.dividend });
      const outputs = [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho];
      try {
        return await np.compute(...outputs);
      } finally {
        outputs.forEach((o) => o.dispose());
      }
    },
    plain: () => greeksPlain(book),
  };
}

export const greeks: Suite = { name: 'greeks', cases: () => [priceAndGreeks()] };

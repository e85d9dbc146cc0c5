import { np, type NDArray } from '../src/index.js';
import { shortDType, uniformOf, type FloatArray, type FloatDType } from './data.js';
import { dataOf, type Case, type Suite } from './harness.js';

const N = 4_000_000;
const RATE = 0.03;

/** One book of options, each field a typed array of the case's dtype. */
interface Book {
  spot: FloatArray;
  strike: FloatArray;
  years: FloatArray;
  vol: FloatArray;
}

/**
 * Φ(x) by Hart's algorithm 5666 as given by West ("Better approximations to cumulative
 * normal functions", 2005), absolute error about 1e-15: JavaScript has no erf, and this
 * is the double-precision routine quant code copies. Quiver's side uses erfc (fdlibm's
 * method, within 2 ulp), so both sides are accurate to double precision.
 */
function normCdf(x: number): number {
  const z = Math.abs(x);
  let c = 0;
  if (z <= 37) {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      const n = ((((((0.0352624965998911 * z + 0.700383064443688) * z + 6.37396220353165) * z + 33.912866078383) * z + 112.079291497871) * z + 221.213596169931) * z + 220.206867912376);
      const d = (((((((0.0883883476483184 * z + 1.75566716318264) * z + 16.064177579207) * z + 86.7807322029461) * z + 296.564248779674) * z + 637.333633378831) * z + 793.826512519948) * z + 440.413735824752);
      c = (e * n) / d;
    } else {
      c = e / (z + 1 / (z + 2 / (z + 3 / (z + 4 / (z + 0.65))))) / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

/** Black-Scholes call prices, one option per iteration, in JS doubles, stored in the book's own dtype. */
function callPlain({ spot, strike, years, vol }: Book): FloatArray {
  const out = spot instanceof Float32Array ? new Float32Array(spot.length) : new Float64Array(spot.length);
  for (let i = 0; i < spot.length; i++) {
    const s = spot[i]!;
    const k = strike[i]!;
    const t = years[i]!;
    const v = vol[i]!;
    const volSqrtT = v * Math.sqrt(t);
    const d1 = (Math.log(s / k) + (RATE + 0.5 * v * v) * t) / volSqrtT;
    out[i] = s * normCdf(d1) - k * Math.exp(-RATE * t) * normCdf(d1 - volSqrtT);
  }
  return out;
}

/** Φ(x) = erfc(-x/√2) / 2, as src/lib/normal.ts writes it: one fused expression with the rest. */
const cdf = (x: NDArray): NDArray => x.mul(-Math.SQRT1_2).erfc().mul(0.5);

/** The same prices as one lazy expression over views of the book. */
function callQuiver([s, k, t, v]: NDArray[]): NDArray {
  const volSqrtT = v!.mul(t!.sqrt());
  const d1 = s!.div(k!).log().add(v!.mul(v!).mul(0.5).add(RATE).mul(t!)).div(volSqrtT);
  const d2 = d1.sub(volSqrtT);
  return s!.mul(cdf(d1)).sub(k!.mul(t!.mul(-RATE).exp()).mul(cdf(d2)));
}

function blackScholes(dtype: FloatDType): Case {
  const book: Book = {
    spot: uniformOf(dtype, N, 80, 120, 11),
    strike: uniformOf(dtype, N, 80, 120, 12),
    years: uniformOf(dtype, N, 0.25, 2, 13),
    vol: uniformOf(dtype, N, 0.1, 0.5, 14),
  };
  const inputs = [book.spot, book.strike, book.years, book.vol].map((a) => np.array(a)); // copied once, kept by the backend
  return {
    task: `Black-Scholes call ${shortDType(dtype)}`,
    size: `${N.toLocaleString('en-US')} options`,
    dtype,
    inputs,
    quiver: () => dataOf(callQuiver(inputs)),
    plain: () => callPlain(book),
  };
}

export const options: Suite = { name: 'options', cases: () => [blackScholes('float32'), blackScholes('float64')] };

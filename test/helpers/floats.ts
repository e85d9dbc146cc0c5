/** Float64 bit-level helpers for tests that walk the edges of math functions' ranges. */

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** The double with these high and low 32-bit words. */
export function fromWords(high: number, low: number): number {
  words[1] = high >>> 0;
  words[0] = low >>> 0;
  return bits[0]!;
}

/** The next double above (step 1) or below (step -1) a finite x. */
export function next(x: number, step: 1 | -1): number {
  if (x === 0) return step * Number.MIN_VALUE;
  bits[0] = x;
  const up = (x > 0) === (step > 0);
  const low = words[0]! + (up ? 1 : -1);
  words[1] = words[1]! + (low > 0xffff_ffff ? 1 : low < 0 ? -1 : 0);
  words[0] = low >>> 0;
  return bits[0]!;
}

/** Each edge with its two neighbours on either side, and the same for -edge. */
export const around = (edges: number[]): number[] =>
  edges.flatMap((e) => [e, -e]).flatMap((e) => [next(next(e, -1), -1), next(e, -1), e, next(e, 1), next(next(e, 1), 1)]);

/** Values whose results are exact in every correct implementation of most functions, sign of zero included. */
export const SPECIAL = [NaN, -NaN, Infinity, -Infinity, 0, -0, 1, -1, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE];

/**
 * The Monte Carlo's random numbers in plain JS, drawn exactly as Quiver draws them so the
 * two VaRs can be compared number for number: element i of a draw is Philox4x32-10 at
 * counter (i, 0, 0, 0) under the key, and a normal is Box-Muller on two 53-bit uniforms
 * built from words 0-1 and 2-3. One Philox call yields all four words, as any hand-written
 * counter-based generator would do.
 */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of a 32 x 32-bit product, exact via 16-bit halves. */
function mulhi(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const mid1 = ah * bl;
  const mid2 = al * bh;
  const carry = (((al * bl) >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (ah * bh + (mid1 >>> 16) + (mid2 >>> 16) + carry) >>> 0;
}

/** Standard normal number `index` of the stream under key (k0, k1). */
export function philoxNormal(index: number, k0: number, k1: number): number {
  let x0 = index >>> 0;
  let x1 = Math.floor(index / 4294967296) >>> 0;
  let x2 = 0;
  let x3 = 0;
  let a = k0 >>> 0;
  let b = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      a = (a + W0) >>> 0;
      b = (b + W1) >>> 0;
    }
    const hi0 = mulhi(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ a) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ b) >>> 0;
    x3 = lo0;
  }
  const u1 = ((x0 >>> 5) * 67108864 + (x1 >>> 6)) * 2 ** -53;
  const u2 = ((x2 >>> 5) * 67108864 + (x3 >>> 6)) * 2 ** -53;
  return Math.sqrt(Math.log(1 - u1) * -2) * Math.cos(u2 * (2 * Math.PI));
}

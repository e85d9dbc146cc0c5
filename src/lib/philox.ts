/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11)
 * for one counter at a time, in plain JS. `random.split` needs its words as JS numbers
 * at once, to name the new keys; everything else draws through `np.randomBits`, which
 * computes the same function inside kernels. (The engine's own scalar Philox sits below
 * the frontend, out of src/lib's reach.) Checked against the Random123 known-answer
 * vectors and against `np.randomBits` in test/lib/random.test.ts.
 */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9; // golden ratio: the Weyl step of key word 0
const W1 = 0xbb67ae85; // sqrt(3) - 1: the Weyl step of key word 1

/** High 32 bits of the 64-bit product of two uint32 (16-bit halves keep every partial product exact). */
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

/** The four output words of Philox4x32-10 for counter (c0, c1, c2, c3) under key (k0, k1). */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): [number, number, number, number] {
  let [x0, x1, x2, x3] = [c0 >>> 0, c1 >>> 0, c2 >>> 0, c3 >>> 0];
  k0 >>>= 0;
  k1 >>>= 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    [x0, x1, x2, x3] = [(hi1 ^ x1 ^ k0) >>> 0, lo1, (hi0 ^ x3 ^ k1) >>> 0, lo0];
  }
  return [x0, x1, x2, x3];
}

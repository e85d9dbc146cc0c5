/**
 * Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as
 * 1, 2, 3", SC'11): a counter-based generator, so element i's draw is a pure function
 * of (key, counter) and random numbers fuse into any kernel. Bit-identical to the
 * Rust kernel in wasm/src/philox.rs; both are checked against the Random123
 * known-answer vectors.
 */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9; // golden ratio: the Weyl step of key word 0
const W1 = 0xbb67ae85; // sqrt(3) - 1: the Weyl step of key word 1

/** High and low 32 bits of the 64-bit product of two uint32 (16-bit halves keep every partial product exact). */
function mulhilo(a: number, b: number, out: Uint32Array, hi: number, lo: number): void {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const mid1 = ah * bl;
  const mid2 = al * bh;
  const carry = ((ll >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  out[lo] = Math.imul(a, b);
  out[hi] = ah * bh + (mid1 >>> 16) + (mid2 >>> 16) + carry;
}

const scratch = new Uint32Array(4);

/** The four output words for one 128-bit counter and 64-bit key, written into `out`. */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array): void {
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    mulhilo(M0, out[0]!, scratch, 0, 1);
    mulhilo(M1, out[2]!, scratch, 2, 3);
    const x1 = out[1]!;
    const x3 = out[3]!;
    out[0] = scratch[2]! ^ x1 ^ k0;
    out[1] = scratch[3]!;
    out[2] = scratch[0]! ^ x3 ^ k1;
    out[3] = scratch[1]!;
  }
}

const words = new Uint32Array(4);

/**
 * Quiver's random stream: element i of stream s under key (k0, k1) is word `word` of
 * Philox4x32-10 at counter (i mod 2^32, floor(i / 2^32), s, 0). Every backend computes
 * exactly this, so results do not depend on the backend or the thread count.
 */
export function randomBits(i: number, key0: number, key1: number, stream: number, word: number): number {
  philox4x32(i >>> 0, Math.floor(i / 4294967296) >>> 0, stream >>> 0, 0, key0 >>> 0, key1 >>> 0, words);
  return words[word]!;
}

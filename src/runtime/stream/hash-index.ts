/**
 * Distinct numbers to dense codes in order of first appearance: open addressing with
 * linear probing over a power-of-two Float64Array, grown at half full. Its memory is two
 * flat arrays (no boxed numbers, no per-entry objects for the GC to trace). Speed is on a
 * par with Map<number, number> on many distinct keys.
 */
export class HashIndex {
  private slots: Float64Array;
  private codes: Int32Array;
  private mask: number;
  size = 0;
  private readonly scratch = new Float64Array(1);
  private readonly words = new Int32Array(this.scratch.buffer);

  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Float64Array(capacity);
    this.codes = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  /** A mix of both 32-bit halves (murmur3's finaliser), so small integers and fractional values both spread. */
  private hash(v: number): number {
    this.scratch[0] = v;
    let h = this.words[0]! ^ Math.imul(this.words[1]!, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & this.mask;
  }

  /** The code of v (+0 and -0 are one key), assigning the next one if v is new. */
  codeOf(value: number): number {
    const v = value + 0;
    let i = this.hash(v);
    for (;;) {
      const c = this.codes[i]!;
      if (c < 0) break;
      if (this.slots[i] === v) return c;
      i = (i + 1) & this.mask;
    }
    this.slots[i] = v;
    this.codes[i] = this.size;
    if (++this.size * 2 > this.codes.length) this.grow();
    return this.size - 1;
  }

  private grow(): void {
    const { slots, codes } = this;
    this.slots = new Float64Array(slots.length * 2);
    this.codes = new Int32Array(codes.length * 2).fill(-1);
    this.mask = this.codes.length - 1;
    for (let j = 0; j < codes.length; j++) {
      if (codes[j]! < 0) continue;
      let i = this.hash(slots[j]!);
      while (this.codes[i]! >= 0) i = (i + 1) & this.mask;
      this.slots[i] = slots[j]!;
      this.codes[i] = codes[j]!;
    }
  }
}

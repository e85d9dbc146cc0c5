import { rng } from '../helpers/rng.js';

export type Draw = () => number;

/** A seeded draw and the helpers a fuzz input is built from. */
export function draws(seed: number): { r: Draw; int: (n: number) => number; pick: <T>(xs: readonly T[]) => T } {
  const r = rng(seed);
  const int = (n: number): number => Math.floor(r() * n);
  return { r, int, pick: (xs) => xs[int(xs.length)]! };
}

/**
 * One random damage to a byte string, as files arrive damaged: cut short, a byte
 * flipped, a run dropped or repeated, garbage spliced in, a 32-bit little-endian word
 * overwritten with a huge, negative or off-by-some value (a lying length or offset).
 */
export function mutate(bytes: Uint8Array, seed: number, extra: readonly Uint8Array[] = []): Uint8Array {
  const { r, int, pick } = draws(seed);
  const n = bytes.byteLength;
  const at = int(n + 1);
  const splice = (insert: Uint8Array, wanted = 0): Uint8Array => {
    const drop = Math.min(wanted, n - at);
    const out = new Uint8Array(n - drop + insert.byteLength);
    out.set(bytes.subarray(0, at));
    out.set(insert, at);
    out.set(bytes.subarray(at + drop), at + insert.byteLength);
    return out;
  };
  switch (int(6)) {
    case 0:
      return bytes.slice(0, at);
    case 1: {
      const out = bytes.slice();
      if (n > 0) out[Math.min(at, n - 1)] ^= 1 << int(8);
      return out;
    }
    case 2:
      return splice(new Uint8Array(0), 1 + int(16));
    case 3:
      return splice(bytes.slice(at, at + 1 + int(64)));
    case 4:
      return splice(extra.length > 0 && r() < 0.7 ? pick(extra) : Uint8Array.from({ length: 1 + int(8) }, () => int(256)));
    default: {
      const out = bytes.slice();
      const word = (at >> 2) << 2;
      if (word + 4 > n) return out;
      const old = new DataView(out.buffer).getInt32(word, true);
      const lie = pick([0x7fffffff, -1, -(2 ** 31), old + 1 + int(1000), old * 1000, 0xffff]);
      new DataView(out.buffer).setInt32(word, lie | 0, true);
      return out;
    }
  }
}

/** Resolves to what `read` settles with, or rejects when it takes longer than `ms` (a reader that hangs). */
export async function settleWithin<T>(ms: number, read: () => Promise<T>): Promise<{ value: T } | { error: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hung for ${ms} ms`)), ms)));
  try {
    return { value: await Promise.race([read(), hang]) };
  } catch (error) {
    if ((error as Error).message === `hung for ${ms} ms`) throw error;
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

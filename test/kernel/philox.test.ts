import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { philox4x32, randomBits } from '../../src/kernel/philox.js';

const vectors = readFileSync(new URL('../fixtures/philox4x32-10.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => l.trim().split(/\s+/).map((h) => parseInt(h, 16)));

describe('Philox4x32-10 in TypeScript', () => {
  it.each(vectors.map((v, i) => [i, v] as const))('matches Random123 known-answer vector %i bit for bit', (_, v) => {
    const out = new Uint32Array(4);
    philox4x32(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, v[5]!, out);
    expect(Array.from(out)).toEqual(v.slice(6, 10));
  });

  it('numbers elements by a 64-bit counter split over the first two counter words', () => {
    const out = new Uint32Array(4);
    philox4x32(5, 1, 7, 0, 11, 13, out);
    expect(randomBits(2 ** 32 + 5, 11, 13, 7, 2)).toBe(out[2]);
  });
});

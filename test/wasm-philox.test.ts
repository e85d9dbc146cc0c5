import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The committed wasm/quiver.wasm checked bit-exactly against Random123's known-answer
// vectors, instantiated the way the wasm backend will: against a shared, imported memory.

interface Vector { counter: number[]; key: number[]; output: number[] }

const vectors: Vector[] = readFileSync(new URL('./fixtures/philox4x32-10.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  .map((line) => {
    const w = line.trim().split(/\s+/).map((h) => parseInt(h, 16));
    return { counter: w.slice(0, 4), key: w.slice(4, 6), output: w.slice(6, 10) };
  });

const memory = new WebAssembly.Memory({ initial: 17, maximum: 64, shared: true });
const module = new WebAssembly.Module(readFileSync(new URL('../wasm/quiver.wasm', import.meta.url)));
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as {
  philox4x32_10(out: number, n: number, k0: number, k1: number, c0: number, c1: number, c2: number, c3: number): void;
  __heap_base: WebAssembly.Global;
};
// Past the module's data and stack; the sentinel shows whether the kernel wrote past `n`.
const OUT = kernels.__heap_base.value as number;
const SENTINEL = 0xdeadbeef;

function philox(n: number, key: number[], counter: number[]): number[] {
  const words = new Uint32Array(memory.buffer, OUT, n + 1);
  words.fill(SENTINEL);
  kernels.philox4x32_10(OUT, n, key[0]!, key[1]!, counter[0]!, counter[1]!, counter[2]!, counter[3]!);
  expect(words[n]).toBe(SENTINEL);
  return Array.from(words.subarray(0, n));
}

const hex = (words: number[]) => words.map((w) => w.toString(16).padStart(8, '0'));

describe('wasm philox4x32_10', () => {
  it('reads all three known-answer vectors from the fixture', () => {
    expect(vectors).toHaveLength(3);
  });

  it.each(vectors.map((v) => [hex(v.counter).join(' '), v] as const))('matches the known answer at counter %s', (_, v) => {
    expect(hex(philox(4, v.key, v.counter))).toEqual(hex(v.output));
  });

  it('carries the block index through all four counter words', () => {
    const [zero] = vectors;
    const allOnes = [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff];
    // Block 1 of base 2^128 - 1 wraps to counter 0, which is the first vector's counter.
    expect(hex(philox(8, zero!.key, allOnes).slice(4))).toEqual(hex(zero!.output));
  });

  it('cuts the last block short when n is not a multiple of 4', () => {
    const ones = vectors[1]!;
    // Block 1 of base (2^128 - 2) is the all-ones counter of the second vector.
    const words = philox(6, ones.key, [0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff]);
    expect(hex(words.slice(4))).toEqual(hex(ones.output.slice(0, 2)));
  });
});

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, random, risk } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { philox4x32 } from '../../src/lib/philox.js';
import { normalRows } from '../../src/lib/random.js';
import { normalCdfScalar } from './normal-oracle.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

const vectors = readFileSync(new URL('../fixtures/philox4x32-10.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => l.trim().split(/\s+/).map((h) => parseInt(h, 16)));

describe('random keys', () => {
  it.each(vectors.map((v, i) => [i, v] as const))("computes Philox4x32-10 like Random123's known-answer vector %i", (_, v) => {
    expect(philox4x32(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, v[5]!)).toEqual(v.slice(6, 10));
  });

  it("maps a seed to its low and high 32-bit words", () => {
    expect(random.key(42)).toEqual([42, 0]);
    expect(random.key(2 ** 32 + 7)).toEqual([7, 1]);
    expect(random.key(Number.MAX_SAFE_INTEGER)).toEqual([2 ** 32 - 1, 2 ** 21 - 1]);
  });

  it('splits a key into the words np.randomBits draws on the reserved stream', async () => {
    const k = random.key(7);
    const keys = random.split(k, 5);
    const w0 = await np.randomBits(k, [5], { stream: 2 ** 32 - 1, word: 0 }).data();
    const w1 = await np.randomBits(k, [5], { stream: 2 ** 32 - 1, word: 1 }).data();
    expect(keys).toEqual(Array.from(w0, (w, i) => [w, w1[i]]));
    expect(new Set(keys.map((x) => x.join(','))).size).toBe(5);
    expect(random.split(k, 5)).toEqual(keys);
  });

  it('refuses seeds and keys that are not what they should be, naming the value', () => {
    expect(() => random.key(-1)).toThrow(/random.key: seed must be a non-negative safe integer, got -1/);
    expect(() => random.key(1.5)).toThrow(/got 1.5/);
    expect(() => random.uniform([1, 2 ** 32] as unknown as [number, number], [2])).toThrow(/random.uniform: key must be two uint32 integers.*\[1,4294967296\]/);
    expect(() => random.split([1, 2], -1)).toThrow(/random.split: n must be/);
    expect(() => random.normal([1, 2], [2], { dtype: 'int32' })).toThrow(/random.normal: dtype must be float32 or float64, got int32/);
  });
});

describe('random.uniform', () => {
  it('builds each float64 from 53 bits of words 0 and 1', async () => {
    const k = random.key(3);
    const [w0, w1, u] = await np.compute(np.randomBits(k, [64], { word: 0 }), np.randomBits(k, [64], { word: 1 }), random.uniform(k, [64]));
    const want = Array.from(w0!, (a, i) => ((a >>> 5) * 2 ** 26 + (w1![i]! >>> 6)) * 2 ** -53);
    expect(Array.from(u!)).toEqual(want);
  });

  it('builds each float32 from the top 24 bits of word 0', async () => {
    const k = random.key(4);
    const [w0, u] = await np.compute(np.randomBits(k, [64]), random.uniform(k, [64], { dtype: 'float32' }));
    expect(u).toBeInstanceOf(Float32Array);
    expect(Array.from(u!)).toEqual(Array.from(w0!, (a) => (a >>> 8) * 2 ** -24));
  });

  it('stays in [low, high) and spreads evenly over it', async () => {
    const u = await random.uniform(random.key(5), [100_000], { low: -2, high: 3 }).data();
    let lo = Infinity;
    let hi = -Infinity;
    const bins = new Array(10).fill(0);
    for (const v of u) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      bins[Math.floor((v + 2) * 2)]++;
    }
    expect(lo).toBeGreaterThanOrEqual(-2);
    expect(hi).toBeLessThan(3);
    // Each bin holds 10,000 ± 95 (binomial sd); 5 sd is a safe bound.
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });
});

describe('random.normal', () => {
  it('is Box-Muller on uniforms from words 0-1 and 2-3 of each element', async () => {
    const k = random.key(11);
    const bits = await np.compute(...[0, 1, 2, 3].map((word) => np.randomBits(k, [16], { word })));
    const z = await random.normal(k, [16]).data();
    const unit = (a: number, b: number) => ((a >>> 5) * 2 ** 26 + (b >>> 6)) * 2 ** -53;
    const want = Array.from({ length: 16 }, (_, i) => {
      const u1 = unit(bits[0]![i]!, bits[1]![i]!);
      const u2 = unit(bits[2]![i]!, bits[3]![i]!);
      return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    });
    expect(Array.from(z)).toEqual(want);
  });

  it('has the moments and the distribution of a standard normal (200,000 draws)', async () => {
    const z = await random.normal(random.key(12), [200_000]).data();
    const n = z.length;
    let m1 = 0;
    for (const v of z) m1 += v;
    m1 /= n;
    let m2 = 0;
    let m4 = 0;
    for (const v of z) {
      m2 += (v - m1) ** 2;
      m4 += (v - m1) ** 4;
    }
    m2 /= n;
    m4 /= n;
    // Standard errors: mean 0.0022, variance 0.0032, kurtosis 0.011; bounds at ~5 of them.
    expect(Math.abs(m1)).toBeLessThan(0.011);
    expect(Math.abs(m2 - 1)).toBeLessThan(0.016);
    expect(Math.abs(m4 / (m2 * m2) - 3)).toBeLessThan(0.06);
    // Kolmogorov-Smirnov distance against Φ: the 0.1% critical value is 1.95 / √n = 0.0044.
    const sorted = Float64Array.from(z).sort();
    let ks = 0;
    sorted.forEach((v, i) => {
      const f = normalCdfScalar(v);
      ks = Math.max(ks, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
    });
    expect(ks).toBeLessThan(0.0044);
  });

  it('never takes the logarithm of zero, even for the largest uniform', async () => {
    const z = await random.normal(random.key(13), [100_000], { dtype: 'float32' }).data();
    expect(z).toBeInstanceOf(Float32Array);
    expect(z.every(Number.isFinite)).toBe(true);
  });

  it('gives the same numbers fused and unfused, so any backend can reproduce them', async () => {
    const draw = () => random.normal(random.key(14), [3, 5], { mean: 1, std: 2 }).data();
    const fused = await draw();
    await init({ backend: 'js', fuse: false });
    const unfused = await draw();
    await init({ backend: 'js' });
    expect(Array.from(unfused)).toEqual(Array.from(fused));
  });

  it('numbers draws by position, so a slice of a big draw is the same slice of its values', async () => {
    const big = random.normal(random.key(15), [1000, 3]);
    const whole = await big.data();
    const part = await big.slice('500:503').data();
    expect(Array.from(part)).toEqual(Array.from(whole.subarray(1500, 1509)));
    expect(Array.from(await normalRows(random.key(15), [1000, 3], 500, 503).data())).toEqual(Array.from(part));
  });

  it('computes only the rows a block asks for, even when a matmul consumes them', () => {
    // 1000 of 1,000,000 rows of 50 normals: the block's kernel writes 1000 x 50 float64, not the whole draw.
    const block = normalRows(random.key(16), [1_000_000, 50], 2000, 3000).matmul(np.eye(50));
    const written = block.plan().steps.map((s) => s.bytesWritten);
    expect(Math.max(...written)).toBe(1000 * 50 * 8);
  });
});

describe('random.multivariateNormal', () => {
  it('draws with the requested mean and covariance', async () => {
    const mean = [0.01, -0.02, 0.5];
    const cov = [[0.04, 0.012, -0.01], [0.012, 0.09, 0.0], [-0.01, 0.0, 0.25]];
    const x = await random.multivariateNormal(random.key(16), mean, cov, 100_000);
    expect(x.shape).toEqual([100_000, 3]);
    const [m, c] = await np.compute(x.mean(0), risk.cov(x));
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(m![i]! - mean[i]!)).toBeLessThan(5 * Math.sqrt(cov[i]![i]! / 100_000));
      for (let j = 0; j < 3; j++) {
        // sd of a sample covariance ≈ √((σᵢ²σⱼ² + σᵢⱼ²) / n).
        const sd = Math.sqrt((cov[i]![i]! * cov[j]![j]! + cov[i]![j]! ** 2) / 100_000);
        expect(Math.abs(c![i * 3 + j]! - cov[i]![j]!)).toBeLessThan(5 * sd);
      }
    }
  });

  it('names the shapes when mean and covariance disagree', async () => {
    await expect(random.multivariateNormal(random.key(1), [0, 0], [[1]], 5)).rejects.toThrow(/mean \(2\) and cov \(1, 1\) must be \[d\] and \[d x d\]/);
  });
});

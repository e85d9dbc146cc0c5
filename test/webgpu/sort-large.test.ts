import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { np, type NDArray } from 'quiverjs';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { gpuBackend, initFrontend, rng, valuesOf } from './helpers.js';

let gpu: WebGpuBackend;
beforeAll(initFrontend);
// Each test awaits the (shared) backend itself: a missing adapter fails every test, it never skips one.
beforeEach(async () => {
  gpu = await gpuBackend();
});

/** NumPy's sort order: NaN after everything, -0 equal to +0. */
function before(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** float32 values with many ties (so stability shows across blocks), NaN, infinities and both zeros spread through. */
function tiedFloats(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const specials = [NaN, Infinity, -Infinity, 0, -0];
  return Float32Array.from({ length: n }, (_, i) => (i % 97 === 0 ? specials[(i / 97) % 5]! : Math.round((r() - 0.5) * 4000) / 8));
}

/** int32 values, half over the full range and half from a few hundred ties. */
function tiedInts(n: number, seed: number): Int32Array {
  const r = rng(seed);
  return Int32Array.from({ length: n }, (_, i) => (i % 2 ? Math.floor((r() - 0.5) * 600) : (r() * 2 ** 32) | 0));
}

/**
 * Problems with `order` as the stable ascending argsort of each lane of `values` (lanes
 * of `len`, C order). A stable sort's permutation is unique, so checking that it is a
 * permutation, ascending in NumPy order, with ties in index order, is comparing with
 * the plain-JS stable sort without paying for one of millions of elements per case.
 */
function argsortProblems(values: ArrayLike<number>, order: readonly number[], len: number): string[] {
  const bad: string[] = [];
  const seen = new Uint8Array(len);
  for (let lane = 0; lane * len < values.length && bad.length < 5; lane++) {
    seen.fill(0);
    const at = (j: number) => values[lane * len + order[lane * len + j]!]!;
    for (let j = 0; j < len && bad.length < 5; j++) {
      const i = order[lane * len + j]!;
      if (!(i >= 0 && i < len) || seen[i]) {
        bad.push(`lane ${lane} [${j}]: index ${i} is out of range or repeated`);
        continue;
      }
      seen[i] = 1;
      if (j === 0) continue;
      const c = before(at(j - 1), at(j));
      if (c > 0 || (c === 0 && order[lane * len + j - 1]! > i)) bad.push(`lane ${lane} [${j - 1}, ${j}]: ${at(j - 1)}@${order[lane * len + j - 1]} then ${at(j)}@${i}`);
    }
  }
  return bad;
}

/**
 * Runs x.sort(-1) and x.argsort(-1) on the GPU in one plan and checks them against
 * plain JS: the argsort as above, the sort against the values gathered in that order
 * (so -0 and +0 keep their original order, as NumPy's stable sort keeps them), and
 * against Float64Array's own sort with the zeros' signs set aside.
 */
async function expectSorted(x: NDArray, values: Float32Array | Int32Array, len: number): Promise<void> {
  const [sorted, order] = (await gpu.execute(np.plan(x.sort(-1), x.argsort(-1)))).map(valuesOf);
  expect(sorted!.length).toBe(values.length);
  expect(argsortProblems(values, order!, len)).toEqual([]);
  const bad: string[] = [];
  for (let lane = 0; lane * len < values.length; lane++) {
    const plain = Float64Array.from(values.subarray(lane * len, (lane + 1) * len)).sort();
    for (let j = 0; j < len && bad.length < 5; j++) {
      const [got, gathered] = [sorted![lane * len + j]!, values[lane * len + order![lane * len + j]!]!];
      if (!Object.is(got, gathered) || before(got, plain[j]!) !== 0) bad.push(`lane ${lane} [${j}]: got ${got}, want ${plain[j]} (${gathered} by the argsort)`);
    }
  }
  expect(bad).toEqual([]);
}

// Past 4,096 radix blocks of 256 a lane's 16 x blocks digit offsets used to be one
// invocation's serial walk, which llvmpipe (the GLES adapter) cuts short after 65,535
// loop iterations: the first three cases cross that point by 1.05x to 4x (each failed
// on GLES before offsets were shared by a workgroup); the last packs several lanes'
// offsets into one workgroup.
describe('sort and argsort of lanes past a million elements on the GPU', () => {
  it('float32 lane of 1.5M elements with NaN, infinities, both zeros and ties', async () => {
    const values = tiedFloats(1_500_000, 1);
    await expectSorted(np.array(values), values, values.length);
  });

  it('int32 lane of 4.2M elements, full range and ties', async () => {
    const values = tiedInts(4_200_000, 2);
    await expectSorted(np.array(values), values, values.length);
  });

  it('each row of a 2 x 1.1M float32 matrix', async () => {
    const len = 1_100_000;
    const values = tiedFloats(2 * len, 3);
    await expectSorted(np.array(values).reshape(2, len), values, len);
  });

  it('each of 37 int32 rows of 20,000, eight rows sharing a workgroup for their offsets', async () => {
    const len = 20_000;
    const values = tiedInts(37 * len, 4);
    await expectSorted(np.array(values).reshape(37, len), values, len);
  });
});

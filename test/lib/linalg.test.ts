import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, risk } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { decodeAll, expectClose, fixture, seeded, values } from './helpers.js';

beforeAll(async () => {
  await init(TEST_INIT);
});

/** A random symmetric positive definite n x n matrix: G Gᵀ + n I. */
function randomSpd(n: number, seed: number): number[][] {
  const u = seeded(seed);
  const g = Array.from({ length: n }, () => Array.from({ length: n }, () => u() - 0.5));
  return g.map((gi, i) => g.map((gj, j) => gi.reduce((s, v, k) => s + v * gj[k]!, 0) + (i === j ? n : 0)));
}

const matmulPlain = (a: number[][], b: number[][]) => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));

describe('Cholesky', () => {
  for (const n of [1, 2, 7, 40]) {
    it(`factors a random ${n} x ${n} SPD matrix into a lower L with L Lᵀ = A`, async () => {
      const a = randomSpd(n, n);
      const l = (await risk.cholesky(a).then((x) => x.toArray())) as number[][];
      l.forEach((row, i) => row.forEach((v, j) => j > i && expect(v).toBe(0)));
      const llt = matmulPlain(l, l.map((_, i) => l.map((row) => row[i]!)));
      expectClose(llt.flat(), a.flat(), { rtol: 1e-13, atol: 1e-13 });
    });
  }

  it("matches np.linalg.cholesky", async () => {
    const { n, spd, cholesky } = fixture.linalg;
    expectClose(await values(await risk.cholesky(np.array(decodeAll(spd)).reshape(n, n))), decodeAll(cholesky), { rtol: 1e-13, atol: 1e-15 });
  });

  it('names the pivot that fails on a matrix that is not positive definite', async () => {
    await expect(risk.cholesky([[4, 2, 0], [2, 1, 0], [0, 0, 1]])).rejects.toThrow('cholesky: matrix is not positive definite (pivot 1 is 0)');
    await expect(risk.cholesky([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, -0.25]])).rejects.toThrow('cholesky: matrix is not positive definite (pivot 3 is -0.25)');
    await expect(risk.cholesky([[1, 2, 3], [4, 5, 6]])).rejects.toThrow(/cholesky: expected a square matrix, got shape \(2, 3\)/);
  });

  it('keeps float32 input in float32', async () => {
    expect((await risk.cholesky(np.array([[4, 2], [2, 3]], 'float32'))).dtype).toBe('float32');
  });
});

describe('solves', () => {
  const a = randomSpd(5, 11).map((row, i) => row.map((v, j) => (j > i ? v * 0.3 : v)));
  const lower = a.map((row, i) => row.map((v, j) => (j <= i ? v : 0)));
  const upper = a.map((row, i) => row.map((v, j) => (j >= i ? v : 0)));
  const b = [[1, 2], [-1, 0.5], [3, 3], [0, 1], [2, -2]];

  it('solves lower, upper and transposed triangular systems, reading only the named triangle', async () => {
    const cases = [
      { opts: { lower: true }, m: lower },
      { opts: { lower: false }, m: upper },
      { opts: { lower: true, transpose: true }, m: lower.map((_, i) => lower.map((row) => row[i]!)) },
      { opts: { lower: false, transpose: true }, m: upper.map((_, i) => upper.map((row) => row[i]!)) },
    ];
    for (const { opts, m } of cases) {
      const x = (await (await risk.solveTriangular(a, b, opts)).toArray()) as number[][];
      expectClose(matmulPlain(m, x).flat(), b.flat(), { rtol: 1e-12, atol: 1e-12 });
    }
    const x1 = await values(await risk.solveTriangular(lower, [1, 2, 3, 4, 5], { unitDiagonal: true }));
    const unit = lower.map((row, i) => row.map((v, j) => (i === j ? 1 : v)));
    expectClose(matmulPlain(unit, x1.map((v) => [v])).flat(), [1, 2, 3, 4, 5], { rtol: 1e-12, atol: 1e-12 });
  });

  it('matches np.linalg.solve and np.linalg.inv', async () => {
    const { n, a: aa, b: bb, solve, inv } = fixture.linalg;
    const m = np.array(decodeAll(aa)).reshape(n, n);
    expectClose(await values(await risk.solve(m, np.array(decodeAll(bb)).reshape(n, 2))), decodeAll(solve), { rtol: 1e-12, atol: 1e-14 });
    expectClose(await values(await risk.inv(m)), decodeAll(inv), { rtol: 1e-12, atol: 1e-14 });
  });

  it('solves a system that needs row exchanges', async () => {
    expectClose(await values(await risk.solve([[0, 1], [1, 0]], [2, 3])), [3, 2]);
  });

  it('reports singular matrices and mismatched right-hand sides', async () => {
    await expect(risk.solve([[1, 2], [2, 4]], [1, 1])).rejects.toThrow('solve: matrix is singular (column 1 has no non-zero pivot)');
    await expect(risk.inv([[0, 0], [0, 1]])).rejects.toThrow('inv: matrix is singular (column 0 has no non-zero pivot)');
    await expect(risk.solveTriangular([[1, 0], [1, 0]], [1, 1])).rejects.toThrow('solveTriangular: matrix is singular (diagonal element 1 is 0)');
    await expect(risk.solve([[1, 0], [0, 1]], [1, 2, 3])).rejects.toThrow(/solve: right-hand side of shape \(3,\) does not match a \(2, 2\) matrix/);
  });
});

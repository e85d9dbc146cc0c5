/**
 * The dense linear algebra risk needs, for the small matrices it meets (covariances
 * of up to a few thousand assets): Cholesky, triangular solves, general solves and
 * inverses. Each is a sequential elimination over an n x n matrix, which the ndarray
 * ops cannot express without a loop over pivots, so these read their inputs
 * (`await x.data()`), run plain float64 loops and return a new array: they are async.
 * Results keep a float32 input's dtype and are float64 otherwise.
 */
import { np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { asFloat } from './axis.js';
import { ShapeError, ValueError } from './errors.js';

interface Matrix {
  values: Float64Array;
  rows: number;
  cols: number;
  like: NDArray;
}

const fmt = (shape: readonly number[]): string => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`);

async function readSquare(fn: string, a: ArrayInput): Promise<Matrix> {
  const x = asFloat(a);
  if (x.ndim !== 2 || x.shape[0] !== x.shape[1]) throw new ShapeError(`${fn}: expected a square matrix, got shape ${fmt(x.shape)}`);
  return { values: Float64Array.from(await x.data()), rows: x.shape[0]!, cols: x.shape[1]!, like: x };
}

/** The right-hand side as an [n x k] matrix; `vector` remembers whether to return [n]. */
async function readRhs(fn: string, b: ArrayInput, n: number): Promise<Matrix & { vector: boolean }> {
  const x = asFloat(b);
  if ((x.ndim !== 1 && x.ndim !== 2) || x.shape[0] !== n) {
    throw new ShapeError(`${fn}: right-hand side of shape ${fmt(x.shape)} does not match a (${n}, ${n}) matrix: expected (${n},) or (${n}, k)`);
  }
  const cols = x.ndim === 1 ? 1 : x.shape[1]!;
  return { values: Float64Array.from(await x.data()), rows: n, cols, like: x, vector: x.ndim === 1 };
}

function output(values: Float64Array, shape: number[], ...inputs: NDArray[]): NDArray {
  const out = np.asarray(values).reshape(shape);
  return inputs.every((x) => x.dtype === 'float32') ? out.astype('float32') : out;
}

/**
 * The lower-triangular L with L Lᵀ = a (Cholesky-Banachiewicz, row by row). Reads the
 * lower triangle only, as LAPACK's potrf with uplo 'L'; the upper is not checked for
 * symmetry. A pivot that is not positive (or NaN) stops it with an error naming it:
 * `cholesky: matrix is not positive definite (pivot 3 is -0.25)`. Async.
 */
export async function cholesky(a: ArrayInput): Promise<NDArray> {
  const { values: m, rows: n, like } = await readSquare('cholesky', a);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new ValueError(`cholesky: matrix is not positive definite (pivot ${i} is ${s})`);
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j]!;
      }
    }
  }
  return output(l, [n, n], like);
}

/** Options of `risk.solveTriangular`, as scipy.linalg.solve_triangular's `lower`, `trans` and `unit_diagonal`. */
export interface TriangularOptions {
  /** a is lower-triangular (default) or upper; the other triangle is never read. */
  lower?: boolean;
  /** Solve aᵀ x = b instead of a x = b. */
  transpose?: boolean;
  /** Take the diagonal as ones without reading it. */
  unitDiagonal?: boolean;
}

/**
 * x with a x = b (or aᵀ x = b) for triangular a, by forward or back substitution, as
 * scipy.linalg.solve_triangular. b is [n] or [n x k]; x has b's shape. A zero on the
 * diagonal raises, naming its index. Async.
 */
export async function solveTriangular(a: ArrayInput, b: ArrayInput, options: TriangularOptions = {}): Promise<NDArray> {
  const { lower = true, transpose = false, unitDiagonal = false } = options;
  const A = await readSquare('solveTriangular', a);
  const B = await readRhs('solveTriangular', b, A.rows);
  const n = A.rows;
  const k = B.cols;
  // Element (i, j) of the matrix actually solved against, after the optional transpose.
  const at = transpose ? (i: number, j: number) => A.values[j * n + i]! : (i: number, j: number) => A.values[i * n + j]!;
  // Transposing swaps which triangle is non-zero, so it flips the direction of substitution.
  const forward = lower !== transpose;
  const x = B.values.slice();
  for (let step = 0; step < n; step++) {
    const i = forward ? step : n - 1 - step;
    const d = unitDiagonal ? 1 : at(i, i);
    if (d === 0) throw new ValueError(`solveTriangular: matrix is singular (diagonal element ${i} is 0)`);
    for (let c = 0; c < k; c++) {
      let s = x[i * k + c]!;
      if (forward) for (let j = 0; j < i; j++) s -= at(i, j) * x[j * k + c]!;
      else for (let j = i + 1; j < n; j++) s -= at(i, j) * x[j * k + c]!;
      x[i * k + c] = s / d;
    }
  }
  return output(x, B.vector ? [n] : [n, k], A.like, B.like);
}

/**
 * x with a x = b for a general square a: LU factorisation with partial pivoting
 * (Doolittle, the row with the largest |pivot| first), then two substitutions, as
 * LAPACK's gesv. A column with no non-zero pivot raises `solve: matrix is singular`.
 * b is [n] or [n x k]. Async.
 */
export async function solve(a: ArrayInput, b: ArrayInput): Promise<NDArray> {
  const A = await readSquare('solve', a);
  const B = await readRhs('solve', b, A.rows);
  return output(luSolve('solve', A.values, A.rows, B.values, B.cols), B.vector ? [A.rows] : [A.rows, B.cols], A.like, B.like);
}

/** a⁻¹ by solving a x = I. For small, well-conditioned matrices; prefer `solve` for a x = b. Async. */
export async function inv(a: ArrayInput): Promise<NDArray> {
  const A = await readSquare('inv', a);
  const n = A.rows;
  const identity = new Float64Array(n * n);
  for (let i = 0; i < n; i++) identity[i * n + i] = 1;
  return output(luSolve('inv', A.values, n, identity, n), [n, n], A.like);
}

/** Solves in place on copies: m is n x n, rhs n x k, both row-major. */
function luSolve(fn: string, matrix: Float64Array, n: number, rhs: Float64Array, k: number): Float64Array {
  const m = matrix.slice();
  const x = rhs.slice();
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    const p = m[pivot * n + col]!;
    if (p === 0 || Number.isNaN(p)) throw new ValueError(`${fn}: matrix is singular (column ${col} has no non-zero pivot)`);
    if (pivot !== col) {
      swapRows(m, n, pivot, col);
      swapRows(x, k, pivot, col);
    }
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col]! / p;
      if (f === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c] -= f * m[col * n + c]!;
      for (let c = 0; c < k; c++) x[r * k + c] -= f * x[col * k + c]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    for (let c = 0; c < k; c++) {
      let s = x[r * k + c]!;
      for (let j = r + 1; j < n; j++) s -= m[r * n + j]! * x[j * k + c]!;
      x[r * k + c] = s / m[r * n + r]!;
    }
  }
  return x;
}

function swapRows(a: Float64Array, width: number, i: number, j: number): void {
  for (let c = 0; c < width; c++) {
    const t = a[i * width + c]!;
    a[i * width + c] = a[j * width + c]!;
    a[j * width + c] = t;
  }
}

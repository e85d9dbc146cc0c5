/** Summaries and number formats shared by the report's table, charts and checks. */

export function mean(xs: ArrayLike<number>): number {
  return sum(xs) / xs.length;
}

export function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

/** Largest difference relative to the value's size: sums of a million positions are O(1e8). */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return a.length === b.length ? worst : Infinity;
}

export function tailValues(...t: { valueAtRisk: number; expectedShortfall: number }[]): number[] {
  return t.flatMap((x) => [x.valueAtRisk, x.expectedShortfall]);
}

/** The last row of a [rows x cols] matrix. */
export function lastRow(v: Float64Array, rows: number, cols: number): Float64Array {
  return v.subarray((rows - 1) * cols, rows * cols);
}

/** Mean and range of the last row of a [periods x assets] volatility matrix. */
export function latestRange(v: Float64Array, rows: number, cols: number): string {
  const last = lastRow(v, rows, cols);
  return `mean ${pct(mean(last))} (${pct(Math.min(...last))} .. ${pct(Math.max(...last))})`;
}

export function meanOffDiagonal(corr: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) s += corr[i * n + j]!;
  return s / (n * (n - 1));
}

export function count(x: number): string {
  return x.toLocaleString('en-US');
}

export function pct(x: number, digits = 1): string {
  return `${(100 * x).toFixed(digits)}%`;
}

export function ms(x: number): string {
  return x < 0.1 ? x.toPrecision(2) : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0);
}

export function speedup(x: number): string {
  return `${x < 0.1 ? x.toPrecision(2) : x.toFixed(2)}x`;
}

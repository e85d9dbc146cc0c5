import { np } from '../src/index.js';
import { uniformArray } from './data.js';
import type { Case, Suite } from './harness.js';

const N = 1_000_000;

function sumOf(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
}

/** Population std (ddof 0, NumPy's default), two passes. */
function stdOf(x: Float64Array): number {
  const m = sumOf(x) / x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - m;
    ss += d * d;
  }
  return Math.sqrt(ss / x.length);
}

/** sum, mean and std of 1M float64, each read as a scalar. */
function cases(): Case[] {
  const data = uniformArray(N, -1, 1, 2);
  const x = np.asarray(data);
  const size = N.toLocaleString('en-US');
  return [
    { task: 'sum', size, quiver: () => x.sum().item(), plain: () => sumOf(data) },
    { task: 'mean', size, quiver: () => x.mean().item(), plain: () => sumOf(data) / data.length },
    { task: 'std', size, quiver: () => x.std().item(), plain: () => stdOf(data) },
  ];
}

export const reduce: Suite = { name: 'reduce', cases };

import { np } from '../src/index.js';
import { shortDType, uniformOf, type FloatArray, type FloatDType } from './data.js';
import { itemOf, type Case, type Suite } from './harness.js';

const N = 16_000_000;

/** The loop a user writes: a JS number (a double) accumulates, whatever the array's dtype. */
function sumOf(x: FloatArray): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
}

/** Population std (ddof 0, NumPy's default), two passes. */
function stdOf(x: FloatArray): number {
  const m = sumOf(x) / x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - m;
    ss += d * d;
  }
  return Math.sqrt(ss / x.length);
}

/** sum, mean and std of 16M values, each read as a scalar. */
function casesOf(dtype: FloatDType): Case[] {
  const data = uniformOf(dtype, N, -1, 1, dtype === 'float32' ? 21 : 22);
  const x = np.array(data); // copied once: backends keep their copy between evaluations, as in a loop over the same data
  const inputs = [x];
  const size = N.toLocaleString('en-US');
  const task = (name: string): string => `${name} ${shortDType(dtype)}`;
  return [
    { task: task('sum'), size, dtype, inputs, quiver: () => itemOf(x.sum()), plain: () => sumOf(data) },
    { task: task('mean'), size, dtype, inputs, quiver: () => itemOf(x.mean()), plain: () => sumOf(data) / data.length },
    { task: task('std'), size, dtype, inputs, quiver: () => itemOf(x.std()), plain: () => stdOf(data) },
  ];
}

export const reduce: Suite = { name: 'reduce', cases: () => [...casesOf('float32'), ...casesOf('float64')] };

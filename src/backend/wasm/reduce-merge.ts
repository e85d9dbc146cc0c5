import { ROUND_TO, type DType } from '../../graph/dtype.js';
import type { ReduceKind } from '../../kernel/program.js';
import { pairwiseSum } from '../js/reducers.js';

/**
 * Elements per reduction chunk. Every reduction is cut into chunks of this many
 * elements whatever the thread count, each chunk yields a partial state, and states
 * merge in chunk order: so a float sum gives the same bits on 1 or 16 threads.
 * 65,536 f64 are 512 KiB, enough work to amortise waking a worker, and few
 * enough chunks that merging them costs nothing.
 */
export const CHUNK = 65536;

/** f64 words per reduction per chunk in the states array: see wasm/src/vm/reduce.rs. */
export const STATE_WORDS = 3;

/**
 * Merges one output's chunk states (in chunk order) into the reduction's value,
 * rounded to its dtype. State layouts (written by vm_reduce_states):
 * sum [s], prod [p], min/max [value, count], any/all [flag], argmin/argmax [value, index, count], var [n, mean, m2].
 */
export function mergeStates(op: ReduceKind, dtype: DType, states: Float64Array, at: number, chunks: number, stride: number, ddof: number): number {
  const get = (c: number, w: number) => states[at + c * stride + w]!;
  const isFloat = dtype === 'float32' || dtype === 'float64';
  const all = Array.from({ length: chunks }, (_, c) => c);
  let value: number;
  switch (op) {
    case 'sum':
      value = isFloat ? pairwiseSum(all.map((c) => get(c, 0)), 0, chunks) : all.reduce((s, c) => (dtype === 'uint32' ? (s + get(c, 0)) >>> 0 : (s + get(c, 0)) | 0), 0);
      break;
    case 'prod':
      value = all.reduce((p, c) => (isFloat ? p * get(c, 0) : dtype === 'uint32' ? Math.imul(p, get(c, 0)) >>> 0 : Math.imul(p, get(c, 0))), 1);
      break;
    case 'min':
    case 'max': {
      const better = op === 'min' ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
      let best: number | undefined;
      for (const c of all) {
        if (get(c, 1) === 0) continue;
        const v = get(c, 0);
        if (best === undefined || v !== v || better(v, best)) best = v;
        if (best !== best) break;
      }
      value = best ?? NaN;
      break;
    }
    case 'any':
      value = all.some((c) => get(c, 0) !== 0) ? 1 : 0;
      break;
    case 'all':
      value = all.every((c) => get(c, 0) !== 0) ? 1 : 0;
      break;
    case 'argmin':
    case 'argmax': {
      const better = op === 'argmin' ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
      let best: number | undefined;
      let index = 0;
      for (const c of all) {
        if (get(c, 2) === 0) continue;
        const v = get(c, 0);
        if (best === undefined || v !== v || better(v, best)) [best, index] = [v, get(c, 1)];
        if (best !== best) break;
      }
      value = index;
      break;
    }
    case 'var': {
      let n = 0;
      let mean = 0;
      let m2 = 0;
      for (const c of all) {
        const [nb, mb, m2b] = [get(c, 0), get(c, 1), get(c, 2)];
        if (nb === 0) continue;
        const total = n + nb;
        const delta = mb - mean;
        mean += (delta * nb) / total;
        m2 += m2b + (delta * delta * n * nb) / total;
        n = total;
      }
      value = n === 0 ? NaN : m2 / Math.max(n - ddof, 0);
      break;
    }
    default:
      return op satisfies never;
  }
  return ROUND_TO[dtype](value);
}

import type { Node, Realized } from '../../graph/node.js';
import { sizeOf } from '../../graph/shape.js';
import { readAs, store } from './strided.js';

/**
 * Batched (..., n, k) x (..., k, m): the frontend has already broadcast the batch axes
 * of both inputs to the output's. Float products accumulate in float64 and round
 * once; integer ones wrap at every step; bool is or-of-ands, as in NumPy.
 */
export function evalMatmul(node: Node, [a, b]: readonly Realized[]): Realized {
  const out = node.shape;
  const [n, m] = [out[out.length - 2]!, out[out.length - 1]!];
  const k = node.inputs[0]!.shape.at(-1)!;
  const batch = sizeOf(out.slice(0, -2));
  const av = readAs(a!, [...out.slice(0, -2), n, k]);
  const bv = readAs(b!, [...out.slice(0, -2), k, m]);
  const dtype = node.dtype;
  const res = new Float64Array(sizeOf(out));
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const x = av[t * n * k + i * k + p]!;
          const y = bv[t * k * m + p * m + j]!;
          s = dtype === 'int32' ? (s + Math.imul(x, y)) | 0 : dtype === 'uint32' ? (s + Math.imul(x, y)) >>> 0 : dtype === 'bool' ? s | (x & y) : s + x * y;
        }
        res[t * n * m + i * m + j] = s;
      }
    }
  }
  return store(dtype, out, res);
}

import type { Realized } from '../../graph/node.js';
import type { OpSpec } from './spec.js';
import { contiguousStrides } from '../../graph/shape.js';
import { readAs, store } from './strided.js';

/** Ascending with NaN last; -0 and 0 compare equal so a stable sort keeps their order (NumPy's rule). */
export function compareNaNLast(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return a !== a ? (b !== b ? 0 : 1) : -1;
}

/** Stable sort (or argsort) of every 1-D lane along attrs.axis; Array.prototype.sort is stable. */
export function evalSort(node: OpSpec, [input]: readonly Realized[]): Realized {
  const axis = node.attrs.axis!;
  const shape = node.shape;
  const values = readAs(input!, shape);
  const stride = contiguousStrides(shape)[axis]!;
  const len = shape[axis]!;
  const out = new Float64Array(values.length);
  const lane = Array.from({ length: len }, (_, j) => j);
  for (let base = 0; base < values.length; base++) {
    if (Math.floor(base / stride) % len !== 0) continue;
    lane.forEach((_, j) => (lane[j] = j));
    lane.sort((p, q) => compareNaNLast(values[base + p * stride]!, values[base + q * stride]!));
    for (let j = 0; j < len; j++) {
      out[base + j * stride] = node.op === 'argsort' ? lane[j]! : values[base + lane[j]! * stride]!;
    }
  }
  return store(node.dtype, shape, out);
}

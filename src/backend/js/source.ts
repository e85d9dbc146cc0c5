import { ROUND_TO } from '../../graph/dtype.js';
import type { Realized } from '../../graph/node.js';
import type { OpSpec } from './spec.js';
import { allocate } from '../../graph/dtype.js';
import { sizeOf } from '../../graph/shape.js';
import { contiguousView } from '../../graph/view.js';
import { randomBits } from '../../kernel/philox.js';

/**
 * fill is one stored value seen through stride-0 axes (free at any size); range is
 * start + i * step computed in float64 and rounded once, with linspace's exact endpoint;
 * random is Philox bits by element index (kernel/philox.ts).
 */
export function evalSource(node: OpSpec): Realized {
  const a = node.attrs;
  if (node.op === 'fill') {
    const data = allocate(node.dtype, 1);
    data[0] = ROUND_TO[node.dtype](a.value!);
    return { data, view: { shape: node.shape, strides: node.shape.map(() => 0), offset: 0 } };
  }
  if (node.op === 'range') {
    const n = sizeOf(node.shape);
    const data = allocate(node.dtype, n);
    const round = ROUND_TO[node.dtype];
    for (let i = 0; i < n; i++) data[i] = round(i === n - 1 && a.last !== undefined ? a.last : a.value! + i * a.step!);
    return { data, view: contiguousView(node.shape) };
  }
  if (node.op === 'random') {
    const n = sizeOf(node.shape);
    const data = allocate('uint32', n);
    const [k0, k1] = a.key!;
    for (let i = 0; i < n; i++) data[i] = randomBits(i, k0, k1, a.stream!, a.word!);
    return { data, view: contiguousView(node.shape) };
  }
  throw new Error(`source: ${node.op} has no data to generate; buffer nodes are realized when made`);
}

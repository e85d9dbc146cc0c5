import { ITEM_BYTES, type DType } from '../../../graph/dtype.js';
import { sizeOf } from '../../../graph/shape.js';
import { isContiguous } from '../../../graph/view.js';
import type { Body } from '../../../kernel/program.js';
import type { PtrOf } from '../launch.js';

/** An input that already lies in the heap as n contiguous elements of `dtype`: read where it lies. */
export function inPlace(body: Body, ref: number, dtype: DType, n: number, ptrOf: PtrOf): number | undefined {
  const ins = body.instrs[ref]!;
  if (body.instrs.length !== 1 || ins.op !== 'load') return undefined;
  const load = body.loads[ins.load]!;
  const contiguous = load.slot >= 0 && !load.generator && load.dtype === dtype && isContiguous(load.view) && sizeOf(load.view.shape) === n;
  return contiguous ? ptrOf(load.slot) + load.view.offset * ITEM_BYTES[dtype] : undefined;
}

import type { DType } from '../../graph/dtype.js';
import type { ReduceKind } from '../../kernel/program.js';
import { initialState, mergeInOrder, mergesPairwise, REDUCTIONS, type State } from '../../kernel/reductions.js';

/** The running state of one reduction over one output's run, fed a block at a time. */
export interface Accumulator {
  add(values: Float64Array, len: number, firstIndex: number): void;
  result(): number;
}

/**
 * A reduction's state (kernel/reductions.ts) fed block by block. Where its partials
 * merge pairwise (float sums), each block folds into a partial of its own and the
 * partials merge at the end: pairwise within each block, then pairwise over the blocks.
 */
export function accumulator(op: ReduceKind, dtype: DType, ddof = 0): Accumulator {
  const rule = REDUCTIONS[op];
  if (mergesPairwise(op, dtype)) {
    const partials: State[] = [];
    return {
      add(v, len, first) {
        const s = initialState(op);
        rule.fold(s, v, len, first, dtype);
        partials.push(s);
      },
      result: () => rule.finish(mergeInOrder(op, dtype, partials), ddof),
    };
  }
  const s = initialState(op);
  return { add: (v, len, first) => rule.fold(s, v, len, first, dtype), result: () => rule.finish(s, ddof) };
}

import { ROUND_TO, type DType } from '../../graph/dtype.js';
import type { ReduceKind } from '../../kernel/program.js';
import { mergeInOrder, REDUCE_OPS, REDUCTIONS } from '../../kernel/reductions.js';

/**
 * Elements per reduction chunk. Every reduction is cut into chunks of this many
 * elements whatever the thread count, each chunk yields a partial state, and states
 * merge in chunk order: so a float sum gives the same bits on 1 or 16 threads.
 * 65,536 f64 are 512 KiB, enough work to amortise waking a worker, and few
 * enough chunks that merging them costs nothing.
 */
export const CHUNK = 65536;

/**
 * f64 words per reduction per chunk in the states array: the widest state of the table
 * (kernel/reductions.ts), every state padded to it. wasm/src/vm/accumulate.rs's
 * STATE_WORDS must equal it (test/wasm/reduction-states.test.ts).
 */
export const STATE_WORDS = Math.max(...REDUCE_OPS.map((op) => REDUCTIONS[op].fields.length));

/**
 * Merges one output's chunk states (in chunk order) into the reduction's value,
 * rounded to its dtype. vm_reduce_states writes each state as the table's fields.
 */
export function mergeStates(op: ReduceKind, dtype: DType, states: Float64Array, at: number, chunks: number, stride: number, ddof: number): number {
  const parts: Float64Array[] = [];
  for (let c = 0; c < chunks; c++) parts.push(states.subarray(at + c * stride, at + c * stride + STATE_WORDS));
  return ROUND_TO[dtype](REDUCTIONS[op].finish(mergeInOrder(op, dtype, parts), ddof));
}

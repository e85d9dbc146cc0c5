import type { OpaqueKernel } from '../../../kernel/program.js';
import { withBlocks, type LaunchContext, type PtrOf, type Steps } from '../launch.js';
import { split } from '../program-call.js';
import { inPlace } from './in-place.js';
import { ROWS_ALIGN } from './group-rows.js';

/** The key-combining entry point of wasm/quiver.wasm (wasm/src/group_slots.rs). */
export interface GroupSlotsExports {
  group_slots(table: number, keys: number, start: number, end: number, out: number): void;
}

/**
 * groupSlots: each key's prologue written out as n contiguous int32 (unless it already
 * lies so: a frame's key column does), a table of (address, base, stride, nullable) per
 * key, then the Rust loop over the rows split across the threads, writing the slots in
 * place. A row's slot depends on its own keys only, so any split gives the same bytes.
 */
export function* launchGroupSlots(ctx: LaunchContext, p: OpaqueKernel, ptrOf: PtrOf): Steps {
  const n = p.shape[0]!;
  if (n === 0) return;
  const { base, stride, nullable } = p.slots!;
  const direct = p.inputs.map((body, k) => inPlace(body, p.refs[k]!, 'int32', n, ptrOf));
  const bytes = [p.inputs.length * 16, ...direct.map((d) => (d === undefined ? n * 4 : 0))];
  yield* withBlocks(ctx.heap, bytes, function* ([table, ...copies]) {
    const ptrs = direct.map((d, k) => d ?? copies[k]!);
    for (const [k, body] of p.inputs.entries()) {
      if (direct[k] === undefined) yield* ctx.map(body, ptrOf, [{ ref: p.refs[k]!, dtype: 'int32', ptr: ptrs[k]! }]);
    }
    new Int32Array(ctx.heap.memory.buffer, table!, ptrs.length * 4).set(ptrs.flatMap((ptr, k) => [ptr, base[k]!, stride[k]!, nullable[k] ? 1 : 0]));
    const out = ptrOf(p.outputs[0]!.slot);
    yield split(n, ctx.parallelism(n), ROWS_ALIGN).map(([start, end]) => ({ fn: 'group_slots' as const, args: [table!, ptrs.length, start, end, out] }));
  });
}

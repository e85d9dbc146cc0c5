import { statusError } from '../../kernel/faults.js';
import type { Encoded } from './encode.js';
import type { LaunchContext, Steps } from './launch.js';
import type { Job } from './pool.js';

/**
 * Copies a VM program into the heap with scratch space for each thread, yields the
 * calls `jobs` makes of it, and turns an error status into the reference's error
 * (kernel/faults.ts).
 */
export function* withProgram(ctx: LaunchContext, enc: Encoded, jobs: (code: number, consts: number, scratch: number[]) => Job[]): Steps {
  const { heap, exports } = ctx;
  const code = heap.alloc(enc.code.byteLength);
  const consts = heap.alloc(Math.max(8, enc.consts.byteLength));
  new Int32Array(heap.memory.buffer, code, enc.code.length).set(enc.code);
  new Float64Array(heap.memory.buffer, consts, enc.consts.length).set(enc.consts);
  const scratchBytes = exports.vm_scratch_bytes(code);
  const scratch = Array.from({ length: ctx.threads }, () => heap.alloc(scratchBytes));
  try {
    const statuses = yield jobs(code, consts, scratch);
    for (const status of statuses) {
      if (status !== 0) throw statusError(status) ?? new Error(`wasm vm: error code ${status}`);
    }
  } finally {
    [code, consts, ...scratch].forEach((ptr) => heap.release(ptr));
  }
}

/** [0, n) cut into at most `parts` ranges whose starts are multiples of `align` (at least one range, maybe empty). */
export function split(n: number, parts: number, align: number): [number, number][] {
  const size = Math.ceil(Math.ceil(n / parts) / align) * align || align;
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += size) out.push([start, Math.min(n, start + size)]);
  return out.length > 0 ? out : [[0, 0]];
}

/**
 * Positions a thread takes at a time in a shared map (vm_map_shared): about eight grains
 * a thread, so a slow thread leaves at most an eighth of its share to the others, in
 * whole blocks of `block` positions.
 */
export function mapGrain(n: number, threads: number, block: number): number {
  return Math.max(block, Math.ceil(n / (threads * 8) / block) * block);
}

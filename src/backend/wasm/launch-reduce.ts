import { sizeOf } from '../../graph/shape.js';
import type { ReduceKernel } from '../../kernel/program.js';
import { encodeReduce } from './encode.js';
import type { LaunchContext, PtrOf, Steps } from './launch.js';
import { withBlocks } from './launch.js';
import { CHUNK, mergeStates, STATE_WORDS } from './reduce-merge.js';
import { split, withProgram } from './program-call.js';
import { workOf } from './work.js';

/**
 * A reduce kernel: chunk states computed in parallel (over outputs when there are
 * enough of them, over chunks when there are few), merged here in chunk order (so the
 * thread count never changes a result), then the epilogue as a map over the
 * accumulators. Runs of one chunk are reduced to their results in the VM (vm_reduce):
 * merging one state per output here cost more than the reduction itself for many short
 * runs (a sum along the 50 columns of 998 rows: about 160 of 400 µs).
 */
export function* launchReduce(ctx: LaunchContext, p: ReduceKernel, ptrOf: PtrOf): Steps {
  const count = sizeOf(p.epilogue.shape);
  const run = sizeOf(p.axes.map((a) => p.body.shape[a]!));
  const chunks = Math.max(1, Math.ceil(run / CHUNK));
  const nred = p.reductions.length;
  const words = chunks === 1 ? 0 : count * chunks * nred * STATE_WORDS;
  yield* withBlocks(ctx.heap, [words * 8, nred * count * 8], function* ([states, acc]) {
    const threads = ctx.parallelism(workOf(p.body, count * run));
    const program = encodeReduce(p.body, p.axes, ptrOf, p.reductions, CHUNK);
    if (chunks === 1) {
      yield* withProgram(ctx, program, (code, consts, scratch) =>
        split(count, threads, 1).map(([o0, o1], i) => ({ fn: 'vm_reduce' as const, args: [code, consts, scratch[i]!, acc!, o0, o1] })),
      );
      return yield* epilogue(ctx, p, ptrOf, acc!, count);
    }
    yield* withProgram(ctx, program, (code, consts, scratch) =>
      count >= threads
        ? split(count, threads, 1).map(([o0, o1], i) => ({ fn: 'vm_reduce_states' as const, args: [code, consts, scratch[i]!, states!, o0, o1, 0, chunks] }))
        : split(chunks, threads, 1).map(([c0, c1], i) => ({ fn: 'vm_reduce_states' as const, args: [code, consts, scratch[i]!, states!, 0, count, c0, c1] })),
    );
    const s = new Float64Array(ctx.heap.memory.buffer, states!, words);
    const a = new Float64Array(ctx.heap.memory.buffer, acc!, nred * count);
    p.reductions.forEach((r, k) => {
      for (let o = 0; o < count; o++) a[k * count + o] = mergeStates(r.op, r.dtype, s, (o * chunks * nred + k) * STATE_WORDS, chunks, nred * STATE_WORDS, r.ddof ?? 0);
    });
    yield* epilogue(ctx, p, ptrOf, acc!, count);
  });
}

/** The epilogue over the accumulators: a map writing the kernel's outputs. */
function* epilogue(ctx: LaunchContext, p: ReduceKernel, ptrOf: PtrOf, acc: number, count: number): Steps {
  const outputs = p.outputs.map((o) => ({ ref: o.ref, dtype: o.dtype, ptr: ptrOf(o.slot) }));
  yield* ctx.map(p.epilogue, ptrOf, outputs, { ptr: acc, count, dtype: 'float64' });
}

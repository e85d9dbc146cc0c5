import { sizeOf } from '../../graph/shape.js';
import type { ReduceKernel } from '../../kernel/program.js';
import { encodeReduce, type Encoded } from './encode.js';
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
  yield* withBlocks(ctx.heap, [p.reductions.length * count * 8], function* ([acc]) {
    const threads = ctx.parallelism(workOf(p.body, count * run));
    const program = encodeReduce(p.body, p.axes, ptrOf, p.reductions, CHUNK);
    if (chunks === 1) {
      yield* withProgram(ctx, program, (code, consts, scratch) =>
        split(count, threads, 1).map(([o0, o1], i) => ({ fn: 'vm_reduce' as const, args: [code, consts, scratch[i]!, acc!, o0, o1] })),
      );
    } else {
      yield* mergedStates(ctx, p, program, acc!, count, chunks, threads);
    }
    const outputs = p.outputs.map((o) => ({ ref: o.ref, dtype: o.dtype, ptr: ptrOf(o.slot) }));
    yield* ctx.map(p.epilogue, ptrOf, outputs, { ptr: acc!, count, dtype: 'float64' });
  });
}

/** Each output's chunk states, computed by the threads and merged here in chunk order into `acc`. */
function* mergedStates(ctx: LaunchContext, p: ReduceKernel, program: Encoded, acc: number, count: number, chunks: number, threads: number): Steps {
  const nred = p.reductions.length;
  const words = count * chunks * nred * STATE_WORDS;
  yield* withBlocks(ctx.heap, [words * 8], function* ([states]) {
    yield* withProgram(ctx, program, (code, consts, scratch) =>
      count >= threads
        ? split(count, threads, 1).map(([o0, o1], i) => ({ fn: 'vm_reduce_states' as const, args: [code, consts, scratch[i]!, states!, o0, o1, 0, chunks] }))
        : split(chunks, threads, 1).map(([c0, c1], i) => ({ fn: 'vm_reduce_states' as const, args: [code, consts, scratch[i]!, states!, 0, count, c0, c1] })),
    );
    const s = new Float64Array(ctx.heap.memory.buffer, states!, words);
    const a = new Float64Array(ctx.heap.memory.buffer, acc, nred * count);
    p.reductions.forEach((r, k) => {
      for (let o = 0; o < count; o++) a[k * count + o] = mergeStates(r.op, r.dtype, s, (o * chunks * nred + k) * STATE_WORDS, chunks, nred * STATE_WORDS, r.ddof ?? 0);
    });
  });
}

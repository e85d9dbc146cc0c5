import { canBlock, spawnWorker, type PlatformWorker } from '../../platform/workers.js';
import type { Heap } from './heap.js';
import type { KernelExports } from './module.js';
import { WORKER_SOURCE } from './worker-source.js';

/** Kernel entry points a job may call; workers learn this list when they start. */
const JOB_FNS = [
  'vm_map', 'vm_reduce_states',
  'matmul_f64_rows', 'matmul_f32_rows', 'matmul_i32_rows', 'matmul_bool_rows',
  'group_moments', 'group_m2', 'group_extremes', 'group_extremes_at', 'group_ends', 'group_partition_sizes', 'group_scatter',
  'gather',
] as const;
export type JobFn = (typeof JOB_FNS)[number];

/** One call of a kernel export: at most 10 u32 arguments (pointers, sizes, ranges). */
export interface Job {
  readonly fn: JobFn;
  readonly args: readonly number[];
}

/** Runs a job on this thread; exports that return nothing count as status 0. */
export function callJob(exports: KernelExports, job: Job): number {
  return (exports[job.fn] as (...a: number[]) => number | undefined)(...job.args) ?? 0;
}

/** Each worker's stack: the VM keeps its registers in caller-given scratch, so 1 MiB is ample. */
const STACK_BYTES = 1 << 20;
const JOB_WORDS = 12;

/**
 * Worker threads that instantiate the kernel module on the one shared memory, so jobs
 * pass pointers, never data, as in Ray's shared object store. The calling thread
 * takes the first job itself; the others go to workers through a control block in the
 * heap, woken with Atomics.notify. Waiting for them blocks where the platform allows
 * (Node's main thread) and uses Atomics.waitAsync otherwise.
 */
export class Pool {
  private constructor(
    private readonly exports: KernelExports,
    private readonly memory: WebAssembly.Memory,
    private readonly ctrl: number,
    private readonly workers: PlatformWorker[],
    readonly blocking: boolean,
  ) {}

  /** Threads in all, the calling one included. */
  get size(): number {
    return this.workers.length + 1;
  }

  static async create(module: WebAssembly.Module, memory: WebAssembly.Memory, exports: KernelExports, heap: Heap, threads: number): Promise<Pool> {
    const n = threads - 1;
    const ctrl = heap.alloc((3 + n * JOB_WORDS) * 4);
    new Int32Array(memory.buffer, ctrl, 3 + n * JOB_WORDS).fill(0);
    const workers = await Promise.all(
      Array.from({ length: n }, async (_, index) => {
        const stackTop = heap.alloc(STACK_BYTES) + STACK_BYTES;
        const w = await spawnWorker(WORKER_SOURCE);
        await new Promise<void>((resolve, reject) => {
          w.onMessage((m) => m === 'ready' && resolve());
          w.onError(reject);
          w.post({ module, memory, stackTop, ctrl, index, names: JOB_FNS });
        });
        return w;
      }),
    );
    return new Pool(exports, memory, ctrl, workers, canBlock());
  }

  /** Runs jobs[0] here and the rest on workers 0..; resolves to each job's status. */
  async run(jobs: readonly Job[]): Promise<number[]> {
    if (jobs.length <= 1) return this.inline(jobs);
    const first = this.dispatch(jobs);
    const done = 1 + this.workers.length;
    const w = this.words();
    while (Atomics.load(w, this.base + 1) < done - 1) {
      const seen = Atomics.load(w, this.base + 1);
      const waiting = Atomics.waitAsync(w, this.base + 1, seen);
      if (waiting.async) await waiting.value;
    }
    return this.collect(first, jobs.length);
  }

  /** As run, blocking the calling thread (only where `blocking`). */
  runSync(jobs: readonly Job[]): number[] {
    if (jobs.length <= 1) return this.inline(jobs);
    const first = this.dispatch(jobs);
    const w = this.words();
    for (let seen = Atomics.load(w, this.base + 1); seen < this.workers.length; seen = Atomics.load(w, this.base + 1)) {
      Atomics.wait(w, this.base + 1, seen);
    }
    return this.collect(first, jobs.length);
  }

  terminate(): void {
    const w = this.words();
    Atomics.store(w, this.base + 2, 1);
    Atomics.add(w, this.base, 1);
    Atomics.notify(w, this.base);
    this.workers.forEach((x) => x.terminate());
  }

  /**
   * A batch of one runs on this thread without waking the workers: a wake-up and the
   * wait for every worker to count itself done cost more than a small kernel, and far
   * more when another process holds the cores the workers would run on.
   */
  private inline(jobs: readonly Job[]): number[] {
    return jobs.map((j) => callJob(this.exports, j));
  }

  private get base(): number {
    return this.ctrl >> 2;
  }
  private words(): Int32Array {
    return new Int32Array(this.memory.buffer);
  }

  /** Writes the workers' jobs (an idle worker gets none and only counts itself done), wakes them, and runs the first job here. */
  private dispatch(jobs: readonly Job[]): number {
    if (jobs.length > this.size) throw new Error(`pool: ${jobs.length} jobs for ${this.size} threads`);
    const w = this.words();
    Atomics.store(w, this.base + 1, 0);
    this.workers.forEach((_, i) => {
      const at = this.base + 3 + i * JOB_WORDS;
      const job = jobs[i + 1];
      w.fill(0, at, at + JOB_WORDS);
      if (job) {
        w[at] = JOB_FNS.indexOf(job.fn) + 1;
        job.args.forEach((a, k) => (w[at + 1 + k] = a | 0));
      }
    });
    Atomics.add(w, this.base, 1);
    Atomics.notify(w, this.base);
    return callJob(this.exports, jobs[0]!);
  }

  private collect(first: number, count: number): number[] {
    const w = this.words();
    return [first, ...Array.from({ length: count - 1 }, (_, i) => w[this.base + 3 + i * JOB_WORDS + 11]!)];
  }
}

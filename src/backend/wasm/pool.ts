import { BackendError } from '../../graph/errors.js';
import { canBlock, spawnWorker, type PlatformWorker } from '../../platform/workers.js';
import type { Heap } from './heap.js';
import type { KernelExports } from './module.js';
import { EWM_FNS } from './routines/ewm.js';
import { IMPLIED_VOL_FNS } from './routines/implied-vol.js';
import { ROLLING_FNS } from './routines/rolling.js';
import { trapCode, trapError, TRAP_KINDS } from './traps.js';
import { WORKER_SOURCE } from './worker-source.js';

/** Kernel entry points a job may call; workers learn this list when they start. */
const JOB_FNS = [
  'vm_map', 'vm_map_shared', 'vm_reduce', 'vm_reduce_states',
  'matmul_f64_rows', 'matmul_f32_rows', 'matmul_i32_rows', 'matmul_bool_rows',
  'group_moments', 'group_m2', 'group_extremes', 'group_extremes_at', 'group_ends', 'group_partition_sizes', 'group_scatter', 'group_slots',
  'gather',
  ...ROLLING_FNS,
  ...EWM_FNS,
  ...IMPLIED_VOL_FNS,
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

/**
 * Runs a job on this thread. A trap unwinds without restoring the stack pointer, so it
 * is put back here; returns the status and the trap code (0: none).
 */
function callHere(exports: KernelExports, job: Job): [number, number] {
  const stack = exports.__stack_pointer.value as number;
  try {
    return [callJob(exports, job), 0];
  } catch (e) {
    exports.__stack_pointer.value = stack;
    return [0, trapCode(e)];
  }
}

/** Runs jobs one after another on this thread; a trap fails the batch with a BackendError. */
export function runHere(exports: KernelExports, jobs: readonly Job[]): number[] {
  return jobs.map((j) => {
    const [status, trap] = callHere(exports, j);
    if (trap) throw trapError(j.fn, 0, trap);
    return status;
  });
}

/** How long an awaited batch blocks (where the platform allows) before it waits asynchronously. */
const BLOCKING_WAIT_MS = 20;
/** How often a wait that is not over checks whether a worker of the batch stopped. */
const STOPPED_CHECK_MS = 250;
/** Each worker's stack: the VM keeps its registers in caller-given scratch, so 1 MiB is ample. */
const STACK_BYTES = 1 << 20;
/** Per worker: the export, 10 arguments, the status it returned, its trap code, and who claimed it (worker-source.ts). */
const JOB_WORDS = 14;
const STATUS = 11;
const TRAP = 12;
/** 0 while a job waits for a thread; the thread that swaps it to 1 runs it, the worker or the calling thread. */
const CLAIM = 13;

/** One worker of the pool; `alive` turns false when it traps or exits, until `repair` replaces it. */
interface Slot {
  worker: PlatformWorker;
  readonly stackTop: number;
  alive: boolean;
}

/**
 * Worker threads that instantiate the kernel module on the one shared memory, so jobs
 * pass pointers, never data, as in Ray's shared object store. The calling thread
 * takes the first job itself; the others go to workers through a control block in the
 * heap, woken with Atomics.notify, one batch at a time. Once done with its own job the
 * calling thread claims and runs every job no worker has claimed yet: on a machine whose
 * cores are busy with other processes a woken worker may wait a whole time slice for a
 * core, and the calling thread waited for it (#13: at load 5 on 2 cores, the wake-up and
 * wait were 40% of the report's small steps). A job runs whole on one thread either way,
 * so the results do not change. An awaited batch waits for them
 * blocking for a moment where the platform allows (Node's main thread), then with
 * Atomics.waitAsync, where a worker's exit shows; a synchronous read blocks.
 * A job that traps fails its batch with a BackendError (traps.ts); a worker that
 * trapped or exited is replaced by `repair` before the next evaluation.
 */
export class Pool {
  /** Batches run one after another: two in flight would share the control block. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Whether an awaited batch holds the control block; a synchronous read then runs inline. */
  private busy = false;
  /**
   * Whether the calling thread runs jobs no worker has claimed. Tests of a worker's own
   * faults turn it off, so that the job they give a worker is the worker's.
   */
  stealing = true;
  /** Jobs of the running batch that the calling thread claimed, by worker. */
  private stolen: boolean[] = [];

  private constructor(
    private readonly exports: KernelExports,
    private readonly memory: WebAssembly.Memory,
    private readonly module: WebAssembly.Module,
    private readonly ctrl: number,
    private readonly slots: Slot[],
    readonly blocking: boolean,
  ) {}

  /** Threads in all, the calling one included. */
  get size(): number {
    return this.slots.length + 1;
  }

  /** Whether every worker is alive; until `repair` replaces the others, batches run on the calling thread. */
  get healthy(): boolean {
    return this.slots.every((s) => s.alive);
  }

  static async create(module: WebAssembly.Module, memory: WebAssembly.Memory, exports: KernelExports, heap: Heap, threads: number): Promise<Pool> {
    const n = threads - 1;
    const ctrl = heap.alloc((3 + n * JOB_WORDS) * 4);
    const control = new Int32Array(memory.buffer, ctrl, 3 + n * JOB_WORDS).fill(0);
    for (let i = 0; i < n; i++) control[3 + i * JOB_WORDS + CLAIM] = 1;
    const slots: Slot[] = [];
    const pool = new Pool(exports, memory, module, ctrl, slots, canBlock());
    await Promise.all(
      Array.from({ length: n }, async (_, index) => {
        const stackTop = heap.alloc(STACK_BYTES) + STACK_BYTES;
        slots[index] = { stackTop, worker: await pool.start(stackTop, index), alive: true };
      }),
    );
    return pool;
  }

  /** Replaces every worker that trapped or exited with a fresh one on the same stack and control words. */
  async repair(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot, index) => {
        if (slot.alive) return;
        const old = slot.worker;
        slot.worker = await this.start(slot.stackTop, index);
        slot.alive = true;
        old.terminate();
      }),
    );
  }

  /** Runs jobs[0] here and the rest on workers 0..; resolves to each job's status. */
  run(jobs: readonly Job[]): Promise<number[]> {
    const result = this.queue.then(() => this.runNow(jobs));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(jobs: readonly Job[]): Promise<number[]> {
    if (jobs.length <= 1 || !this.healthy) return this.inline(jobs);
    this.busy = true;
    try {
      return await this.dispatchAndWait(jobs);
    } finally {
      this.busy = false;
    }
  }

  private async dispatchAndWait(jobs: readonly Job[]): Promise<number[]> {
    const first = this.dispatch(jobs);
    const w = this.words();
    if (this.blocking) this.waitBlocking(BLOCKING_WAIT_MS);
    while (Atomics.load(w, this.base + 1) < this.slots.length) {
      const seen = Atomics.load(w, this.base + 1);
      // A worker that dies mid-kernel never counts itself done; its exit event needs the
      // event loop, so wait asynchronously and look again every STOPPED_CHECK_MS.
      const waiting = Atomics.waitAsync(w, this.base + 1, seen, STOPPED_CHECK_MS);
      // Node does not count a pending waitAsync as work, and the idle workers are unref'd:
      // without this timer a process with nothing else to do would exit mid-kernel.
      const keepAlive = setTimeout(() => undefined, STOPPED_CHECK_MS);
      if (waiting.async) await waiting.value;
      clearTimeout(keepAlive);
      this.failIfStopped(jobs);
    }
    return this.collect(first, jobs);
  }

  /**
   * Blocks until every worker counted itself done or `ms` passed; says whether they all
   * did. A short kernel ends here, sooner than a wake-up through the event loop; a longer
   * awaited one goes on waiting asynchronously, where a worker's exit can be seen.
   */
  private waitBlocking(ms: number): boolean {
    const w = this.words();
    const until = performance.now() + ms;
    let seen = Atomics.load(w, this.base + 1);
    for (let left = ms; seen < this.slots.length && left > 0; seen = Atomics.load(w, this.base + 1), left = until - performance.now()) {
      Atomics.wait(w, this.base + 1, seen, left);
    }
    return seen >= this.slots.length;
  }

  /**
   * Throws, marking it for `repair`, when a worker that holds a job of this batch has
   * stopped. The batch's other workers may still be running: where it may, this waits for
   * them to count themselves done, so their count cannot land in the next batch's.
   */
  private failIfStopped(jobs: readonly Job[]): void {
    const stopped = this.slots.map((s) => !s.alive || s.worker.stopped());
    const gone = stopped.findIndex((dead, i) => dead && jobs[i + 1]);
    if (gone < 0) return;
    stopped.forEach((dead, i) => dead && (this.slots[i]!.alive = false));
    const live = stopped.filter((dead) => !dead).length;
    const w = this.words();
    for (let seen = Atomics.load(w, this.base + 1); this.blocking && seen < live; seen = Atomics.load(w, this.base + 1)) Atomics.wait(w, this.base + 1, seen);
    throw new BackendError(`wasm: worker ${gone + 1} exited while running the kernel ${jobs[gone + 1]!.fn}; the evaluation failed and the pool starts a fresh worker for the next one`);
  }

  /**
   * As run, blocking the calling thread (only where `blocking`), for synchronous reads.
   * No exit event arrives while it blocks, so it asks the workers whether they stopped
   * (Node can tell) every STOPPED_CHECK_MS.
   */
  runSync(jobs: readonly Job[]): number[] {
    if (jobs.length <= 1 || !this.healthy || this.busy) return this.inline(jobs);
    const first = this.dispatch(jobs);
    while (!this.waitBlocking(STOPPED_CHECK_MS)) this.failIfStopped(jobs);
    return this.collect(first, jobs);
  }

  terminate(): void {
    const w = this.words();
    Atomics.store(w, this.base + 2, 1);
    Atomics.add(w, this.base, 1);
    Atomics.notify(w, this.base);
    this.slots.forEach((s) => s.worker.terminate());
  }

  /** Starts worker `index`; its exit (a crash, or termination) marks its slot for `repair`. */
  private async start(stackTop: number, index: number): Promise<PlatformWorker> {
    const w = await spawnWorker(WORKER_SOURCE);
    w.onExit(() => {
      const slot = this.slots[index];
      if (slot?.worker === w) slot.alive = false;
    });
    await new Promise<void>((resolve, reject) => {
      w.onMessage((m) => m === 'ready' && resolve());
      w.onError(reject);
      w.post({ module: this.module, memory: this.memory, stackTop, ctrl: this.ctrl, index, names: JOB_FNS, words: JOB_WORDS, claim: CLAIM, traps: TRAP_KINDS });
    });
    return w;
  }

  /**
   * A batch of one runs on this thread without waking the workers: a wake-up and the
   * wait for every worker to count itself done cost more than a small kernel, and far
   * more when another process holds the cores the workers would run on. So does every
   * batch while a worker awaits its replacement (`repair` needs the event loop, which
   * a synchronous read does not give back).
   */
  private inline(jobs: readonly Job[]): number[] {
    return runHere(this.exports, jobs);
  }

  private get base(): number {
    return this.ctrl >> 2;
  }
  private words(): Int32Array {
    return new Int32Array(this.memory.buffer);
  }

  /**
   * Writes the workers' jobs (an idle worker's slot is claimed and counted done here),
   * wakes them, runs the first job here, then the jobs no worker claimed meanwhile. Only
   * a healthy pool dispatches: a worker that died after claiming would never count itself done.
   */
  private dispatch(jobs: readonly Job[]): [number, number] {
    if (jobs.length > this.size) throw new Error(`pool: ${jobs.length} jobs for ${this.size} threads`);
    const w = this.words();
    Atomics.store(w, this.base + 1, this.slots.length - (jobs.length - 1));
    this.stolen = this.slots.map(() => false);
    this.slots.forEach((_, i) => {
      const at = this.base + 3 + i * JOB_WORDS;
      const job = jobs[i + 1];
      // The claim stays 1 (every job of the last batch was claimed) until the job is
      // written: a worker that wakes late from the last batch cannot take a half-written one.
      w.fill(0, at, at + CLAIM);
      if (job) {
        w[at] = JOB_FNS.indexOf(job.fn) + 1;
        job.args.forEach((a, k) => (w[at + 1 + k] = a | 0));
        Atomics.store(w, at + CLAIM, 0);
      }
    });
    Atomics.add(w, this.base, 1);
    Atomics.notify(w, this.base);
    const first = callHere(this.exports, jobs[0]!);
    if (this.stealing) this.steal(jobs);
    return first;
  }

  /** Runs here each job of the batch that no worker has claimed, writing its status and trap as a worker would. */
  private steal(jobs: readonly Job[]): void {
    const w = this.words();
    for (let i = jobs.length - 2; i >= 0; i--) {
      const at = this.base + 3 + i * JOB_WORDS;
      if (Atomics.compareExchange(w, at + CLAIM, 0, 1) !== 0) continue;
      this.stolen[i] = true;
      const [status, trap] = callHere(this.exports, jobs[i + 1]!);
      w[at + STATUS] = status;
      w[at + TRAP] = trap;
      Atomics.add(w, this.base + 1, 1);
    }
  }

  /** Each job's status once all are done; the first trap fails the batch, and a worker that trapped is marked for `repair`. */
  private collect([first, firstTrap]: [number, number], jobs: readonly Job[]): number[] {
    const w = this.words();
    const at = (i: number) => this.base + 3 + i * JOB_WORDS;
    const trappedHere = this.slots.findIndex((_, i) => this.stolen[i] && w[at(i) + TRAP] !== 0);
    const trapped = this.slots.findIndex((_, i) => !this.stolen[i] && w[at(i) + TRAP] !== 0);
    for (const [i, slot] of this.slots.entries()) if (!this.stolen[i] && w[at(i) + TRAP] !== 0) slot.alive = false;
    if (firstTrap) throw trapError(jobs[0]!.fn, 0, firstTrap);
    if (trappedHere >= 0) throw trapError(jobs[trappedHere + 1]!.fn, 0, w[at(trappedHere) + TRAP]!);
    if (trapped >= 0) throw trapError(jobs[trapped + 1]!.fn, trapped + 1, w[at(trapped) + TRAP]!);
    return [first, ...Array.from({ length: jobs.length - 1 }, (_, i) => w[at(i) + STATUS]!)];
  }
}

import { allocate, dtypeOfTypedArray, type AnyTypedArray, type DType } from '../../graph/dtype.js';
import { ValueError } from '../../graph/errors.js';
import type { Realized } from '../../graph/node.js';
import { sizeOf } from '../../graph/shape.js';
import type { Plan, Step } from '../../kernel/plan.js';
import type { MapKernel, ReduceKernel } from '../../kernel/program.js';
import { canShareMemory, hardwareThreads } from '../../platform/workers.js';
import type { Backend, BackendCounters } from '../backend.js';
import { compile as compileJs } from '../js/kernels.js';
import { encodeMap, encodeReduce, ITEM_BYTES, type Encoded } from './encode.js';
import { Heap } from './heap.js';
import { instantiate, kernelModule, MAX_PAGES, type KernelExports } from './module.js';
import { Pool, type Job } from './pool.js';
import { CHUNK, mergeStates, STATE_WORDS } from './reduce-merge.js';

/**
 * Below this many elements a kernel runs on the calling thread alone: waking a worker
 * and waiting for it costs a few microseconds, which 16,384 float64 elements of a
 * 10-op expression (about 20 µs of work) no longer hide.
 */
const PARALLEL_MIN = 16384;
const BLOCK = 1024;

/** A batch of kernel calls that may run in parallel; the driver answers with their statuses. */
type Batch = readonly Job[];
type Steps = Generator<Batch, void, number[]>;

function viewOf(memory: WebAssembly.Memory, dtype: DType, ptr: number, n: number): AnyTypedArray {
  const Ctor = allocate(dtype, 0).constructor as new (b: ArrayBufferLike, o: number, n: number) => AnyTypedArray;
  return new Ctor(memory.buffer, ptr, n);
}

export interface WasmOptions {
  /** Threads including the calling one; defaults to the hardware's. 1 runs without workers. */
  threads?: number;
}

/**
 * The WASM backend: plan buffers live in one shared `WebAssembly.Memory`; elementwise
 * and reduce kernels run in the Rust block VM (wasm/src/vm.rs), split over a worker
 * pool whose instances share that memory; scans, matmul and the data-dependent
 * routines run the js reference kernels on heap views until their Rust kernels land.
 * Results are copied out, so freeing heap blocks never invalidates a user's array.
 */
export class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  readonly counters: BackendCounters = { compiles: 0, launches: 0 };
  private readonly seen = new Set<string>();

  private constructor(
    private readonly exports: KernelExports,
    private readonly heap: Heap,
    private readonly pool: Pool | undefined,
  ) {}

  get description(): string {
    const threads = this.pool ? `${this.pool.size} threads` : canShareMemory() ? '1 thread' : '1 thread (no SharedArrayBuffer here: the page is not cross-origin isolated)';
    return `wasm (Rust block VM over a shared WebAssembly.Memory, ${threads})`;
  }

  get threads(): number {
    return this.pool?.size ?? 1;
  }

  static async create(options: WasmOptions = {}): Promise<WasmBackend> {
    const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
    const exports = await instantiate(memory);
    const heap = new Heap(memory, Number(exports.__heap_base.value));
    const threads = options.threads ?? (await hardwareThreads());
    const pool = threads > 1 && canShareMemory() ? await Pool.create(await kernelModule(), memory, exports, heap, threads) : undefined;
    return new WasmBackend(exports, heap, pool);
  }

  /** Heap bytes held by live buffers and the heap's high-water mark (tests check both stay flat). */
  heapStats(): { live: number; top: number } {
    return this.heap.stats();
  }

  async execute(plan: Plan): Promise<Realized[]> {
    if (!this.pool || this.pool.blocking) return this.executeSync(plan);
    const gen = this.run(plan);
    for (let next = gen.next(); ; ) {
      if (next.done) return next.value;
      next = gen.next(await this.pool.run(next.value));
    }
  }

  executeSync(plan: Plan): Realized[] {
    const gen = this.run(plan);
    for (let next = gen.next(); ; ) {
      if (next.done) return next.value;
      next = gen.next(this.pool?.blocking ? this.pool.runSync(next.value) : next.value.map((j) => this.call(j)));
    }
  }

  private call(job: Job): number {
    return (this.exports[job.fn] as (...a: number[]) => number)(...job.args);
  }

  /** The plan as batches of kernel calls: the drivers above run each batch, in parallel where they can. */
  private *run(plan: Plan): Generator<Batch, Realized[], number[]> {
    const ptrs = new Map<number, number>();
    try {
      for (const b of plan.buffers) {
        const ptr = this.heap.alloc(Math.max(1, sizeOf(b.shape)) * ITEM_BYTES[b.dtype]);
        ptrs.set(b.id, ptr);
        if (b.source) viewOf(this.heap.memory, dtypeOfTypedArray(b.source.data)!, ptr, b.source.data.length).set(b.source.data);
      }
      for (const step of plan.steps) yield* this.launch(step, plan, ptrs);
      return plan.outputs.map((o) => ({ data: this.bufferView(plan, o.buffer, ptrs).slice(), view: o.view }));
    } finally {
      for (const ptr of ptrs.values()) this.heap.release(ptr);
    }
  }

  private bufferView(plan: Plan, id: number, ptrs: Map<number, number>): AnyTypedArray {
    const b = plan.buffers[id]!;
    const dtype = b.source ? dtypeOfTypedArray(b.source.data)! : b.dtype;
    return viewOf(this.heap.memory, dtype, ptrs.get(id)!, b.source ? b.source.data.length : sizeOf(b.shape));
  }

  private *launch(step: Step, plan: Plan, ptrs: Map<number, number>): Steps {
    if (!this.seen.has(step.hash)) {
      // Encoding a program is the wasm backend's compilation; the set only counts it, so bound it.
      if (this.seen.size >= 4096) this.seen.clear();
      this.seen.add(step.hash);
      this.counters.compiles++;
    }
    this.counters.launches++;
    const ptrOf = (slot: number) => ptrs.get(step.slots[slot]!)!;
    const p = step.program;
    if (p.kind === 'map') return yield* this.map(p, ptrOf);
    if (p.kind === 'reduce') return yield* this.reduce(p, ptrOf);
    compileJs(p)(step.slots.map((id) => this.bufferView(plan, id, ptrs)), p);
  }

  private *map(p: MapKernel, ptrOf: (slot: number) => number, acc?: { ptr: number; count: number }): Steps {
    const outputs = p.outputs.map((o) => ({ ref: o.ref, dtype: o.dtype, ptr: ptrOf(o.slot) }));
    const n = sizeOf(p.body.shape);
    yield* this.withProgram(encodeMap(p.body, ptrOf, outputs, acc), (code, consts, scratch) =>
      split(n, this.parallelism(n), BLOCK).map(([start, end], i) => ({ fn: 'vm_map', args: [code, consts, scratch[i]!, start, end] })),
    );
  }

  /** Chunk states in parallel (over outputs when there are many, over chunks when few), merged here in chunk order, then the epilogue. */
  private *reduce(p: ReduceKernel, ptrOf: (slot: number) => number): Steps {
    const count = sizeOf(p.epilogue.shape);
    const run = sizeOf(p.axes.map((a) => p.body.shape[a]!));
    const chunks = Math.max(1, Math.ceil(run / CHUNK));
    const nred = p.reductions.length;
    const states = this.heap.alloc(Math.max(1, count * chunks * nred * STATE_WORDS) * 8);
    const acc = this.heap.alloc(Math.max(1, nred * count) * 8);
    try {
      const enc = encodeReduce(p.body, p.axes, ptrOf, p.reductions, CHUNK);
      const threads = this.parallelism(count * run);
      yield* this.withProgram(enc, (code, consts, scratch) =>
        count >= threads
          ? split(count, threads, 1).map(([o0, o1], i) => ({ fn: 'vm_reduce_states', args: [code, consts, scratch[i]!, states, o0, o1, 0, chunks] }))
          : split(chunks, threads, 1).flatMap(([c0, c1], i) => (c1 > c0 ? [{ fn: 'vm_reduce_states' as const, args: [code, consts, scratch[i]!, states, 0, count, c0, c1] }] : [])),
      );
      const s = new Float64Array(this.heap.memory.buffer, states, count * chunks * nred * STATE_WORDS);
      const a = new Float64Array(this.heap.memory.buffer, acc, nred * count);
      p.reductions.forEach((r, k) => {
        for (let o = 0; o < count; o++) a[k * count + o] = mergeStates(r.op, r.dtype, s, (o * chunks * nred + k) * STATE_WORDS, chunks, nred * STATE_WORDS, r.ddof ?? 0);
      });
      yield* this.map({ kind: 'map', body: p.epilogue, outputs: p.outputs }, ptrOf, { ptr: acc, count });
    } finally {
      this.heap.release(states);
      this.heap.release(acc);
    }
  }

  private parallelism(work: number): number {
    return work >= PARALLEL_MIN ? this.threads : 1;
  }

  /**
   * Copies a program into the heap with scratch space for each thread, yields the
   * kernel calls `jobs` makes of it, and turns an error status into the reference's error.
   */
  private *withProgram(enc: Encoded, jobs: (code: number, consts: number, scratch: number[]) => Job[]): Steps {
    const code = this.heap.alloc(enc.code.byteLength);
    const consts = this.heap.alloc(Math.max(8, enc.consts.byteLength));
    new Int32Array(this.heap.memory.buffer, code, enc.code.length).set(enc.code);
    new Float64Array(this.heap.memory.buffer, consts, enc.consts.length).set(enc.consts);
    const scratchBytes = this.exports.vm_scratch_bytes(code);
    const scratch = Array.from({ length: this.threads }, () => this.heap.alloc(scratchBytes));
    try {
      const batch = jobs(code, consts, scratch);
      const statuses = yield batch;
      for (const status of statuses) {
        if (status === 1) throw new ValueError('pow: integers to negative integer powers are not allowed');
        if (status !== 0) throw new Error(`wasm vm: error code ${status}`);
      }
    } finally {
      [code, consts, ...scratch].forEach((ptr) => this.heap.release(ptr));
    }
  }
}

/** [0, n) cut into at most `parts` ranges whose starts are multiples of `align` (empty ranges dropped, at least one kept). */
export function split(n: number, parts: number, align: number): [number, number][] {
  const size = Math.ceil(Math.ceil(n / parts) / align) * align || align;
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += size) out.push([start, Math.min(n, start + size)]);
  return out.length > 0 ? out : [[0, 0]];
}


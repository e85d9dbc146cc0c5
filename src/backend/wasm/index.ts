import { freeze, isFrozen } from '../../graph/immutable.js';
import { allocate, copyOf, dtypeOfTypedArray, ITEM_BYTES, type AnyTypedArray, type DType } from '../../graph/dtype.js';
import type { Realized } from '../../graph/node.js';
import { sizeOf } from '../../graph/shape.js';
import type { Plan, Step } from '../../kernel/plan.js';
import type { Body } from '../../kernel/program.js';
import { canShareMemory, hardwareThreads } from '../../platform/workers.js';
import type { Backend, BackendCounters } from '../backend.js';
import { compiled as compiledJs } from '../js/plan-runner.js';
import { encodeMap, type AccArrays, type OutputTarget } from './encode.js';
import { classOf, Heap } from './heap.js';
import { Residency } from './residency.js';
import { workOf } from './work.js';
import { HeapResults } from './results.js';
import type { Batch, LaunchContext, PtrOf, Steps } from './launch.js';
import { launchReduce } from './launch-reduce.js';
import { launchContraction, launchScan, launchSort } from './launch-routines.js';
import { launchGather } from './routines/gather.js';
import { launchImpliedVol } from './routines/implied-vol.js';
import { launchGroupSlots } from './routines/group-slots.js';
import { groupAggInWasm, launchGroupAgg } from './routines/groupby.js';
import { kernelModule } from '../../platform/kernel-module.js';
import { instantiate, MAX_PAGES, type KernelExports } from './module.js';
import { Pool, runHere } from './pool.js';
import { mapGrain, split, withProgram } from './program-call.js';

export { split };

/**
 * Below this much work a kernel runs on the calling thread alone: waking a worker and
 * waiting for it is a fixed cost, which the work of 16,384 float64 elements of a 10-op
 * expression outweighs (bench/elementwise.bench.ts times that expression). Maps and
 * reductions weigh their bodies (work.ts); routines count elements, or weigh them alike.
 */
const PARALLEL_MIN = 16384;
/** The VM's block; thread ranges start on block boundaries. */
const BLOCK = 1024;

function viewOf(memory: WebAssembly.Memory, dtype: DType, ptr: number, n: number): AnyTypedArray {
  const Ctor = allocate(dtype, 0).constructor as new (b: ArrayBufferLike, o: number, n: number) => AnyTypedArray;
  return new Ctor(memory.buffer, ptr, n);
}

export interface WasmOptions {
  /** Threads including the calling one; defaults to the hardware's. 1 runs without workers. */
  threads?: number;
  /** Where the kernel module (wasm/quiver.wasm) is served from; default: beside the package's own files. */
  wasmUrl?: string | URL;
}

/** Bytes of resident heap copies (see WasmBackend.residency): arrays up to 128 MiB each stay. */
const RESIDENT_BYTES = 2 ** 29;
/**
 * Bytes of results left in the heap (see WasmBackend.results); past it, results are
 * copied out as before. A result's block goes back when its array is collected, and
 * the collector does not see the heap: a loop that reads results and drops them left
 * 512 MiB of them (and a heap that never shrinks) before the first collection, and every
 * kernel wrote into fresh pages. Copies out are JavaScript memory, which the collector
 * counts, so past this the loop's own collections give the blocks back for reuse.
 */
export const RESULT_BYTES = 2 ** 26;
/** The results of one evaluation may pass RESULT_BYTES when no other result is held, up to this (HeapResults.admits). */
const LONE_RESULT_BYTES = 2 ** 29;
/**
 * Arrays placed in the heap (placeArray): from 1 MiB, where a copy in per evaluation
 * costs more than a block held until the array is collected, and blocks of up to 2 GiB in
 * all, half of what a wasm32 memory may reach, so kernels keep the rest.
 */
const PLACED_MIN_BYTES = 2 ** 20;
const PLACED_BYTES = 2 ** 31;

/**
 * The WASM backend: plan buffers live in one shared `WebAssembly.Memory`; elementwise
 * and reduce kernels run in the Rust block VM (wasm/src/vm.rs), matmul, scans and
 * sorts, gathers and implied volatilities in Rust routines, each split over a worker pool whose instances share
 * that memory; concatenation runs the js reference routine on heap views.
 * Users read copies, so freeing heap blocks never invalidates a user's array.
 */
export class WasmBackend implements Backend, LaunchContext {
  readonly name = 'wasm' as const;
  readonly counters: BackendCounters = { compiles: 0, launches: 0 };
  private readonly seen = new Set<string>();
  /** Heap copies of frozen sources kept between evaluations. */
  private readonly residency: Residency;
  /** Results left where their kernel wrote them, until their holder releases them. */
  private readonly results: HeapResults;
  /** Arrays placed in the heap for many evaluations to read (a frame's columns), until collected. */
  private readonly placed: HeapResults;

  private constructor(
    readonly exports: KernelExports,
    readonly heap: Heap,
    private readonly pool: Pool | undefined,
  ) {
    this.residency = new Residency(heap, RESIDENT_BYTES);
    this.results = new HeapResults(heap, RESULT_BYTES, LONE_RESULT_BYTES);
    this.placed = new HeapResults(heap, PLACED_BYTES);
  }

  /** Kernels index with i32 into one 32-bit memory. */
  readonly maxElements = 2 ** 31 - 1;

  get description(): string {
    const threads = this.pool ? `${this.pool.size} threads` : canShareMemory() ? '1 thread' : '1 thread (no SharedArrayBuffer: the page is not cross-origin isolated)';
    return `wasm (Rust block VM over a shared WebAssembly.Memory, ${threads})`;
  }

  get threads(): number {
    return this.pool?.size ?? 1;
  }

  static async create(options: WasmOptions = {}): Promise<WasmBackend> {
    const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
    const exports = await instantiate(memory, options.wasmUrl);
    const heap = new Heap(memory, Number(exports.__heap_base.value));
    const threads = options.threads ?? (await hardwareThreads());
    const pool = threads > 1 && canShareMemory() ? await Pool.create(await kernelModule(), memory, exports, heap, threads) : undefined;
    return new WasmBackend(exports, heap, pool);
  }

  keepCopiesWithin(bytes: number): void {
    this.residency.resize(Math.min(RESIDENT_BYTES, bytes));
  }

  placeArray(dtype: DType, length: number): AnyTypedArray | undefined {
    const bytes = length * ITEM_BYTES[dtype];
    const block = classOf(bytes);
    if (bytes < PLACED_MIN_BYTES || !this.placed.admits(block)) return undefined;
    let ptr: number;
    try {
      ptr = this.heap.alloc(bytes);
    } catch (e) {
      // The memory cannot grow that far: the array lives in JavaScript memory and is copied in as before.
      if (e instanceof RangeError) return undefined;
      throw e;
    }
    const data = viewOf(this.heap.memory, dtype, ptr, length);
    this.placed.keep(data, ptr, block);
    return data;
  }

  /** A plan copies a source into the heap unless it is read in place (a result left there, a placed array) or has a resident copy. */
  stagesSource(data: AnyTypedArray): boolean {
    return this.inPlace(data) === undefined && !this.residency.holds(data);
  }

  /** The heap address of data when it lies in the heap already: a result left where its kernel wrote it, or a placed array. */
  private inPlace(data: AnyTypedArray): number | undefined {
    return this.results.ptrOf(data) ?? this.placed.ptrOf(data);
  }

  /** Heap bytes held by live buffers and the heap's high-water mark (tests check both stay flat). */
  heapStats(): { live: number; top: number; resident: number; results: number; placed: number } {
    return { ...this.heap.stats(), resident: this.residency.used, results: this.results.used, placed: this.placed.used };
  }

  async execute(plan: Plan): Promise<Realized[]> {
    if (this.pool && !this.pool.healthy) await this.pool.repair();
    if (!this.pool) return this.executeSync(plan);
    const gen = this.run(plan);
    for (let next = gen.next(); ; ) {
      if (next.done) return next.value;
      // One job runs on this thread anyway (Pool.inline): without the pool's queue and its promise hops (#13).
      next = gen.next(next.value.length <= 1 ? runHere(this.exports, next.value) : await this.pool.run(next.value));
    }
  }

  executeSync(plan: Plan): Realized[] {
    const gen = this.run(plan);
    for (let next = gen.next(); ; ) {
      if (next.done) return next.value;
      next = gen.next(this.pool?.blocking ? this.pool.runSync(next.value) : runHere(this.exports, next.value));
    }
  }

  parallelism(work: number): number {
    return work >= PARALLEL_MIN ? this.threads : 1;
  }

  /**
   * A map over every position: on one thread as one call; on several, each thread takes
   * the next grain of positions from a counter in the heap until none are left
   * (vm_map_shared), so the threads finish together however fast each runs.
   */
  *map(body: Body, ptrOf: PtrOf, outputs: readonly OutputTarget[], acc?: AccArrays, perm?: readonly number[]): Steps {
    const n = sizeOf(body.shape);
    const threads = this.parallelism(workOf(body, n));
    const enc = encodeMap(body, ptrOf, outputs, acc, perm);
    if (threads === 1) {
      yield* withProgram(this, enc, (code, consts, scratch) => [{ fn: 'vm_map', args: [code, consts, scratch[0]!, 0, n] }]);
      return;
    }
    const next = this.heap.alloc(4);
    try {
      new Uint32Array(this.heap.memory.buffer, next, 1)[0] = 0;
      const grain = mapGrain(n, threads, BLOCK);
      yield* withProgram(this, enc, (code, consts, scratch) => scratch.map((at) => ({ fn: 'vm_map_shared', args: [code, consts, at, next, n, grain] })));
    } finally {
      this.heap.release(next);
    }
  }

  /** The plan as batches of kernel calls: the drivers above run each batch, in parallel where they can. */
  private *run(plan: Plan): Generator<Batch, Realized[], number[]> {
    const ptrs = new Map<number, number>();
    /** Blocks owned elsewhere (resident copies of sources, results left in the heap): not released below. */
    const kept = new Set<number>();
    const pinned = new Set<unknown>();
    const heldBefore = this.results.used;
    try {
      for (const b of plan.buffers) {
        ptrs.set(b.id, b.source ? this.sourcePtr(b.source.data, pinned, kept) : this.heap.alloc(Math.max(1, sizeOf(b.shape)) * ITEM_BYTES[b.dtype]));
      }
      for (const step of plan.steps) yield* this.launch(step, plan, ptrs);
      const values = new Map<number, Omit<Realized, 'view'>>();
      for (const o of plan.outputs) if (!values.has(o.buffer)) values.set(o.buffer, this.result(plan, o.buffer, ptrs, kept, heldBefore));
      return plan.outputs.map((o) => ({ ...values.get(o.buffer)!, view: o.view }));
    } finally {
      for (const ptr of ptrs.values()) if (!kept.has(ptr)) this.heap.release(ptr);
    }
  }

  /**
   * An output's value: the heap block its kernel wrote, when the heap may keep it, else
   * a copy. A source's block (an output that is an input) belongs to its source.
   */
  private result(plan: Plan, id: number, ptrs: Map<number, number>, kept: Set<number>, heldBefore: number): Omit<Realized, 'view'> {
    const data = this.bufferView(plan, id, ptrs);
    const ptr = ptrs.get(id)!;
    if (plan.buffers[id]!.source || !this.results.admits(data.byteLength, heldBefore)) return { data: freeze(copyOf(data)) };
    kept.add(ptr);
    return { data: freeze(data), release: this.results.keep(data, ptr) };
  }

  /**
   * A source's heap address: a result still in the heap or a placed array, read in place; its resident
   * copy; or a fresh copy of the whole typed array (a realized view may cover only part
   * of it), kept resident when the array is frozen. The buffer cache leases what a plan
   * reads, so no result read in place is released under it.
   */
  private sourcePtr(data: AnyTypedArray, pinned: Set<unknown>, kept: Set<number>): number {
    const inPlace = this.inPlace(data);
    if (inPlace !== undefined) {
      kept.add(inPlace);
      return inPlace;
    }
    const resident = this.residency.lookup(data, pinned);
    if (resident !== undefined) {
      kept.add(resident);
      return resident;
    }
    const ptr = this.heap.alloc(Math.max(1, data.byteLength));
    viewOf(this.heap.memory, dtypeOfTypedArray(data)!, ptr, data.length).set(data);
    if (isFrozen(data) && this.residency.adopt(data, ptr, pinned)) kept.add(ptr);
    return ptr;
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
    switch (p.kind) {
      case 'map':
        return yield* this.map(p.body, ptrOf, p.outputs.map((o) => ({ ref: o.ref, dtype: o.dtype, ptr: ptrOf(o.slot) })));
      case 'reduce':
        return yield* launchReduce(this, p, ptrOf);
      case 'contraction':
        return yield* launchContraction(this, p, ptrOf);
      case 'scan':
        return yield* launchScan(this, p, ptrOf);
      case 'opaque':
        if (p.op === 'sort' || p.op === 'argsort') return yield* launchSort(this, p, ptrOf);
        if (p.op === 'groupAgg' && groupAggInWasm(p)) return yield* launchGroupAgg(this, p, ptrOf);
        if (p.op === 'impliedVol') return yield* launchImpliedVol(this, p, ptrOf);
        if (p.op === 'groupSlots') return yield* launchGroupSlots(this, p, ptrOf);
        if ((p.op === 'gather' || p.op === 'gatherAlong') && sizeOf(p.shape) > 0) return yield* launchGather(this, p, ptrOf);
        return compiledJs(step.hash, p)(step.slots.map((id) => this.bufferView(plan, id, ptrs)), p);
    }
  }
}

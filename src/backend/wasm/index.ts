import { allocate, dtypeOfTypedArray, type AnyTypedArray, type DType } from '../../graph/dtype.js';
import { ValueError } from '../../graph/errors.js';
import type { Realized } from '../../graph/node.js';
import { sizeOf } from '../../graph/shape.js';
import type { Plan, Step } from '../../kernel/plan.js';
import type { MapKernel, ReduceKernel } from '../../kernel/program.js';
import type { Backend, BackendCounters } from '../backend.js';
import { compile as compileJs } from '../js/kernels.js';
import { encodeMap, encodeReduce, ITEM_BYTES, type Encoded } from './encode.js';
import { Heap } from './heap.js';
import { instantiate, MAX_PAGES, type KernelExports } from './module.js';

const STORAGE_DTYPE = (a: AnyTypedArray): DType => dtypeOfTypedArray(a)!;

/** A typed view of `n` elements of `dtype` at `ptr` in the heap (valid across growth: shared buffers never detach). */
function view(memory: WebAssembly.Memory, dtype: DType, ptr: number, n: number): AnyTypedArray {
  const Ctor = allocate(dtype, 0).constructor as new (b: ArrayBufferLike, o: number, n: number) => AnyTypedArray;
  return new Ctor(memory.buffer, ptr, n);
}

/**
 * The WASM backend: plan buffers live in one shared `WebAssembly.Memory`; elementwise
 * and reduce kernels run in the Rust block VM (wasm/src/vm.rs); scans, matmul and the
 * data-dependent routines run the js reference kernels directly on heap views until
 * their Rust kernels land. Results are copied out, so freeing heap blocks after a plan
 * never invalidates an array the user holds.
 */
export class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  readonly description = 'wasm (Rust block VM over a shared WebAssembly.Memory, single-threaded)';
  readonly counters: BackendCounters = { compiles: 0, launches: 0 };
  private readonly seen = new Set<string>();

  private constructor(
    private readonly exports: KernelExports,
    private readonly heap: Heap,
  ) {}

  static async create(): Promise<WasmBackend> {
    const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
    const exports = await instantiate(memory);
    return new WasmBackend(exports, new Heap(memory, Number(exports.__heap_base.value)));
  }

  /** Heap bytes held by live buffers and the heap's high-water mark (tests check both stay flat). */
  heapStats(): { live: number; top: number } {
    return this.heap.stats();
  }

  async execute(plan: Plan): Promise<Realized[]> {
    return this.executeSync(plan);
  }

  executeSync(plan: Plan): Realized[] {
    const ptrs = new Map<number, number>();
    try {
      for (const b of plan.buffers) {
        const n = sizeOf(b.shape);
        const ptr = this.heap.alloc(Math.max(1, n) * ITEM_BYTES[b.dtype]);
        ptrs.set(b.id, ptr);
        if (b.source) view(this.heap.memory, STORAGE_DTYPE(b.source.data), ptr, b.source.data.length).set(b.source.data);
      }
      for (const step of plan.steps) this.launch(step, plan, ptrs);
      return plan.outputs.map((o) => {
        const b = plan.buffers[o.buffer]!;
        const n = b.source ? b.source.data.length : sizeOf(b.shape);
        return { data: view(this.heap.memory, b.source ? STORAGE_DTYPE(b.source.data) : b.dtype, ptrs.get(o.buffer)!, n).slice(), view: o.view };
      });
    } finally {
      for (const ptr of ptrs.values()) this.heap.release(ptr);
    }
  }

  private launch(step: Step, plan: Plan, ptrs: Map<number, number>): void {
    if (!this.seen.has(step.hash)) {
      this.seen.add(step.hash);
      this.counters.compiles++;
    }
    this.counters.launches++;
    const ptrOf = (slot: number) => ptrs.get(step.slots[slot]!)!;
    const p = step.program;
    if (p.kind === 'map') return this.runMap(p, ptrOf);
    if (p.kind === 'reduce') return this.runReduce(p, ptrOf);
    const slots = step.slots.map((id) => {
      const b = plan.buffers[id]!;
      return view(this.heap.memory, b.source ? STORAGE_DTYPE(b.source.data) : b.dtype, ptrs.get(id)!, b.source ? b.source.data.length : sizeOf(b.shape));
    });
    compileJs(p)(slots, p);
  }

  private runMap(p: MapKernel, ptrOf: (slot: number) => number, acc?: { ptr: number; count: number }): void {
    const outputs = p.outputs.map((o) => ({ ref: o.ref, dtype: o.dtype, ptr: ptrOf(o.slot) }));
    this.call(encodeMap(p.body, ptrOf, outputs, acc), (code, consts, scratch) => this.exports.vm_map(code, consts, scratch, 0, sizeOf(p.body.shape)));
  }

  private runReduce(p: ReduceKernel, ptrOf: (slot: number) => number): void {
    const count = sizeOf(p.epilogue.shape);
    const acc = this.heap.alloc(Math.max(1, p.reductions.length * count) * 8);
    try {
      const enc = encodeReduce(p.body, p.axes, ptrOf, p.reductions);
      this.call(enc, (code, consts, scratch) => this.exports.vm_reduce(code, consts, scratch, acc, 0, count));
      this.runMap({ kind: 'map', body: p.epilogue, outputs: p.outputs }, ptrOf, { ptr: acc, count });
    } finally {
      this.heap.release(acc);
    }
  }

  /** Copies a program into the heap, gives it scratch space, runs it, and turns an error code into the reference's error. */
  private call(enc: Encoded, run: (code: number, consts: number, scratch: number) => number): void {
    const code = this.heap.alloc(enc.code.byteLength);
    const consts = this.heap.alloc(Math.max(8, enc.consts.byteLength));
    new Int32Array(this.heap.memory.buffer, code, enc.code.length).set(enc.code);
    new Float64Array(this.heap.memory.buffer, consts, enc.consts.length).set(enc.consts);
    const scratch = this.heap.alloc(this.exports.vm_scratch_bytes(code));
    try {
      const status = run(code, consts, scratch);
      if (status === 1) throw new ValueError('pow: integers to negative integer powers are not allowed');
      if (status !== 0) throw new Error(`wasm vm: error code ${status}`);
    } finally {
      [code, consts, scratch].forEach((p) => this.heap.release(p));
    }
  }
}


import { readFileSync } from 'node:fs';
import { compileBody, BLOCK } from '../../src/backend/js/body.js';
import { accumulator } from '../../src/backend/js/reducers.js';
import { DTYPE_CODE, OPCODE, REDUCE_CODE, SOURCE_CODE } from '../../src/backend/wasm/opcodes.js';
import { allocate, ITEM_BYTES, ROUND_TO, type AnyTypedArray, type DType } from '../../src/graph/dtype.js';
import { ELEMENTWISE, type ElementwiseOp } from '../../src/graph/ops.js';
import { sizeOf } from '../../src/graph/shape.js';
import type { Body, ReduceKind } from '../../src/kernel/program.js';

/**
 * Test-only: encodes kernel bodies in the block VM's bytecode (the layout in
 * wasm/src/vm.rs, written here independently of src/backend/wasm/encode.ts, with the
 * codes of the generated contract, src/backend/wasm/opcodes.ts), runs them in
 * wasm/quiver.wasm over a shared memory, and runs the same bodies in the js reference
 * backend (src/backend/js/body.ts, reducers.ts) to compare.
 */

/** The elementwise ops in the order of their opcodes. */
export const OPCODES: readonly ElementwiseOp[] = (Object.keys(ELEMENTWISE) as ElementwiseOp[]).sort((a, b) => OPCODE[a] - OPCODE[b]);

export interface OutputSpec {
  readonly ref: number;
  readonly dtype: DType;
}
export interface ReductionSpec {
  readonly op: ReduceKind;
  readonly ref: number;
  readonly dtype: DType;
  readonly ddof?: number;
}
/** A body whose last `reduced` axes are reduced (kept axes first, as the contract has it). */
export interface ReduceCase {
  readonly body: Body;
  readonly slots: readonly AnyTypedArray[];
  readonly reduced: number;
  readonly reductions: readonly ReductionSpec[];
}

export function encode(body: Body, ptrOf: (slot: number) => number, outputs: readonly (OutputSpec & { ptr: number })[], reduce?: { reductions: readonly ReductionSpec[]; run: number; count: number; chunk: number }): { code: Int32Array; consts: Float64Array } {
  const code: number[] = [];
  const consts: number[] = [];
  const constant = (...v: number[]) => consts.push(...v) - v.length;
  code.push(body.shape.length, ...body.shape, body.loads.length);
  for (const l of body.loads) {
    const { offset, strides } = l.view;
    const g = l.generator;
    if (!g) code.push(SOURCE_CODE.memory, DTYPE_CODE[l.dtype], ptrOf(l.slot), offset, ...strides);
    else if (g.kind === 'range') code.push(SOURCE_CODE.range, DTYPE_CODE[l.dtype], offset, ...strides, constant(g.start, g.step, g.last ?? NaN, g.size));
    else code.push(SOURCE_CODE.random, DTYPE_CODE[l.dtype], offset, ...strides, g.key0, g.key1, g.stream, g.word);
  }
  code.push(body.instrs.length);
  for (const ins of body.instrs) {
    if (ins.op === 'load') code.push(OPCODE.load, DTYPE_CODE[ins.dtype], -1, -1, -1, ins.load);
    else if (ins.op === 'const') code.push(OPCODE.const, DTYPE_CODE[ins.dtype], -1, -1, -1, constant(ins.value));
    else if (ins.op === 'acc') throw new Error('encode: acc instructions are not used in VM tests');
    else {
      const [a = -1, b = -1, c = -1] = ins.args;
      code.push(OPCODE[ins.op], DTYPE_CODE[ins.dtype], a, b, c, ins.decimals ?? 0);
    }
  }
  code.push(outputs.length);
  for (const o of outputs) code.push(o.ref, DTYPE_CODE[o.dtype], o.ptr);
  if (reduce) {
    code.push(reduce.reductions.length);
    for (const r of reduce.reductions) code.push(REDUCE_CODE[r.op], r.ref, DTYPE_CODE[r.dtype], r.ddof === undefined ? -1 : constant(r.ddof));
    code.push(reduce.run, reduce.count, reduce.chunk);
  }
  return { code: Int32Array.from(code), consts: Float64Array.from(consts) };
}

interface VmExports {
  __heap_base: WebAssembly.Global;
  vm_scratch_bytes(code: number): number;
  vm_map(code: number, consts: number, scratch: number, start: number, end: number): number;
  vm_map_shared(code: number, consts: number, scratch: number, next: number, end: number, grain: number): number;
  vm_reduce(code: number, consts: number, scratch: number, acc: number, oStart: number, oEnd: number): number;
  vm_reduce_states(code: number, consts: number, scratch: number, states: number, oStart: number, oEnd: number, cStart: number, cEnd: number): number;
}

/** wasm/quiver.wasm on a shared memory, with a bump allocator above `__heap_base` that `reset` empties. */
export class Vm {
  readonly memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
  readonly exports: VmExports;
  private readonly base: number;
  private top: number;

  constructor() {
    const module = new WebAssembly.Module(readFileSync(new URL('../../wasm/quiver.wasm', import.meta.url)));
    this.exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as VmExports;
    this.base = this.top = Number(this.exports.__heap_base.value);
  }

  reset(): void {
    this.top = this.base;
  }

  alloc(bytes: number): number {
    const ptr = Math.ceil(this.top / 64) * 64;
    this.top = ptr + Math.max(bytes, 1);
    const short = this.top - this.memory.buffer.byteLength;
    if (short > 0) this.memory.grow(Math.ceil(short / 65536));
    return ptr;
  }

  place(a: ArrayBufferView & ArrayLike<number>): number {
    const ptr = this.alloc(a.byteLength);
    new Uint8Array(this.memory.buffer, ptr, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return ptr;
  }

  view(dtype: DType, ptr: number, n: number): AnyTypedArray {
    const Ctor = allocate(dtype, 0).constructor as new (b: ArrayBufferLike, o: number, n: number) => AnyTypedArray;
    return new Ctor(this.memory.buffer, ptr, n);
  }

  /** Places slots, code and consts; returns their addresses and a scratch region. */
  load(slots: readonly AnyTypedArray[], encodeWith: (ptrOf: (slot: number) => number) => { code: Int32Array; consts: Float64Array }) {
    const ptrs = slots.map((s) => this.place(s));
    const { code, consts } = encodeWith((slot) => ptrs[slot]!);
    const codePtr = this.place(code);
    const constsPtr = this.place(consts);
    const scratchBytes = this.exports.vm_scratch_bytes(codePtr);
    return { code: codePtr, consts: constsPtr, scratch: this.alloc(scratchBytes), scratchBytes };
  }

  /** Runs a map body over `ranges` (default: all positions in one call); the first nonzero status stops it. */
  map(body: Body, slots: readonly AnyTypedArray[], outputs: readonly OutputSpec[], ranges?: readonly [number, number][]): { status: number; outputs: AnyTypedArray[] } {
    const n = sizeOf(body.shape);
    const placed = outputs.map((o) => ({ ...o, ptr: this.alloc(n * ITEM_BYTES[o.dtype]) }));
    const p = this.load(slots, (ptrOf) => encode(body, ptrOf, placed));
    let status = 0;
    for (const [start, end] of ranges ?? [[0, n]]) {
      status = this.exports.vm_map(p.code, p.consts, p.scratch, start, end);
      if (status !== 0) break;
    }
    return { status, outputs: placed.map((o) => this.view(o.dtype, o.ptr, n).slice()) };
  }

  /**
   * vm_map_shared called `calls` times in turn on one counter that starts at `taken` (the
   * positions other threads took first), every output filled with `fill` beforehand.
   */
  mapShared(body: Body, slots: readonly AnyTypedArray[], outputs: readonly OutputSpec[], o: { grain: number; taken: number; calls: number; fill: number }) {
    const n = sizeOf(body.shape);
    const placed = outputs.map((out) => ({ ...out, ptr: this.alloc(n * ITEM_BYTES[out.dtype]) }));
    placed.forEach((out) => this.view(out.dtype, out.ptr, n).fill(o.fill));
    const p = this.load(slots, (ptrOf) => encode(body, ptrOf, placed));
    const next = this.alloc(4);
    new Uint32Array(this.memory.buffer, next, 1)[0] = o.taken;
    const statuses = Array.from({ length: o.calls }, () => this.exports.vm_map_shared(p.code, p.consts, p.scratch, next, n, o.grain));
    return { statuses, next: new Uint32Array(this.memory.buffer, next, 1)[0]!, outputs: placed.map((out) => this.view(out.dtype, out.ptr, n).slice()) };
  }

  /** vm_reduce over all outputs in `calls` calls; acc[k * count + o]. */
  reduce(c: ReduceCase, calls = 1): { status: number; acc: Float64Array } {
    const { run, count } = runAndCount(c);
    const acc = this.alloc(Math.max(1, c.reductions.length * count) * 8);
    const p = this.load(c.slots, (ptrOf) => encode(c.body, ptrOf, [], { reductions: c.reductions, run, count, chunk: 65536 }));
    let status = 0;
    const per = Math.ceil(count / calls);
    for (let o = 0; o < count && status === 0; o += per) status = this.exports.vm_reduce(p.code, p.consts, p.scratch, acc, o, Math.min(count, o + per));
    return { status, acc: new Float64Array(this.view('float64', acc, c.reductions.length * count) as Float64Array) };
  }

  /** vm_reduce_states with `chunk` positions per state, one call per chunk of every output. */
  reduceStates(c: ReduceCase, chunk: number): { status: number; states: Float64Array; chunks: number } {
    const { run, count } = runAndCount(c);
    const chunks = Math.max(1, Math.ceil(run / chunk));
    const words = count * chunks * c.reductions.length * 3;
    const states = this.alloc(Math.max(1, words) * 8);
    const p = this.load(c.slots, (ptrOf) => encode(c.body, ptrOf, [], { reductions: c.reductions, run, count, chunk }));
    let status = 0;
    for (let ch = 0; ch < chunks && status === 0; ch++) status = this.exports.vm_reduce_states(p.code, p.consts, p.scratch, states, 0, count, ch, ch + 1);
    return { status, states: new Float64Array(this.view('float64', states, words) as Float64Array), chunks };
  }
}

export function runAndCount(c: ReduceCase): { run: number; count: number } {
  const shape = c.body.shape;
  return { run: sizeOf(shape.slice(shape.length - c.reduced)), count: sizeOf(shape.slice(0, shape.length - c.reduced)) };
}

/** The js backend's map: body.ts blocks, outputs stored through their TypedArrays. Errors are returned. */
export function referenceMap(body: Body, slots: readonly AnyTypedArray[], outputs: readonly OutputSpec[]): { error?: Error; outputs: AnyTypedArray[] } {
  const n = sizeOf(body.shape);
  const out = outputs.map((o) => allocate(o.dtype, n));
  const compiled = compileBody(body);
  compiled.bind(slots);
  try {
    for (let start = 0; start < n; start += BLOCK) {
      const len = Math.min(BLOCK, n - start);
      compiled.run(start, len);
      outputs.forEach((o, k) => out[k]!.set(compiled.regs[o.ref]!.subarray(0, len), start));
    }
  } catch (error) {
    return { error: error as Error, outputs: out };
  }
  return { outputs: out };
}

/** The js backend's reduce (kernels.ts compileReduce): accumulators fed block by block, results rounded. */
export function referenceReduce(c: ReduceCase): Float64Array {
  const { run, count } = runAndCount(c);
  const compiled = compileBody(c.body);
  compiled.bind(c.slots);
  const acc = new Float64Array(c.reductions.length * count);
  for (let o = 0; o < count; o++) {
    const states = c.reductions.map((r) => accumulator(r.op, r.dtype, r.ddof));
    for (let s = 0; s < run; s += BLOCK) {
      const len = Math.min(BLOCK, run - s);
      compiled.run(o * run + s, len);
      c.reductions.forEach((r, k) => states[k]!.add(compiled.regs[r.ref]!, len, s));
    }
    c.reductions.forEach((r, k) => (acc[k * count + o] = ROUND_TO[r.dtype](states[k]!.result())));
  }
  return acc;
}

/** Distance in units in the last place between two floats of `dtype` (0 for equal, NaN pairs and same-signed infinities). */
export function ulps(a: number, b: number, dtype: 'float32' | 'float64'): number {
  if (Object.is(a, b) || (a !== a && b !== b)) return 0;
  if (a !== a || b !== b || !Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const ordinal = (x: number): bigint => {
    if (dtype === 'float32') {
      const i = new Int32Array(Float32Array.of(x).buffer)[0]!;
      return BigInt(i < 0 ? -2147483648 - i : i);
    }
    const i = new BigInt64Array(Float64Array.of(x).buffer)[0]!;
    return i < 0n ? -9223372036854775808n - i : i;
  };
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

import { ITEM_BYTES, type DType } from '../../graph/dtype.js';
import { contiguousStrides, type Shape } from '../../graph/shape.js';
import type { View } from '../../graph/view.js';
import type { Body, Instr, ReduceKind } from '../../kernel/program.js';
import { DTYPE_CODE, OPCODE, REDUCE_CODE, SOURCE_CODE } from './opcodes.js';

/**
 * The block VM's bytecode (wasm/src/vm.rs reads it; the layout is documented there):
 * a body becomes i32 words plus f64 constants, its codes those of opcodes.ts (generated
 * from the op table). Pointers are byte addresses in the shared heap, filled in per launch.
 */
export interface Encoded {
  readonly code: Int32Array;
  readonly consts: Float64Array;
}

/** An encoding with the positions of its heap addresses: a later launch of the same body patches only those. */
interface Template extends Encoded {
  readonly sites: Int32Array;
}

export interface OutputTarget {
  readonly ref: number;
  readonly dtype: DType;
  readonly ptr: number;
}

class Writer {
  readonly code: number[] = [];
  readonly consts: number[] = [];
  private readonly sites: number[] = [];
  /** `ptrs` are the heap addresses, in the order pointersOf lists them. */
  constructor(private readonly ptrs: readonly number[]) {}
  words(...w: number[]): void {
    for (const x of w) this.code.push(x | 0);
  }
  /** The next heap address, its position noted. */
  ptr(): void {
    this.sites.push(this.code.length);
    this.code.push(this.ptrs[this.sites.length - 1]! | 0);
  }
  constant(...v: number[]): number {
    return this.consts.push(...v) - v.length;
  }
  done(): Template {
    return { code: Int32Array.from(this.code), consts: Float64Array.from(this.consts), sites: Int32Array.from(this.sites) };
  }
}

/**
 * Encodings by body, and by what else a launch encodes with it (Body objects belong to
 * a plan, which the plan cache keeps and rebinds): a loop evaluating one expression
 * shape encodes it once and then copies it with its addresses patched. Encoding the
 * 10-op expression was about a twentieth of a call over 1,000 values (#13).
 */
const templates = new WeakMap<Body, Map<string, Template>>();

function cached(body: Body, key: string, ptrs: readonly number[], write: (w: Writer) => void): Encoded {
  let forBody = templates.get(body);
  if (!forBody) templates.set(body, (forBody = new Map()));
  let t = forBody.get(key);
  if (!t) {
    const w = new Writer(ptrs);
    write(w);
    forBody.set(key, (t = w.done()));
    return t;
  }
  const code = t.code.slice();
  ptrs.forEach((p, k) => (code[t!.sites[k]!] = p | 0));
  return { code, consts: t.consts };
}

/** Accumulators an epilogue reads, in order of first use: each becomes an extra load. */
function accsOf(body: Body): number[] {
  const order: number[] = [];
  for (const ins of body.instrs) if (ins.op === 'acc' && !order.includes(ins.acc)) order.push(ins.acc);
  return order;
}

/** A body's heap addresses in the order writeBody writes them: memory loads, accumulator loads, outputs. */
function pointersOf(body: Body, ptrOf: (slot: number) => number, outputs: readonly OutputTarget[], acc?: AccArrays): number[] {
  const ptrs: number[] = [];
  for (const l of body.loads) if (!l.generator) ptrs.push(ptrOf(l.slot));
  for (const k of accsOf(body)) ptrs.push(acc!.ptr + k * acc!.count * ITEM_BYTES[acc!.dtype]);
  for (const o of outputs) ptrs.push(o.ptr);
  return ptrs;
}

/**
 * Writes a body: its iteration shape, its loads (memory, range or random; views given
 * separately so a reduce can pass them permuted), its instructions and its outputs.
 * An epilogue's `acc` instructions become loads of the accumulator array (float64,
 * `count` values per accumulator, laid out accumulator-major).
 */
/** Arrays an epilogue reads with `acc` instructions: accumulator k holds `count` values of `dtype` at ptr + k * count * itemsize. */
export interface AccArrays {
  readonly ptr: number;
  readonly count: number;
  readonly dtype: DType;
}

function writeBody(w: Writer, body: Body, shape: Shape, views: readonly View[], outputs: readonly Pick<OutputTarget, 'ref' | 'dtype'>[], acc?: AccArrays): void {
  w.words(shape.length, ...shape);
  const accs = accsOf(body);
  const accLoad = new Map(accs.map((k, i) => [k, body.loads.length + i]));
  w.words(body.loads.length + accs.length);
  body.loads.forEach((l, i) => {
    const v = views[i]!;
    const g = l.generator;
    if (!g) {
      w.words(SOURCE_CODE.memory, DTYPE_CODE[l.dtype]);
      w.ptr();
      w.words(v.offset, ...v.strides);
    } else if (g.kind === 'range') w.words(SOURCE_CODE.range, DTYPE_CODE[l.dtype], v.offset, ...v.strides, w.constant(g.start, g.step, g.last ?? NaN, g.size));
    else w.words(SOURCE_CODE.random, DTYPE_CODE[l.dtype], v.offset, ...v.strides, g.key0, g.key1, g.stream, g.word);
  });
  const contiguous = contiguousStrides(shape);
  for (const _ of accs) {
    w.words(SOURCE_CODE.memory, DTYPE_CODE[acc!.dtype]);
    w.ptr();
    w.words(0, ...contiguous);
  }
  w.words(body.instrs.length);
  for (const ins of body.instrs) w.words(...instrWords(ins, w, accLoad));
  w.words(outputs.length);
  for (const o of outputs) {
    w.words(o.ref, DTYPE_CODE[o.dtype]);
    w.ptr();
  }
}

function instrWords(ins: Instr, w: Writer, accLoad: Map<number, number>): number[] {
  switch (ins.op) {
    case 'load':
      return [OPCODE.load, DTYPE_CODE[ins.dtype], -1, -1, -1, ins.load];
    case 'const':
      return [OPCODE.const, DTYPE_CODE[ins.dtype], -1, -1, -1, w.constant(ins.value)];
    case 'acc':
      return [OPCODE.load, DTYPE_CODE[ins.dtype], -1, -1, -1, accLoad.get(ins.acc)!];
    default: {
      const [a = -1, b = -1, c = -1] = ins.args;
      return [OPCODE[ins.op], DTYPE_CODE[ins.dtype], a, b, c, ins.decimals ?? 0];
    }
  }
}

/**
 * A map body: positions [start, end) of `body.shape`, outputs written contiguously.
 * With `perm` the iteration runs over the permuted shape (axes in `perm` order), so
 * the outputs come out laid out with those axes (a scan or sort lane made contiguous).
 */
export function encodeMap(body: Body, ptrOf: (slot: number) => number, outputs: readonly OutputTarget[], acc?: AccArrays, perm?: readonly number[]): Encoded {
  const key = `m${perm ?? ''}|${acc?.dtype ?? ''}|${outputs.map((o) => `${o.ref}:${o.dtype}`).join()}`;
  return cached(body, key, pointersOf(body, ptrOf, outputs, acc), (w) => {
    const shape = perm ? perm.map((a) => body.shape[a]!) : body.shape;
    const views = body.loads.map((l) => (perm ? { shape, strides: perm.map((a) => l.view.strides[a]!), offset: l.view.offset } : l.view));
    writeBody(w, body, shape, views, outputs, acc);
  });
}

export interface ReductionSpec {
  readonly op: ReduceKind;
  readonly ref: number;
  readonly dtype: DType;
  readonly ddof?: number;
}

/**
 * A reduce body with its views permuted so kept axes come first and reduced axes
 * last (each output's inputs are then one run of positions), followed by the
 * reductions, the run length, the number of outputs and the chunk length.
 */
export function encodeReduce(body: Body, axes: readonly number[], ptrOf: (slot: number) => number, reductions: readonly ReductionSpec[], chunk: number): Encoded {
  const key = `r${axes}|${chunk}|${reductions.map((r) => `${r.op}:${r.ref}:${r.dtype}:${r.ddof}`).join()}`;
  return cached(body, key, pointersOf(body, ptrOf, []), (w) => {
    const kept = body.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const perm = [...kept, ...axes];
    const shape = perm.map((a) => body.shape[a]!);
    const views = body.loads.map((l) => ({ shape, strides: perm.map((a) => l.view.strides[a]!), offset: l.view.offset }));
    writeBody(w, body, shape, views, []);
    w.words(reductions.length);
    for (const r of reductions) w.words(REDUCE_CODE[r.op], r.ref, DTYPE_CODE[r.dtype], r.ddof === undefined ? -1 : w.constant(r.ddof));
    const run = axes.reduce((s, a) => s * body.shape[a]!, 1);
    const count = kept.reduce((s, a) => s * body.shape[a]!, 1);
    w.words(run, count, chunk);
  });
}

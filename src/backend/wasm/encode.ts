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

export interface OutputTarget {
  readonly ref: number;
  readonly dtype: DType;
  readonly ptr: number;
}

class Writer {
  readonly code: number[] = [];
  readonly consts: number[] = [];
  words(...w: number[]): void {
    for (const x of w) this.code.push(x | 0);
  }
  constant(...v: number[]): number {
    return this.consts.push(...v) - v.length;
  }
  done(): Encoded {
    return { code: Int32Array.from(this.code), consts: Float64Array.from(this.consts) };
  }
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

function writeBody(w: Writer, body: Body, shape: Shape, views: readonly View[], ptrOf: (slot: number) => number, outputs: readonly OutputTarget[], acc?: AccArrays): void {
  w.words(shape.length, ...shape);
  const extraLoads: { ptr: number }[] = [];
  const accLoad = new Map<number, number>();
  body.instrs.forEach((ins) => {
    if (ins.op === 'acc' && !accLoad.has(ins.acc)) accLoad.set(ins.acc, body.loads.length + extraLoads.push({ ptr: acc!.ptr + ins.acc * acc!.count * ITEM_BYTES[acc!.dtype] }) - 1);
  });
  w.words(body.loads.length + extraLoads.length);
  body.loads.forEach((l, i) => {
    const v = views[i]!;
    const g = l.generator;
    if (!g) w.words(SOURCE_CODE.memory, DTYPE_CODE[l.dtype], ptrOf(l.slot), v.offset, ...v.strides);
    else if (g.kind === 'range') w.words(SOURCE_CODE.range, DTYPE_CODE[l.dtype], v.offset, ...v.strides, w.constant(g.start, g.step, g.last ?? NaN, g.size));
    else w.words(SOURCE_CODE.random, DTYPE_CODE[l.dtype], v.offset, ...v.strides, g.key0, g.key1, g.stream, g.word);
  });
  const contiguous = contiguousStrides(shape);
  for (const e of extraLoads) w.words(SOURCE_CODE.memory, DTYPE_CODE[acc!.dtype], e.ptr, 0, ...contiguous);
  w.words(body.instrs.length);
  for (const ins of body.instrs) w.words(...instrWords(ins, w, accLoad));
  w.words(outputs.length);
  for (const o of outputs) w.words(o.ref, DTYPE_CODE[o.dtype], o.ptr);
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
  const w = new Writer();
  const shape = perm ? perm.map((a) => body.shape[a]!) : body.shape;
  const views = body.loads.map((l) => (perm ? { shape, strides: perm.map((a) => l.view.strides[a]!), offset: l.view.offset } : l.view));
  writeBody(w, body, shape, views, ptrOf, outputs, acc);
  return w.done();
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
  const kept = body.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const shape = perm.map((a) => body.shape[a]!);
  const views = body.loads.map((l) => ({ shape, strides: perm.map((a) => l.view.strides[a]!), offset: l.view.offset }));
  const w = new Writer();
  writeBody(w, body, shape, views, ptrOf, []);
  w.words(reductions.length);
  for (const r of reductions) w.words(REDUCE_CODE[r.op], r.ref, DTYPE_CODE[r.dtype], r.ddof === undefined ? -1 : w.constant(r.ddof));
  const run = axes.reduce((s, a) => s * body.shape[a]!, 1);
  const count = kept.reduce((s, a) => s * body.shape[a]!, 1);
  w.words(run, count, chunk);
  return w.done();
}

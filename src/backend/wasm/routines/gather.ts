import { ITEM_BYTES, type DType } from '../../../graph/dtype.js';
import { IndexError } from '../../../graph/errors.js';
import { sizeOf } from '../../../graph/shape.js';
import { contiguousView, type View } from '../../../graph/view.js';
import type { Body, OpaqueKernel } from '../../../kernel/program.js';
import { withBlocks, type LaunchContext, type PtrOf, type Steps } from '../launch.js';
import { split } from '../program-call.js';

/** The gather entry point of wasm/quiver.wasm (wasm/src/gather.rs documents the descriptor and statuses). */
export interface GatherExports {
  gather(desc: number, start: number, end: number, fault: number): number;
}

/** Descriptor words before the shape and the two stride lists (wasm/src/gather.rs). */
const HEADER = 11;
/** Thread ranges start on multiples of this: 64 outputs are at least one 64-byte line even for bool. */
const ALIGN = 64;

/** An input as the kernel reads it: a buffer address and the view over it (elements). */
interface Operand {
  readonly ptr: number;
  readonly view: View;
}

/**
 * Where a body's value already lies in the heap: a body that only loads a stored buffer of
 * the wanted dtype, read through its view, whatever its strides.
 */
function stored(body: Body, ref: number, dtype: DType, ptrOf: PtrOf): Operand | undefined {
  const ins = body.instrs[ref]!;
  if (ins.op !== 'load' || ins.dtype !== dtype) return undefined;
  const load = body.loads[ins.load]!;
  return load.slot >= 0 && !load.generator && load.dtype === dtype ? { ptr: ptrOf(load.slot), view: load.view } : undefined;
}

/** The output space: shape and, per axis, the element strides into x and into the indices. */
interface Space {
  shape: number[];
  xs: number[];
  is: number[];
}

/**
 * take's output is x's outer axes, the index axes, x's inner axes; take_along_axis's is the
 * indices' shape, x's stride along `axis` coming from the index value alone.
 */
function outputSpace(p: OpaqueKernel, x: View, idx: View): Space {
  const a = p.axis;
  if (p.op === 'gatherAlong') return { shape: [...p.shape], xs: x.strides.map((s, d) => (d === a ? 0 : s)), is: [...idx.strides] };
  const zeros = (n: number) => Array<number>(n).fill(0);
  const outer = x.strides.slice(0, a);
  const inner = x.strides.slice(a + 1);
  return {
    shape: [...p.shape],
    xs: [...outer, ...zeros(idx.shape.length), ...inner],
    is: [...zeros(outer.length), ...idx.strides, ...zeros(inner.length)],
  };
}

/**
 * Size-1 axes dropped and neighbours merged where both stride lists allow, so a contiguous
 * take is one long run per index (a slice copy) and the kernel's odometer turns rarely.
 */
function collapse(sp: Space): Space {
  const out: Space = { shape: [], xs: [], is: [] };
  sp.shape.forEach((size, d) => {
    if (size === 1) return;
    const k = out.shape.length - 1;
    if (k >= 0 && out.xs[k] === sp.xs[d]! * size && out.is[k] === sp.is[d]! * size) {
      out.shape[k]! *= size;
      out.xs[k] = sp.xs[d]!;
      out.is[k] = sp.is[d]!;
    } else {
      out.shape.push(size);
      out.xs.push(sp.xs[d]!);
      out.is.push(sp.is[d]!);
    }
  });
  return out.shape.length > 0 ? out : { shape: [1], xs: [0], is: [0] };
}

/** The lowest element a view reaches and how many elements lie between it and the highest (address words). */
function extent(op: Operand, item: number): [ptr: number, span: number, origin: number] {
  const { shape, strides, offset } = op.view;
  if (sizeOf(shape) === 0) return [op.ptr, 0, 0];
  const low = shape.reduce((m, d, i) => m + Math.min(0, (d - 1) * strides[i]!), offset);
  const high = shape.reduce((m, d, i) => m + Math.max(0, (d - 1) * strides[i]!), offset);
  return [op.ptr + low * item, high - low + 1, offset - low];
}

function descriptor(p: OpaqueKernel, x: Operand, idx: Operand, out: number, item: number): Int32Array {
  const sp = collapse(outputSpace(p, x.view, idx.view));
  const len = x.view.shape[p.axis]!;
  const header = [item, ...extent(x, item), ...extent(idx, 4), out, len, x.view.strides[p.axis]!, sp.shape.length];
  return Int32Array.from([...header, ...sp.shape, ...sp.xs, ...sp.is]);
}

/**
 * np.take / np.take_along_axis: each input read in place when it is a stored buffer (any
 * view), else its prologue evaluated once into the heap; then the Rust gather over output
 * ranges split across the threads. An index out of bounds raises the reference's error.
 * An empty output is left to the reference, which still checks take's indices then.
 */
export function* launchGather(ctx: LaunchContext, p: OpaqueKernel, ptrOf: PtrOf): Steps {
  const out = p.outputs[0]!;
  const item = ITEM_BYTES[out.dtype];
  const dtypes: DType[] = [out.dtype, 'int32'];
  const direct = p.inputs.map((b, k) => stored(b, p.refs[k]!, dtypes[k]!, ptrOf));
  const copies = direct.map((d, k) => (d ? 0 : sizeOf(p.inputs[k]!.shape) * ITEM_BYTES[dtypes[k]!]));
  const n = sizeOf(p.shape);
  const ranges = split(n, ctx.parallelism(n), ALIGN);
  const descBytes = (HEADER + 3 * Math.max(1, p.shape.length)) * 4;
  yield* withBlocks(ctx.heap, [...copies, descBytes, ranges.length * 4], function* ([xCopy, iCopy, desc, faults]) {
    const operands = [xCopy!, iCopy!].map((ptr, k) => direct[k] ?? { ptr, view: contiguousView(p.inputs[k]!.shape) });
    for (let k = 0; k < 2; k++) {
      if (!direct[k]) yield* ctx.map(p.inputs[k]!, ptrOf, [{ ref: p.refs[k]!, dtype: dtypes[k]!, ptr: operands[k]!.ptr }]);
    }
    const words = descriptor(p, operands[0]!, operands[1]!, ptrOf(out.slot), item);
    new Int32Array(ctx.heap.memory.buffer, desc!, words.length).set(words);
    const statuses = yield ranges.map(([s, e], t) => ({ fn: 'gather' as const, args: [desc!, s, e, faults! + 4 * t] }));
    const failed = statuses.findIndex((s) => s !== 0);
    if (failed < 0) return;
    const op = p.op === 'gather' ? 'take' : 'takeAlongAxis';
    if (statuses[failed] !== 1) throw new Error(`${op}: the wasm gather kernel rejected its descriptor (status ${statuses[failed]})`);
    const index = new Int32Array(ctx.heap.memory.buffer, faults!, ranges.length)[failed]!;
    throw new IndexError(`${op}: index ${index} is out of bounds for axis ${p.axis} with size ${words[8]}`);
  });
}

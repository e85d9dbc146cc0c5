import { ROUND_TO, type AnyTypedArray } from '../../graph/dtype.js';
import { sizeOf } from '../../graph/shape.js';
import { permuteView } from '../../graph/view.js';
import type { Body, ContractionKernel, KernelProgram, MapKernel, Output, ReduceKernel, ScanKernel } from '../../kernel/program.js';
import { BLOCK, collectBodies, compileBody, type CompiledBody } from './body.js';
import { accumulator } from './reducers.js';
import { seriesSweep } from './series.js';
import { compileOpaque } from './opaque.js';

/**
 * A compiled kernel: give it one typed array per slot (outputs already allocated) and
 * the program being run (same hash as the one compiled; its random keys and constants may differ).
 */
export type Executable = (slots: AnyTypedArray[], program: KernelProgram) => void;

/** Runs `body` over all of `n` positions in blocks, handing each block to `each`. */
function blocks(body: CompiledBody, n: number, each: (start: number, len: number) => void): void {
  for (let start = 0; start < n; start += BLOCK) {
    const len = Math.min(BLOCK, n - start);
    body.run(start, len);
    each(start, len);
  }
}

function writeOutputs(body: CompiledBody, outputs: readonly Output[], slots: AnyTypedArray[], start: number, len: number): void {
  for (const o of outputs) slots[o.slot]!.set(body.regs[o.ref]!.subarray(0, len), start);
}

function compileMap(p: MapKernel): Executable {
  const body = compileBody(p.body);
  const n = sizeOf(p.body.shape);
  return (slots, run) => {
    body.bind(slots, [], (run as MapKernel).body);
    blocks(body, n, (start, len) => writeOutputs(body, p.outputs, slots, start, len));
  };
}

/** Evaluates an epilogue over all outputs, reading accumulators. */
function runEpilogue(epi: CompiledBody, body: Body, n: number, outputs: readonly Output[], slots: AnyTypedArray[], accs: Float64Array[]): void {
  epi.bind(slots, accs, body);
  blocks(epi, n, (start, len) => writeOutputs(epi, outputs, slots, start, len));
}

/**
 * Kept axes outermost, reduced axes innermost: each output's inputs are then one run
 * of consecutive positions, fed to the accumulators block by block.
 */
function compileReduce(p: ReduceKernel): Executable {
  const shape = p.body.shape;
  const kept = shape.map((_, i) => i).filter((i) => !p.axes.includes(i));
  const perm = [...kept, ...p.axes];
  const body = compileBody(p.body, p.body.loads.map((l) => permuteView(l.view, perm)));
  const epi = compileBody(p.epilogue);
  const runLength = sizeOf(p.axes.map((a) => shape[a]!));
  const count = sizeOf(kept.map((a) => shape[a]!));
  return (slots, program) => {
    const run = program as ReduceKernel;
    body.bind(slots, [], run.body);
    const accs = p.reductions.map(() => new Float64Array(count));
    for (let o = 0; o < count; o++) {
      const states = p.reductions.map((r) => accumulator(r.op, r.dtype, r.ddof));
      for (let s = 0; s < runLength; s += BLOCK) {
        const len = Math.min(BLOCK, runLength - s);
        body.run(o * runLength + s, len);
        p.reductions.forEach((r, k) => states[k]!.add(body.regs[r.ref]!, len, s));
      }
      p.reductions.forEach((r, k) => (accs[k]![o] = ROUND_TO[r.dtype](states[k]!.result())));
    }
    runEpilogue(epi, run.epilogue, count, p.outputs, slots, accs);
  };
}

/**
 * The scan axis innermost; float32 accumulates in float32 and integers wrap, step by
 * step. A rolling or ewm statistic computes each lane in float64 (series.ts) and rounds once.
 */
function compileScan(p: ScanKernel): Executable {
  const shape = p.body.shape;
  const axis = p.axis;
  const perm = [...shape.keys()].filter((i) => i !== axis).concat(axis);
  const body = compileBody(p.body, p.body.loads.map((l) => permuteView(l.view, perm)));
  const len = shape[axis]!;
  const lanes = len === 0 ? 0 : sizeOf(shape) / len;
  const out = p.outputs[0]!;
  const round = ROUND_TO[out.dtype];
  const isSum = p.op === 'cumsum';
  const contiguous = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
  const laneStride = contiguous[axis]!;
  const sweep = seriesSweep(p.op, p);
  const series = new Float64Array(sweep ? len : 0);
  const rolled = new Float64Array(sweep ? len : 0);
  return (slots, program) => {
    body.bind(slots, [], (program as ScanKernel).body);
    const target = slots[out.slot]!;
    for (let lane = 0; lane < lanes; lane++) {
      // Where the lane starts in the C-order output: its index along every other axis.
      let rest = lane;
      let base = 0;
      for (let k = perm.length - 2; k >= 0; k--) {
        const d = perm[k]!;
        base += (rest % shape[d]!) * contiguous[d]!;
        rest = Math.floor(rest / shape[d]!);
      }
      if (sweep) {
        for (let s = 0; s < len; s += BLOCK) {
          const n = Math.min(BLOCK, len - s);
          body.run(lane * len + s, n);
          series.set(body.regs[p.ref]!.subarray(0, n), s);
        }
        sweep(series, rolled);
        for (let j = 0; j < len; j++) target[base + j * laneStride] = round(rolled[j]!);
        continue;
      }
      let acc = isSum ? -0 : 1;
      for (let s = 0; s < len; s += BLOCK) {
        const n = Math.min(BLOCK, len - s);
        body.run(lane * len + s, n);
        const v = body.regs[p.ref]!;
        for (let j = 0; j < n; j++) {
          acc = round(isSum ? acc + v[j]! : out.dtype === 'int32' || out.dtype === 'uint32' ? Math.imul(acc, v[j]!) : acc * v[j]!);
          target[base + (s + j) * laneStride] = acc;
        }
      }
    }
  };
}

/** Evaluates a whole prologue body into one array (the contraction reads it many times). */
export function evaluateAll(body: CompiledBody, program: Body, ref: number, slots: AnyTypedArray[]): Float64Array {
  const n = sizeOf(program.shape);
  const out = new Float64Array(n);
  body.bind(slots, [], program);
  blocks(body, n, (start, len) => out.set(body.regs[ref]!.subarray(0, len), start));
  return out;
}

/** Batched matmul over the evaluated prologues; integer sums wrap, bool is or-of-ands, floats round once. */
function compileContraction(p: ContractionKernel): Executable {
  const a = compileBody(p.a);
  const b = compileBody(p.b);
  const epi = compileBody(p.epilogue);
  const out = p.epilogue.shape;
  const [n, m] = [out.at(-2)!, out.at(-1)!];
  const k = p.a.shape.at(-1)!;
  const batch = sizeOf(out.slice(0, -2));
  const d = p.dtype;
  const step: (s: number, x: number, y: number) => number =
    d === 'int32' ? (s, x, y) => (s + Math.imul(x, y)) | 0 : d === 'uint32' ? (s, x, y) => (s + Math.imul(x, y)) >>> 0 : d === 'bool' ? (s, x, y) => s | (x & y) : (s, x, y) => s + x * y;
  return (slots, program) => {
    const run = program as ContractionKernel;
    const av = evaluateAll(a, run.a, p.aRef, slots);
    const bv = evaluateAll(b, run.b, p.bRef, slots);
    const acc = new Float64Array(batch * n * m);
    for (let t = 0; t < batch; t++) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          let s = 0;
          for (let q = 0; q < k; q++) s = step(s, av[t * n * k + i * k + q]!, bv[t * k * m + q * m + j]!);
          acc[t * n * m + i * m + j] = ROUND_TO[d](s);
        }
      }
    }
    runEpilogue(epi, run.epilogue, batch * n * m, p.outputs, slots, [acc]);
  };
}

/**
 * A kernel that lets go of its launch's buffers when it returns: the compiled kernel
 * stays cached, and holding its last inputs and outputs would keep buffers the buffer
 * cache has spilled or freed alive.
 */
export function compile(p: KernelProgram): Executable {
  const { result: run, bodies } = collectBodies(() => compileKind(p));
  return (slots, program) => {
    try {
      run(slots, program);
    } finally {
      for (const b of bodies) b.bind([], []);
    }
  };
}

function compileKind(p: KernelProgram): Executable {
  switch (p.kind) {
    case 'map':
      return compileMap(p);
    case 'reduce':
      return compileReduce(p);
    case 'scan':
      return compileScan(p);
    case 'contraction':
      return compileContraction(p);
    case 'opaque':
      return compileOpaque(p);
    default:
      return p satisfies never;
  }
}


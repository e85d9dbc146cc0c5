import { ROUND_TO, type AnyTypedArray, type DType } from '../../graph/dtype.js';
import type { Body, ConstInstr, Generator, Instr } from '../../kernel/program.js';
import { randomBits } from '../../kernel/philox.js';
import { SCALAR, type Scalar } from '../../kernel/scalar.js';
import type { View } from '../../graph/view.js';
import { offsetsForRange } from './cursor.js';

/**
 * Elements per VM block: every instruction runs over one block before the next
 * instruction starts (numexpr's scheme), so temporaries stay in cache. 1,024 float64
 * registers are 8 KiB each; a 10-op body keeps ~90 KiB live, inside the 2-core bench
 * machine's L2. This is the reference backend: block size changes speed, not results.
 */
export const BLOCK = 1024;

type Step = (len: number) => void;

/**
 * A compiled body: run(start, len) evaluates positions [start, start + len) of its
 * iteration space (len <= BLOCK) and leaves each instruction's values in `regs`.
 * Each instruction rounds to its dtype, as the graph op it came from does.
 */
export interface CompiledBody {
  readonly regs: Float64Array[];
  /**
   * Binds a launch's buffers, accumulators and the body of the program being run (a
   * cached kernel serves every program with its hash, and random keys and constants,
   * which the hash leaves out, are read from it).
   */
  bind(slots: readonly AnyTypedArray[], accs?: readonly Float64Array[], run?: Body): void;
  run(start: number, len: number): void;
}

/** Bodies compiled since `collectBodies` began: their kernel unbinds them after each launch. */
let compiled: CompiledBody[] | undefined;

/** Runs `make` and returns the bodies it compiled along with its result. */
export function collectBodies<T>(make: () => T): { result: T; bodies: CompiledBody[] } {
  const outer = compiled;
  const bodies: CompiledBody[] = (compiled = []);
  try {
    return { result: make(), bodies };
  } finally {
    compiled = outer;
  }
}

export function compileBody(body: Body, views: readonly View[] = body.loads.map((l) => l.view)): CompiledBody {
  const regs = body.instrs.map(() => new Float64Array(BLOCK));
  const offsets = body.loads.map(() => new Float64Array(BLOCK));
  const state: LaunchState = { slots: [], accs: [], run: body, start: 0 };
  const steps: Step[] = body.instrs.map((ins, k) => stepOf(ins, k, body, regs, state, offsets));
  const compiledBody: CompiledBody = {
    regs,
    bind(s, a = [], run = body) {
      state.slots = s;
      state.accs = a;
      state.run = run;
    },
    run(from, len) {
      state.start = from;
      views.forEach((v, i) => offsetsForRange(v, from, len, offsets[i]!));
      for (const step of steps) step(len);
    },
  };
  compiled?.push(compiledBody);
  return compiledBody;
}

interface LaunchState {
  slots: readonly AnyTypedArray[];
  accs: readonly Float64Array[];
  /** The body of the program being run: same instructions and loads, its own keys and constants. */
  run: Body;
  start: number;
}

/** Values of a generator at index offsets: arange/linspace values rounded to the dtype, or Philox bits. */
function generate(g: Generator, dtype: DType, off: Float64Array, out: Float64Array, len: number): void {
  if (g.kind === 'random') {
    for (let j = 0; j < len; j++) out[j] = randomBits(off[j]!, g.key0, g.key1, g.stream, g.word);
    return;
  }
  const round = ROUND_TO[dtype];
  for (let j = 0; j < len; j++) {
    const i = off[j]!;
    out[j] = round(g.last !== undefined && i === g.size - 1 ? g.last : g.start + i * g.step);
  }
}

function stepOf(ins: Instr, k: number, body: Body, regs: Float64Array[], state: LaunchState, offsets: Float64Array[]): Step {
  const out = regs[k]!;
  switch (ins.op) {
    case 'load': {
      const off = offsets[ins.load]!;
      const slot = body.loads[ins.load]!.slot;
      if (body.loads[ins.load]!.generator) return (len) => generate(state.run.loads[ins.load]!.generator!, ins.dtype, off, out, len);
      return (len) => {
        const data = state.slots[slot]!;
        for (let j = 0; j < len; j++) out[j] = data[off[j]!]!;
      };
    }
    case 'const':
      return (len) => out.fill((state.run.instrs[k] as ConstInstr).value, 0, len);
    case 'acc':
      return (len) => out.set(state.accs[ins.acc]!.subarray(state.start, state.start + len));
    default: {
      const [a, b, c] = ins.args.map((r) => regs[r]!);
      const inputDType = body.instrs[ins.args[ins.op === 'where' ? 1 : 0]!]!.dtype;
      const f: Scalar = SCALAR[ins.op](inputDType, ins.decimals === undefined ? {} : { decimals: ins.decimals });
      const round = ins.dtype === 'float64' ? undefined : ROUND_TO[ins.dtype];
      const zero = new Float64Array(BLOCK);
      const [x, y, z] = [a!, b ?? zero, c ?? zero];
      if (round) return (len) => {
        for (let j = 0; j < len; j++) out[j] = round(f(x[j]!, y[j]!, z[j]!));
      };
      return (len) => {
        for (let j = 0; j < len; j++) out[j] = f(x[j]!, y[j]!, z[j]!);
      };
    }
  }
}

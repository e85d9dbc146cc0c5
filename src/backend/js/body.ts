import { ROUND_TO, type AnyTypedArray } from '../../graph/dtype.js';
import type { Body, Instr } from '../../kernel/program.js';
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
  bind(slots: readonly AnyTypedArray[], accs?: readonly Float64Array[]): void;
  run(start: number, len: number): void;
}

export function compileBody(body: Body, views: readonly View[] = body.loads.map((l) => l.view)): CompiledBody {
  const regs = body.instrs.map(() => new Float64Array(BLOCK));
  const offsets = body.loads.map(() => new Float64Array(BLOCK));
  let slots: readonly AnyTypedArray[] = [];
  let accs: readonly Float64Array[] = [];
  let start = 0;
  const steps: Step[] = body.instrs.map((ins, k) => stepOf(ins, regs[k]!, body, regs, () => slots, () => accs, () => start, offsets));
  return {
    regs,
    bind(s, a = []) {
      slots = s;
      accs = a;
    },
    run(from, len) {
      start = from;
      views.forEach((v, i) => offsetsForRange(v, from, len, offsets[i]!));
      for (const step of steps) step(len);
    },
  };
}

function stepOf(
  ins: Instr,
  out: Float64Array,
  body: Body,
  regs: Float64Array[],
  slots: () => readonly AnyTypedArray[],
  accs: () => readonly Float64Array[],
  start: () => number,
  offsets: Float64Array[],
): Step {
  switch (ins.op) {
    case 'load': {
      const off = offsets[ins.load]!;
      const slot = body.loads[ins.load]!.slot;
      return (len) => {
        const data = slots()[slot]!;
        for (let j = 0; j < len; j++) out[j] = data[off[j]!]!;
      };
    }
    case 'const':
      return (len) => out.fill(ins.value, 0, len);
    case 'acc':
      return (len) => out.set(accs()[ins.acc]!.subarray(start(), start() + len));
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

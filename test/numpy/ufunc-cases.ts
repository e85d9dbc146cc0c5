/**
 * Elementwise fixture cases (elementwise.json, promotion.json): an op, its operands
 * (fixture arrays, JS scalars or flat JS lists) and NumPy's outcome. This module turns
 * the operands into Quiver inputs, calls the op as `np.op(...)` or `a.op(...)`, and
 * describes the inputs behind a differing element for the failure message.
 */
import { np, type DType, type NDArray } from 'quiver';
import {
  build,
  decode,
  EXACT,
  expectOutcome,
  type ArraySpec,
  type CompareOptions,
  type Encoded,
  type Outcome,
  type Tolerance,
} from './oracle.js';

export interface Arg {
  /** A key of the fixture's `arrays`. */
  ref?: string;
  array?: ArraySpec;
  /** A JS number or boolean: weak under NEP 50. */
  scalar?: Encoded;
  /** A flat JS list: float64 for numbers, bool for booleans (never weak). */
  list?: Encoded[];
}

export interface UfuncCase extends Outcome {
  op: string;
  args: Arg[];
  kwargs?: { decimals?: number };
  dtypeIn?: DType;
  position?: 'left' | 'right';
  title?: string;
  expected?: ArraySpec;
}

/**
 * Tolerances for elementwise results (the test files' headers give the reasons):
 * integer / bool results and float arithmetic, sqrt, rounding, mod, floorDiv,
 * comparisons and selection are exact; float64 transcendentals within 4 ulp; float32
 * transcendentals within 1e-6 relative or 2 float32 ulp.
 */
export const TRANSCENDENTAL = new Set([
  'cbrt', 'exp', 'expm1', 'exp2', 'log', 'log1p', 'log2', 'log10', 'sin', 'cos', 'tan', 'arcsin', 'arccos',
  'arctan', 'arctan2', 'sinh', 'cosh', 'tanh', 'erf', 'erfc', 'hypot', 'pow',
]);
export const TRANSCENDENTAL_TOL: Record<'float32' | 'float64', Tolerance> = {
  float64: { ulps: 4 },
  float32: { rel: 1e-6, ulps: 2 },
};
/** minimum / maximum / clip of +0 and -0 return whichever operand NumPy's SIMD loop keeps. */
export const SIGNED_ZERO_TIES = new Set(['minimum', 'maximum', 'clip']);

export function ufuncCompareOptions(c: UfuncCase): CompareOptions {
  const d = c.expected?.dtype;
  const tol = TRANSCENDENTAL.has(c.op) && (d === 'float32' || d === 'float64') ? TRANSCENDENTAL_TOL[d] : EXACT;
  return { tol, zeroSign: !SIGNED_ZERO_TIES.has(c.op) };
}

type Operand = NDArray | number | boolean | (number | boolean)[];
type Input = ArraySpec | Encoded | Encoded[];
type Call = (op: string, args: Operand[], kwargs: UfuncCase['kwargs']) => NDArray;

export const callNp: Call = (op, args, kwargs) => {
  if (kwargs?.decimals !== undefined) return np.round(args[0]!, kwargs.decimals);
  return (np as unknown as Record<string, (...a: Operand[]) => NDArray>)[op]!(...args);
};

export const callMethod: Call = (op, args, kwargs) => {
  const [self, ...rest] = args as [NDArray, ...Operand[]];
  if (kwargs?.decimals !== undefined) return self.round(kwargs.decimals);
  return (self as unknown as Record<string, (...a: Operand[]) => NDArray>)[op]!(...rest);
};

/** The JS source spelling of a case's scalar operand, for test titles. */
export function scalarText(c: UfuncCase): string {
  const s = c.args.find((a) => a.scalar !== undefined)!.scalar!;
  return typeof s === 'string' ? s : JSON.stringify(s);
}

/** `it.each` rows as [title, case]: '%s' prints a title unquoted. */
export const titled = <C>(cases: C[], title: (c: C) => string): [string, C][] => cases.map((c) => [title(c), c]);

export const byOp = (cases: UfuncCase[], op: string): UfuncCase[] => cases.filter((c) => c.op === op);
export const opsOf = (cases: UfuncCase[]): string[] => [...new Set(cases.map((c) => c.op))];

/** Runs cases whose `ref` operands name entries of `arrays`. */
export class UfuncRunner {
  constructor(private readonly arrays: Record<string, ArraySpec>) {}

  run(c: UfuncCase, call: Call = callNp): Promise<void> {
    const at = c.expected ? this.inputsAt(c.args, c.expected.shape) : undefined;
    const opts = { ...ufuncCompareOptions(c), inputs: at && ((i: number) => `(${at(i).map(String).join(', ')})`), float32Inputs: at && c.dtypeIn === 'float32' ? (i: number) => at(i).map((v) => Number(decode(v))) : undefined };
    return expectOutcome(c.op, c, () => call(c.op, c.args.map((a) => this.operand(a)), c.kwargs), opts);
  }

  private spec(a: Arg): Input {
    return a.ref !== undefined ? this.arrays[a.ref]! : (a.array ?? a.scalar ?? a.list!);
  }

  private operand(a: Arg): Operand {
    const s = this.spec(a);
    if (Array.isArray(s)) return s.map(decode);
    return typeof s === 'object' ? build(s) : decode(s);
  }

  /** The operand values behind output element i, found by broadcasting each input to the output shape. */
  private inputsAt(args: Arg[], outShape: number[]): (i: number) => Encoded[] {
    return (i) => {
      const index: number[] = [];
      for (let k = outShape.length - 1, r = i; k >= 0; k--) {
        index.unshift(r % outShape[k]!);
        r = Math.floor(r / outShape[k]!);
      }
      return args.map((a) => {
        const s = this.spec(a);
        if (!Array.isArray(s) && typeof s !== 'object') return s;
        const spec: ArraySpec = Array.isArray(s) ? { dtype: 'float64', shape: [s.length], data: s } : s;
        let flat = 0;
        spec.shape.forEach((d, k) => {
          flat = flat * d + (d === 1 ? 0 : index[k + outShape.length - spec.shape.length]!);
        });
        return spec.data[flat]!;
      });
    };
  }
}

/**
 * Elementwise fixture cases (elementwise.json, promotion.json): an op, its operands
 * (fixture arrays, JS scalars or flat JS lists) and NumPy's outcome. This module turns
 * the operands into Quiver inputs, calls the op as `np.op(...)` or `a.op(...)`, and
 * describes the inputs behind a differing element for the failure message.
 */
import { np, type DType, type NDArray } from 'quiverjs';
import type { ElementwiseOp } from '../../src/graph/ops.js';
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
  kwargs?: { decimals?: number; dtype?: DType };
  dtypeIn?: DType;
  position?: 'left' | 'right';
  title?: string;
  expected?: ArraySpec;
}

/**
 * How close each elementwise op's float results come to NumPy's (the test files' headers
 * give the reasons): 'exact' for integer and bool results and for float arithmetic, sqrt,
 * rounding, mod, floorDiv, comparisons, selection and casts; 'libm' for the
 * transcendentals, within TRANSCENDENTAL_TOL. Keyed by the op table, so a new op does not
 * compile until it has an entry, and by the functions the fixtures call that are not op
 * names: compositions of table ops (square = mul(x, x), the logical ops over bool casts,
 * clip = minimum(maximum(x, lo), hi)) and astype (the cast op).
 */
type Accuracy = 'exact' | 'libm';
type UfuncName = ElementwiseOp | 'square' | 'logicalNot' | 'logicalAnd' | 'logicalOr' | 'logicalXor' | 'clip' | 'astype';
export const UFUNC_ACCURACY: { readonly [K in UfuncName]: Accuracy } = {
  neg: 'exact', abs: 'exact', sign: 'exact', sqrt: 'exact', cbrt: 'libm', exp: 'libm', expm1: 'libm', exp2: 'libm',
  log: 'libm', log1p: 'libm', log2: 'libm', log10: 'libm', sin: 'libm', cos: 'libm', tan: 'libm', arcsin: 'libm',
  arccos: 'libm', arctan: 'libm', sinh: 'libm', cosh: 'libm', tanh: 'libm', erf: 'libm', erfc: 'libm', floor: 'exact',
  ceil: 'exact', trunc: 'exact', round: 'exact', reciprocal: 'exact', isnan: 'exact', isinf: 'exact', isfinite: 'exact',
  cast: 'exact', add: 'exact', sub: 'exact', mul: 'exact', div: 'exact', floorDiv: 'exact', mod: 'exact', pow: 'libm',
  arctan2: 'libm', hypot: 'libm', minimum: 'exact', maximum: 'exact', equal: 'exact', notEqual: 'exact', less: 'exact',
  lessEqual: 'exact', greater: 'exact', greaterEqual: 'exact', where: 'exact',
  square: 'exact', logicalNot: 'exact', logicalAnd: 'exact', logicalOr: 'exact', logicalXor: 'exact', clip: 'exact',
  astype: 'exact',
};
/** float64 within 4 ulp; float32 within 1e-6 relative or 2 float32 ulp. */
export const TRANSCENDENTAL_TOL: Record<'float32' | 'float64', Tolerance> = {
  float64: { ulps: 4 },
  float32: { rel: 1e-6, ulps: 2 },
};
/** minimum / maximum / clip of +0 and -0 return whichever operand NumPy's SIMD loop keeps. */
export const SIGNED_ZERO_TIES = new Set(['minimum', 'maximum', 'clip']);

export function ufuncCompareOptions(c: UfuncCase): CompareOptions {
  const accuracy = (UFUNC_ACCURACY as Record<string, Accuracy | undefined>)[c.op];
  if (accuracy === undefined) throw new Error(`${c.op}: no entry in UFUNC_ACCURACY`);
  const d = c.expected?.dtype;
  const tol = accuracy === 'libm' && (d === 'float32' || d === 'float64') ? TRANSCENDENTAL_TOL[d] : EXACT;
  return { tol, zeroSign: !SIGNED_ZERO_TIES.has(c.op) };
}

type Operand = NDArray | number | boolean | (number | boolean)[];
type Input = ArraySpec | Encoded | Encoded[];
type Call = (op: string, args: Operand[], kwargs: UfuncCase['kwargs']) => NDArray;

export const callNp: Call = (op, args, kwargs) => {
  if (kwargs?.decimals !== undefined) return np.round(args[0]!, kwargs.decimals);
  if (kwargs?.dtype !== undefined) return np.astype(args[0]!, kwargs.dtype);
  return (np as unknown as Record<string, (...a: Operand[]) => NDArray>)[op]!(...args);
};

export const callMethod: Call = (op, args, kwargs) => {
  const [self, ...rest] = args as [NDArray, ...Operand[]];
  if (kwargs?.decimals !== undefined) return self.round(kwargs.decimals);
  if (kwargs?.dtype !== undefined) return self.astype(kwargs.dtype);
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
    return expectOutcome(c.op, c, () => this.result(c, call), opts);
  }

  /** The case's result, built (lazily) and not read. */
  result(c: UfuncCase, call: Call = callNp): NDArray {
    return call(c.op, c.args.map((a) => this.operand(a)), c.kwargs);
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

import { DTypeError } from './errors.js';
import { isFloat, type DType } from './dtype.js';

/**
 * How an elementwise op's dtypes follow from its operands' common dtype `ct`
 * (NumPy's ufunc loop selection for Quiver's dtypes). Where NumPy would produce a
 * dtype Quiver lacks it takes the nearest one that holds every result: float16 -> float32,
 * int8 -> int32.
 */
export type DTypeRule =
  | 'same' // computes and returns ct (bool allowed: add is or, mul is and)
  | 'sameNoBool' // as same, but bool raises as NumPy's TypeError
  | 'intOrPromoteBool' // as same, bool computes in int32 (NumPy: int8)
  | 'float' // floats keep their dtype, ints compute in float64, bool in float32 (NumPy: float16)
  | 'trueDiv' // floats keep their dtype, ints and bool divide in float64
  | 'round' // ints keep their dtype, bool rounds in float32
  | 'compare' // computes in ct, returns bool
  | 'predicate' // reads ct, returns bool
  | 'cast' // returns the dtype in the node's attrs
  | 'select'; // where(cond, a, b): a and b promote, cond is read as bool

export interface Signature {
  /** The dtype operands are cast to before the op runs. */
  readonly input: DType;
  readonly output: DType;
}

export function signature(op: string, rule: DTypeRule, ct: DType): Signature {
  const same = { input: ct, output: ct };
  switch (rule) {
    case 'same':
    case 'select':
    case 'cast':
      return same;
    case 'sameNoBool':
      if (ct === 'bool') throw new DTypeError(`${op}: not supported for bool inputs (use logicalNot / logicalXor)`);
      return same;
    case 'intOrPromoteBool':
      return ct === 'bool' ? { input: 'int32', output: 'int32' } : same;
    case 'float': {
      const f = isFloat(ct) ? ct : ct === 'bool' ? 'float32' : 'float64';
      return { input: f, output: f };
    }
    case 'trueDiv': {
      const f = isFloat(ct) ? ct : 'float64';
      return { input: f, output: f };
    }
    case 'round':
      return ct === 'bool' ? { input: 'float32', output: 'float32' } : same;
    case 'compare':
    case 'predicate':
      return { input: ct, output: 'bool' };
    default:
      return rule satisfies never;
  }
}

import type { DType } from 'quiverjs';
import { rng } from '../helpers/rng.js';
import { ARG, BINARY, REDUCE, UNARY, build, type Program } from './program.js';

export const DTYPES: readonly DType[] = ['float64', 'float32', 'int32', 'uint32', 'bool'];
/** Axis lengths: size-0 and size-1 axes often enough that every op meets them. */
const DIMS = [0, 1, 1, 2, 3, 4, 5];
const SCALARS = [2, 0.5, -1, 0, 3, -0.25];
const SLICES = [':', '::-1', '1:', '::2', '-2::-2', '1:-1', ':-1:-1', '::-3'];

type Meta = { shape: number[]; dtype: DType };
type Draw = () => number;

/** Shape and dtype as the frontend records them; null when the frontend rejects the program. */
function meta(p: Program): Meta | null {
  try {
    const x = build(p);
    return { shape: [...x.shape], dtype: x.dtype };
  } catch {
    return null;
  }
}

/**
 * Draws programs from a seed. Operands are drawn to fit (a broadcastable shape, a
 * matching contraction axis), so most programs are valid and a few are not: those
 * check that every backend raises the same error.
 */
export interface GeneratorOptions {
  /** Leaf and cast dtypes (webgpu leaves out float64, which it runs on the CPU). */
  dtypes?: readonly DType[];
  /** false: no float32 subnormal inputs, which WGSL lets a GPU flush to zero. */
  float32Subnormals?: boolean;
}

export class ProgramGenerator {
  private readonly r: Draw;
  private readonly dtypes: readonly DType[];
  private readonly normal: boolean;
  constructor(seed: number, options: GeneratorOptions = {}) {
    this.r = rng(seed);
    this.dtypes = options.dtypes ?? DTYPES;
    this.normal = options.float32Subnormals === false;
  }

  program(depth = 4): Program {
    for (;;) {
      const p = this.node(depth);
      if (meta(p)) return p;
    }
  }

  private int(n: number): number {
    return Math.floor(this.r() * n);
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  private chance(p: number): boolean {
    return this.r() < p;
  }

  leaf(shape?: number[], dtype?: DType): Program {
    const s = shape ?? Array.from({ length: this.int(4) }, () => this.pick(DIMS));
    const leaf: Program = { op: 'leaf', dtype: dtype ?? this.pick(this.dtypes), shape: s, seed: this.int(2 ** 31) };
    return this.normal ? { ...leaf, normal: true } : leaf;
  }

  private node(depth: number): Program {
    if (depth <= 0 || this.chance(0.2)) return this.leaf();
    const x = this.node(depth - 1);
    const m = meta(x);
    if (!m) return x;
    const roll = this.r();
    if (roll < 0.14) return { op: 'unary', fn: this.pick(UNARY), x };
    if (roll < 0.32) return { op: 'binary', fn: this.pick(BINARY), x, y: this.operandFor(m.shape, depth) };
    if (roll < 0.38) return { op: 'where', cond: this.condition(m.shape), x, y: this.operandFor(m.shape, depth) };
    if (roll < 0.44) return { op: 'astype', dtype: this.pick(this.dtypes), x };
    if (roll < 0.52) return this.view(x, m.shape);
    if (roll < 0.64) return this.reduction(x, m.shape);
    if (roll < 0.69) return { op: 'arg', fn: this.pick(ARG), axis: this.axisOrNull(m.shape), keepdims: this.chance(0.5), x };
    if (roll < 0.76) return { op: 'scan', fn: this.chance(0.7) ? 'cumsum' : 'cumprod', axis: this.axisOrNull(m.shape), x };
    if (roll < 0.84) return { op: 'sort', fn: this.chance(0.6) ? 'sort' : 'argsort', axis: this.axisOrNull(m.shape), x };
    return this.matmul(x, m.shape);
  }

  /** A scalar, or an array whose shape broadcasts against `shape` (leading axes dropped, some set to 1). */
  private operandFor(shape: number[], depth: number): Program | number {
    if (this.chance(0.25)) return this.pick(SCALARS);
    if (this.chance(0.05)) return this.node(depth - 1);
    const drop = this.int(shape.length + 1);
    const s = shape.slice(drop).map((d) => (this.chance(0.3) ? 1 : d));
    return this.shaped(s);
  }

  /** A program of exactly this shape: a leaf, a cast, a broadcast of a smaller one or a reversed view of one. */
  private shaped(shape: number[]): Program {
    const roll = this.r();
    if (roll < 0.6) return this.leaf(shape);
    if (roll < 0.7) return { op: 'astype', dtype: this.pick(this.dtypes), x: this.leaf(shape) };
    if (roll < 0.85) return { op: 'broadcast', shape, x: this.leaf(shape.map((d) => (this.chance(0.5) ? 1 : d))) };
    return { op: 'slice', specs: shape.map(() => '::-1').join(','), x: this.leaf(shape) };
  }

  private condition(shape: number[]): Program {
    const c = this.shaped(shape.map((d) => (this.chance(0.3) ? 1 : d)));
    return this.chance(0.5) ? { op: 'binary', fn: 'greater', x: c, y: 0 } : c;
  }

  private view(x: Program, shape: number[]): Program {
    const roll = this.r();
    if (roll < 0.45 && shape.length > 0) {
      return { op: 'slice', specs: shape.map(() => (this.chance(0.15) ? (this.chance(0.5) ? 'None' : '0') : this.pick(SLICES))).join(','), x };
    }
    if (roll < 0.65) {
      const axes = shape.map((_, i) => i).sort(() => this.r() - 0.5);
      return { op: 'transpose', axes, x };
    }
    if (roll < 0.85) {
      const n = shape.reduce((a, b) => a * b, 1);
      const reshaped = this.chance(0.5) || n === 0 ? [-1] : this.chance(0.5) ? [1, n] : [n, 1, 1];
      return { op: 'reshape', shape: reshaped, x };
    }
    const expanded = [this.pick([1, 2, 3]), ...shape.map((d) => (d === 1 && this.chance(0.5) ? 3 : d))];
    return { op: 'broadcast', shape: expanded, x };
  }

  /** A random set of axes (negative spellings included), or null for all of them. */
  private reduction(x: Program, shape: number[]): Program {
    const fn = this.pick(REDUCE);
    const axes = shape.flatMap((_, i) => (this.chance(0.5) ? [this.chance(0.3) ? i - shape.length : i] : []));
    // var and std over no axes are being redefined elsewhere (#20): drawn with at least one axis or all of them.
    const axis = this.chance(0.2) || (axes.length === 0 && (fn === 'var' || fn === 'std')) ? null : axes;
    const ddof = (fn === 'var' || fn === 'std') && this.chance(0.4) ? this.pick([0, 1, 2]) : undefined;
    return { op: 'reduce', fn, axis, keepdims: this.chance(0.5), ...(ddof === undefined ? {} : { ddof }), x };
  }

  private axisOrNull(shape: number[]): number | null {
    if (shape.length === 0 || this.chance(0.2)) return null;
    const a = this.int(shape.length);
    return this.chance(0.3) ? a - shape.length : a;
  }

  /** x @ y with the other operand drawn to match x's contracted axis; 1-D operands on either side. */
  private matmul(x: Program, shape: number[]): Program {
    if (shape.length === 0) {
      const k = this.pick(DIMS);
      return { op: 'matmul', x: this.leaf([k]), y: this.leaf([k, this.pick(DIMS)]) };
    }
    if (this.chance(0.2)) {
      const k = shape.length === 1 ? shape[0]! : shape[shape.length - 2]!;
      return { op: 'matmul', x: this.shaped(this.chance(0.3) ? [k] : [this.pick(DIMS), k]), y: x };
    }
    const k = shape[shape.length - 1]!;
    return { op: 'matmul', x, y: this.shaped(this.chance(0.3) ? [k] : [k, this.pick(DIMS)]) };
  }
}

/** The same program over other data: each leaf's seed mixed with `k`, so compiled kernels are reused and only the values change. */
export function reseeded(p: Program, k: number): Program {
  if (k === 0) return p;
  if (p.op === 'leaf') return p.values ? p : { ...p, seed: (Math.imul(p.seed ^ k, 0x9e3779b1) >>> 1) };
  const out: Record<string, unknown> = { ...p };
  for (const key of ['x', 'y', 'cond'] as const) {
    const c = out[key];
    if (typeof c === 'object' && c !== null) out[key] = reseeded(c as Program, k);
  }
  return out as Program;
}

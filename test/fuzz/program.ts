import { np, type DType, type NDArray } from 'quiverjs';
import { leafValues, type LeafValue } from './values.js';

/**
 * A random program as plain JSON, so a failing one can be shrunk, saved under
 * regressions/ and replayed. Every node is a public np call with documented options.
 */
export type Program =
  | { op: 'leaf'; dtype: DType; shape: number[]; seed: number; normal?: boolean; values?: LeafValue[] }
  | { op: 'unary'; fn: UnaryFn; x: Program }
  | { op: 'binary'; fn: BinaryFn; x: Program; y: Program | number }
  | { op: 'where'; cond: Program; x: Program; y: Program | number }
  | { op: 'astype'; dtype: DType; x: Program }
  | { op: 'slice'; specs: string; x: Program }
  | { op: 'transpose'; axes: number[]; x: Program }
  | { op: 'reshape'; shape: number[]; x: Program }
  | { op: 'broadcast'; shape: number[]; x: Program }
  | { op: 'reduce'; fn: ReduceFn; axis: number[] | null; keepdims: boolean; ddof?: number; x: Program }
  | { op: 'arg'; fn: ArgFn; axis: number | null; keepdims: boolean; x: Program }
  | { op: 'scan'; fn: 'cumsum' | 'cumprod'; axis: number | null; x: Program }
  | { op: 'sort'; fn: 'sort' | 'argsort'; axis: number | null; x: Program }
  | { op: 'matmul'; x: Program; y: Program };

export const UNARY = ['neg', 'abs', 'sign', 'sqrt', 'square', 'exp', 'log', 'sin', 'tanh', 'floor', 'ceil', 'trunc', 'isnan', 'isinf', 'isfinite', 'reciprocal', 'logicalNot'] as const;
export const BINARY = ['add', 'sub', 'mul', 'div', 'floorDiv', 'mod', 'pow', 'minimum', 'maximum', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr'] as const;
export const REDUCE = ['sum', 'prod', 'mean', 'var', 'std', 'min', 'max', 'any', 'all'] as const;
export const ARG = ['argmin', 'argmax', 'nanargmin', 'nanargmax'] as const;
export type UnaryFn = (typeof UNARY)[number];
export type BinaryFn = (typeof BINARY)[number];
export type ReduceFn = (typeof REDUCE)[number];
export type ArgFn = (typeof ARG)[number];

const operand = (p: Program | number): NDArray | number => (typeof p === 'number' ? p : build(p));

/** Records the program's graph on the current backend; nothing runs until it is read. */
export function build(p: Program): NDArray {
  switch (p.op) {
    case 'leaf':
      return np.array(p.values ? p.values.map(Number) : leafValues(p), p.dtype).reshape(p.shape);
    case 'unary':
      return np[p.fn](build(p.x));
    case 'binary':
      return np[p.fn](build(p.x), operand(p.y));
    case 'where':
      return np.where(build(p.cond), build(p.x), operand(p.y));
    case 'astype':
      return build(p.x).astype(p.dtype);
    case 'slice':
      return build(p.x).slice(p.specs);
    case 'transpose':
      return build(p.x).transpose(p.axes);
    case 'reshape':
      return build(p.x).reshape(p.shape);
    case 'broadcast':
      return build(p.x).broadcastTo(p.shape);
    case 'reduce': {
      const opts = { axis: p.axis, keepdims: p.keepdims };
      return p.fn === 'var' || p.fn === 'std' ? np[p.fn](build(p.x), p.ddof === undefined ? opts : { ...opts, ddof: p.ddof }) : np[p.fn](build(p.x), opts);
    }
    case 'arg':
      return np[p.fn](build(p.x), p.axis, { keepdims: p.keepdims });
    case 'scan':
      return np[p.fn](build(p.x), p.axis);
    case 'sort':
      return np[p.fn](build(p.x), p.axis);
    case 'matmul':
      return np.matmul(build(p.x), build(p.y));
  }
}

/** The program's direct sub-programs, for shrinking and for walking its leaves. */
export function children(p: Program): Program[] {
  const kids: (Program | number | undefined)[] = [
    'x' in p ? p.x : undefined,
    'y' in p ? p.y : undefined,
    'cond' in p ? p.cond : undefined,
  ];
  return kids.filter((k): k is Program => typeof k === 'object');
}

/** Number of nodes: shrinking keeps a candidate only when this does not grow. */
export function size(p: Program): number {
  return 1 + children(p).reduce((n, c) => n + size(c), 0) + (p.op === 'leaf' ? p.shape.reduce((a, b) => a * b, 1) / 64 : 0);
}

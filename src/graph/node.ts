import type { AnyTypedArray, DType } from './dtype.js';
import type { GroupAggAttrs, GroupSlotAttrs } from './group-agg.js';
import type { OpName } from './ops.js';
import type { Shape } from './shape.js';
import type { AxisSlice, View } from './view.js';

/** Parameters of the ops that need them; each op reads only its own fields. */
export interface NodeAttrs {
  /** cast: the target dtype. */
  readonly dtype?: DType;
  /** round: digits to round to. */
  readonly decimals?: number;
  /** fill: the value; range: the first value. */
  readonly value?: number;
  /** range: the increment, and the exact last value (linspace's endpoint). */
  readonly step?: number;
  readonly last?: number;
  /** random: the generator key, stream and output word. */
  readonly key?: readonly [number, number];
  readonly stream?: number;
  readonly word?: number;
  /** reductions: the reduced axes (in the input), always sorted. */
  readonly axes?: readonly number[];
  /** var: delta degrees of freedom. */
  readonly ddof?: number;
  /** scans, sort, gather, concat: the axis. */
  readonly axis?: number;
  /** reshape, expand: the target shape. */
  readonly shape?: Shape;
  /** slice: one entry per input axis. */
  readonly slices?: readonly AxisSlice[];
  /** rolling ops: the window, the fewest non-NaN entries for a result, and var's ddof. */
  readonly rolling?: RollingAttrs;
  /** ewm ops: the decay and pandas' options. */
  readonly ewm?: EwmAttrs;
  /** groupAgg: the number of groups and the statistics of each value input. */
  readonly group?: GroupAggAttrs;
  /** groupSlots: each key's base, stride and whether its negative values are null. */
  readonly slots?: GroupSlotAttrs;
  /** impliedVol: when an element's iteration stops. */
  readonly solver?: SolverAttrs;
}

/** The stopping rule of impliedVol (graph/ops.ts): a relative price error, and a bound on the iterations. */
export interface SolverAttrs {
  readonly tolerance: number;
  readonly maxIterations: number;
}

/** Parameters of a rolling-window op (graph/ops.ts ROLLING). */
export interface RollingAttrs {
  readonly window: number;
  readonly minPeriods: number;
  readonly ddof: number;
}

/** Parameters of an exponentially weighted op (graph/ops.ts EWM), as pandas' `ewm(alpha, adjust, ignore_na, min_periods)`. */
export interface EwmAttrs {
  /** The decay, in (0, 1]. */
  readonly alpha: number;
  readonly adjust: boolean;
  readonly ignoreNa: boolean;
  /** Fewest non-NaN entries so far for a result; at least 1. */
  readonly minPeriods: number;
  /** ewmVar, ewmStd: the weighted population variance, without the unbiasing factor (false for ewmMean). */
  readonly bias: boolean;
}

/** A materialised value: a host buffer and the view through which it is read. */
export interface Realized {
  readonly data: AnyTypedArray;
  readonly view: View;
  /**
   * Present when `data` lies in memory a backend manages (a result left in the wasm
   * heap): the owner of the value calls it once it lets go of `data`, giving the memory
   * back; `data` must not be read afterwards. Without it, `data` is garbage-collected.
   */
  readonly release?: () => void;
}

let nextId = 0;

/**
 * One recorded operation. Shape and dtype are known when the node is made (the
 * frontend checks them), so nothing runs until a result is read. A node owns its
 * inputs; what evaluation learns about it (its value, the handles on it, its result
 * key, the nodes built on it) is the runtime's, kept in its `runtime` slot.
 */
export class Node {
  readonly id = nextId++;
  /**
   * The runtime's record for this node (runtime/node-state.ts), opaque here: the graph
   * never reads it. A slot on the node rather than a WeakMap in the runtime: every pass
   * reads it for every node it walks, and on a 20,000-node chain the WeakMap's lookups
   * made building and keying clearly slower than this field.
   */
  runtime: object | undefined = undefined;

  constructor(
    readonly op: OpName,
    readonly inputs: readonly Node[],
    readonly shape: Shape,
    readonly dtype: DType,
    readonly attrs: NodeAttrs = {},
  ) {}
}

/**
 * A leaf whose value is known: the optimizer's stand-in for data the runtime holds
 * (user arrays, earlier results). Made afresh for each optimisation, so its value
 * never changes while the optimizer reads it.
 */
export class DataNode extends Node {
  constructor(
    readonly value: Realized,
    shape: Shape,
    dtype: DType,
  ) {
    super('buffer', [], shape, dtype);
  }
}

/** Nodes reachable from `roots`, inputs before consumers; `isLeaf` nodes are listed but not looked into. */
export function topoSort(roots: readonly Node[], isLeaf: (node: Node) => boolean): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  const stack: { node: Node; expanded: boolean }[] = roots.map((node) => ({ node, expanded: false }));
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.expanded) {
      order.push(top.node);
      continue;
    }
    if (seen.has(top.node)) continue;
    seen.add(top.node);
    stack.push({ node: top.node, expanded: true });
    if (isLeaf(top.node)) continue;
    for (let i = top.node.inputs.length - 1; i >= 0; i--) {
      const input = top.node.inputs[i]!;
      if (!seen.has(input)) stack.push({ node: input, expanded: false });
    }
  }
  return order;
}

import type { AnyTypedArray, DType } from './dtype.js';
import type { GroupAggAttrs } from './group-agg.js';
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
  /** groupAgg: the number of groups and the statistics of each value input. */
  readonly group?: GroupAggAttrs;
}

/** A materialised value: a host buffer and the view through which it is read. */
export interface Realized {
  readonly data: AnyTypedArray;
  readonly view: View;
}

let nextId = 0;

/**
 * One recorded operation. Shape and dtype are known when the node is made (the
 * frontend checks them), so nothing runs until a result is read. A node owns its
 * inputs; a node that has been evaluated keeps its result in `realized` so reading it
 * again costs nothing.
 */
export class Node {
  readonly id = nextId++;
  realized: Realized | undefined;
  /** Array handles on this node not yet disposed or collected. */
  handles = 0;
  /**
   * The result cache's key for this node, memoized (runtime/cache/reuse.ts): a field
   * rather than a WeakMap, which measured 2-4x slower on 20,000-node chains.
   */
  reuseKey: number | undefined;
  /**
   * Nodes built on this one, held weakly: freeing source data early (dispose) must know
   * whether a consumer may still need it.
   */
  readonly consumers: WeakRef<Node>[] = [];

  constructor(
    readonly op: OpName,
    readonly inputs: readonly Node[],
    readonly shape: Shape,
    readonly dtype: DType,
    readonly attrs: NodeAttrs = {},
  ) {
    for (const input of inputs) addConsumer(input, this);
  }
}

/** Records a consumer; collected ones are swept whenever the list doubles, so a node used by a long loop stays small. */
function addConsumer(input: Node, consumer: Node): void {
  const list = input.consumers;
  list.push(new WeakRef(consumer));
  if (list.length >= 64 && (list.length & (list.length - 1)) === 0) {
    const live = list.filter((r) => r.deref() !== undefined);
    list.length = 0;
    list.push(...live);
  }
}

/** Consumers of `node` that have not been collected. */
export const liveConsumers = (node: Node): Node[] => node.consumers.flatMap((r) => r.deref() ?? []);

/** Nodes reachable from `roots`, inputs before consumers; stops at realized nodes. */
export function topoSort(roots: readonly Node[]): Node[] {
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
    if (top.node.realized) continue;
    for (let i = top.node.inputs.length - 1; i >= 0; i--) {
      const input = top.node.inputs[i]!;
      if (!seen.has(input)) stack.push({ node: input, expanded: false });
    }
  }
  return order;
}

import type { Node, Realized } from '../graph/node.js';
import type { Form } from './cache/reuse.js';
import { pushSwept } from './weak-list.js';

/**
 * What the runtime keeps for a graph node: its value once computed (or the data it was
 * made from), the array handles on it, its result key and the nodes built on it. The
 * graph records operations only; this record lives in the node's opaque `runtime` slot,
 * made when first needed.
 */
class NodeState {
  /** The node's value: data the frontend made it from, or its result once evaluated. */
  realized: Realized | undefined = undefined;
  /** Array handles on this node not yet disposed or collected. */
  handles = 0;
  /** The result cache's form for this node, memoized (cache/reuse.ts). */
  reuseForm: Form | undefined = undefined;
  /**
   * Nodes built on this one, held weakly: freeing source data early (dispose) must know
   * whether a consumer may still need it.
   */
  readonly consumers: WeakRef<Node>[] = [];
  /** Whether this node is in its inputs' consumer lists. */
  recorded = false;
}

/** The node's record, made on first use. */
export const stateOf = (node: Node): NodeState => (node.runtime ??= new NodeState()) as NodeState;

/** The node's value, if it has one; makes no record. */
export const realizedOf = (node: Node): Realized | undefined => (node.runtime as NodeState | undefined)?.realized;

export function setRealized(node: Node, value: Realized | undefined): void {
  stateOf(node).realized = value;
}

/** Whether the node has a value: where walks over the graph stop. */
export const isRealized = (node: Node): boolean => realizedOf(node) !== undefined;

/** Consumers of `node` that have not been collected. */
export const liveConsumers = (node: Node): Node[] => (node.runtime as NodeState | undefined)?.consumers.flatMap((r) => r.deref() ?? []) ?? [];

/**
 * Puts `node` in its inputs' consumer lists, and its inputs in theirs, down to nodes
 * already recorded. Every node an array handle can reach is recorded when the handle
 * is made, which is all that lineage (cache/lineage.ts) walks.
 */
export function recordConsumers(node: Node): void {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const state = stateOf(n);
    if (state.recorded) continue;
    state.recorded = true;
    // One weak reference per consumer, shared by its inputs' lists, and listed once under an input it reads twice (x * x).
    let ref: WeakRef<Node> | undefined;
    n.inputs.forEach((input, k) => {
      if (n.inputs.indexOf(input) === k) pushSwept(stateOf(input).consumers, (ref ??= new WeakRef(n)));
      stack.push(input);
    });
  }
}


import type { Node, Realized } from '../graph/node.js';
import { BackendError } from '../graph/errors.js';
import { activeBackend } from './init.js';

/**
 * Realizes several nodes in one schedule and remembers each result on its node, so
 * reading it again runs nothing.
 */
export async function realize(op: string, nodes: readonly Node[]): Promise<Realized[]> {
  const pending = nodes.filter((n) => !n.realized);
  if (pending.length > 0) remember(pending, await activeBackend(op).evaluate(pending));
  return nodes.map((n) => n.realized!);
}

/** The synchronous path for CPU backends; a GPU backend throws and tells the user to await. */
export function realizeSync(op: string, nodes: readonly Node[]): Realized[] {
  const backend = activeBackend(op);
  const pending = nodes.filter((n) => !n.realized);
  if (pending.length > 0) {
    if (!backend.evaluateSync) {
      throw new BackendError(`${op}: the ${backend.name} backend cannot read synchronously; use \`await x.data()\``);
    }
    remember(pending, backend.evaluateSync(pending));
  }
  return nodes.map((n) => n.realized!);
}

function remember(nodes: readonly Node[], values: readonly Realized[]): void {
  nodes.forEach((n, i) => (n.realized = values[i]));
}

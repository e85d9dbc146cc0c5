import type { Node, Realized } from '../graph/node.js';
import { BackendError } from '../graph/errors.js';
import type { Backend } from '../backend/backend.js';
import type { Plan } from '../kernel/plan.js';
import { optimize } from '../optimizer/index.js';
import { activeBackend, fusing } from './init.js';

/**
 * Realizes several nodes in one schedule and remembers each result on its node, so
 * reading it again runs nothing. With fusion (the default) the optimizer turns the
 * graph into kernels; without it the js backend evaluates node by node.
 */
export async function realize(op: string, nodes: readonly Node[]): Promise<Realized[]> {
  const backend = activeBackend(op);
  const pending = nodes.filter((n) => !n.realized);
  if (pending.length > 0) {
    remember(pending, fusing() ? await backend.execute(optimize(pending)) : unfused(op, backend, pending));
  }
  return nodes.map((n) => n.realized!);
}

/** The synchronous path for CPU backends; a GPU backend throws and tells the user to await. */
export function realizeSync(op: string, nodes: readonly Node[]): Realized[] {
  const backend = activeBackend(op);
  const pending = nodes.filter((n) => !n.realized);
  if (pending.length > 0) {
    if (!backend.executeSync) {
      throw new BackendError(`${op}: the ${backend.name} backend cannot read synchronously; use \`await x.data()\``);
    }
    remember(pending, fusing() ? backend.executeSync(optimize(pending)) : unfused(op, backend, pending));
  }
  return nodes.map((n) => n.realized!);
}

/** The optimized plan for these nodes, without running it (explain, plan). */
export function planFor(nodes: readonly Node[]): Plan {
  return optimize(nodes);
}

function unfused(op: string, backend: Backend, nodes: readonly Node[]): Realized[] {
  if (!backend.evaluateUnfused) throw new BackendError(`${op}: the ${backend.name} backend always fuses; init({ fuse: false }) needs the js backend`);
  return backend.evaluateUnfused(nodes);
}

function remember(nodes: readonly Node[], values: readonly Realized[]): void {
  nodes.forEach((n, i) => (n.realized = values[i]));
}

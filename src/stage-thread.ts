/**
 * The thread a `quiverjs-worker` process runs its stages on: parsing, kernels and merges
 * happen here, so the process's main thread only talks to BullMQ and renews job locks on
 * time however long a stage takes. It answers each `{ id, plan, spec }` with the inputs it
 * recomputed, or the error (name, message, and whether it is Quiver's own: bad data fails
 * every retry the same way).
 */
import { redisClient } from './cluster/bullmq.js';
import { executeHere } from './cluster/worker.js';
import { engines } from './cluster-entry.js';
import { backend, init, QuiverError, type InitOptions } from './index.js';
import { importNode } from './platform/node.js';

interface StageRequest {
  readonly id: number;
  readonly plan: Parameters<ReturnType<typeof executeHere>>[0];
  readonly spec: Parameters<ReturnType<typeof executeHere>>[1];
}

const { parentPort, workerData } = await importNode('worker_threads');
const port = parentPort!;
const { url, init: initOptions } = workerData as { readonly url: string; readonly init: InitOptions };
try {
  await init(initOptions);
  const execute = executeHere(await redisClient(url, 'quiverjs-worker'), engines);
  // One plan object per query, so what an engine caches per plan (a Cholesky factor) lasts the query.
  const plans = new Map<string, StageRequest['plan']>();
  port.on('message', (message) => {
    const { id, plan, spec } = message as StageRequest;
    if (!plans.has(plan.query)) plans.set(plan.query, plan);
    if (plans.size > 64) plans.clear();
    execute(plans.get(plan.query) ?? plan, spec).then(
      (recomputed) => port.postMessage({ id, recomputed }),
      (e: unknown) => {
        const error = e instanceof Error ? e : new Error(String(e));
        port.postMessage({ id, error: { name: error.name, message: error.message, quiver: e instanceof QuiverError } });
      },
    );
  });
  port.postMessage({ ready: backend() });
} catch (e) {
  port.postMessage({ failed: e instanceof Error ? e.message : String(e) });
}

import { buildId } from '../../cluster/identity.js';
import { startWorker, type ClusterWorker } from '../../cluster/worker.js';
import { checkOptions } from '../arguments.js';
import { checkFramePlan, frameEngine } from './partitioned.js';

/** Options of `cluster.startWorker` (and of `npx quiverjs-worker`). */
export interface StartWorkerOptions {
  /** The queue to take jobs from (default 'quiver', as `cluster.connect`). */
  readonly queue?: string;
  /** Jobs run at once (default 1: one job already uses every thread of the backend). */
  readonly concurrency?: number;
  /** The worker's name, shown as a job's processedBy (default: a random one). */
  readonly name?: string;
  /** The wasm module this process loaded, when `init` was given one: the build a job must match. */
  readonly wasmUrl?: string | URL;
}

/**
 * Serves a cluster's stage jobs from this process, on the backend `init()` chose: each
 * job groups one partition, merges partials, or reduces a shuffle bucket, and refuses a
 * query planned by another build of Quiver.
 */
export async function startFrameWorker(url: string, options: StartWorkerOptions = {}): Promise<ClusterWorker> {
  checkOptions('cluster.startWorker', options, ['queue', 'concurrency', 'name', 'wasmUrl']);
  return startWorker(url, {
    engine: frameEngine,
    checkPlan: checkFramePlan,
    build: await buildId(options.wasmUrl),
    ...(options.queue === undefined ? {} : { queue: options.queue }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.name === undefined ? {} : { name: options.name }),
  });
}

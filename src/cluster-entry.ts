import { connect } from './cluster/connect.js';
import { buildId } from './cluster/identity.js';
import { startWorker, type ClusterWorker, type Engines, type Execute } from './cluster/worker.js';
import type { FramePlan } from './frontend/frame/partitioned.js';
import { checkOptions } from './frontend/arguments.js';
import { checkFramePlan, frameEngine } from './frontend/frame/partitioned.js';
import { monteCarloBlocks } from './lib/monte-carlo-cluster.js';

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
  /** @internal Where stages run (the bin's stage thread); by default on this thread. */
  readonly execute?: Execute;
}

/** @internal What runs each kind of plan: the Frame stages and the Monte Carlo blocks. */
export const engines: Engines<FramePlan> = { engine: frameEngine, checkPlan: checkFramePlan, blocks: monteCarloBlocks };

/**
 * Serves a cluster's jobs from this process, on the backend `init()` chose: each job
 * groups one partition, merges partials, reduces a shuffle bucket or prices a block of
 * Monte Carlo scenarios, and refuses a query planned by another build of Quiver.
 */
async function startQuiverWorker(url: string, options: StartWorkerOptions = {}): Promise<ClusterWorker> {
  checkOptions('cluster.startWorker', options, ['queue', 'concurrency', 'name', 'wasmUrl', 'execute']);
  return startWorker(url, {
    ...engines,
    ...(options.execute === undefined ? {} : { execute: options.execute }),
    build: await buildId(options.wasmUrl),
    ...(options.queue === undefined ? {} : { queue: options.queue }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.name === undefined ? {} : { name: options.name }),
  });
}

/**
 * Past one machine: `cluster.connect(url)` on the driver, whose connection a partitioned
 * scan's `agg(spec, { cluster })` and `risk.monteCarloVar(..., { cluster })` run on;
 * `cluster.startWorker(url)` (or `npx quiverjs-worker url`) on each machine that serves
 * the jobs.
 */
export const cluster = { connect, startWorker: startQuiverWorker } as const;

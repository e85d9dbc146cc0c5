import { connect } from '../../cluster/connect.js';
import { startFrameWorker } from './cluster-worker.js';

/**
 * Past one machine: `cluster.connect(url)` on the driver, whose connection a partitioned
 * scan's `agg({ ... }, { cluster })` runs on; `cluster.startWorker(url)` (or
 * `npx quiverjs-worker url`) on each machine that serves the jobs.
 */
export const cluster = { connect, startWorker: startFrameWorker } as const;

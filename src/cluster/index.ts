/** Running partitioned scans on BullMQ workers over Redis: the driver's connection, the worker loop, the stages both run. */
export { connect, Cluster, type ConnectOptions } from './connect.js';
export { ClusterError } from './errors.js';
export type { ClusterProgress, QueryStats } from './run.js';
export type { ClusterWorker } from './worker.js';

import { ArgumentError } from '../../graph/errors.js';
import type { Cluster } from '../../cluster/connect.js';
import { buildId, nonce, sha256 } from '../../cluster/identity.js';
import { runLocal } from '../../cluster/local.js';
import { runOnCluster, type ClusterProgress } from '../../cluster/run.js';
import { checkOptions } from '../arguments.js';
import { parseAggSpec, type AggSpec } from './agg-spec.js';
import type { GroupOptions } from './aggregate.js';
import type { Frame } from './frame.js';
import { finishPartitioned, fixSchema, frameEngine, mapScan, partitionBatches, partitionCount, type FramePlan, type PartitionSource } from './partitioned.js';
import type { ScanFrame } from './scan.js';
import { layoutsOf } from './stream-ops.js';

/** Options of a scan's `agg`. */
export interface AggOptions {
  /** Runs the partitions as jobs on this cluster's workers (`cluster.connect`); a partitioned scan only. */
  readonly cluster?: Cluster;
  /** Called as partitions finish on the cluster. */
  readonly onProgress?: (progress: ClusterProgress) => void;
  /** Partials a combine job merges at most (default 8). */
  readonly splitEvery?: number;
}

export function checkAggOptions(options: AggOptions): void {
  checkOptions('agg', options, ['cluster', 'onProgress', 'splitEvery']);
  const s = options.splitEvery;
  if (s !== undefined && !(Number.isInteger(s) && s >= 2)) throw new ArgumentError(`agg: splitEvery must be an integer of at least 2, got ${String(s)}`);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new ArgumentError('agg: onProgress must be a function');
  const c = options.cluster as { queueName?: unknown } | undefined;
  if (c !== undefined && (c === null || typeof c.queueName !== 'string')) throw new ArgumentError('agg: cluster must be what cluster.connect() returned');
}


/**
 * A partitioned groupby: the plan as data, run by the cluster's workers or here. The
 * query id hashes the plan with a nonce, so two runs of one plan never share keys;
 * within a run, job ids follow from (query, stage, partition).
 */
export async function aggPartitioned(scan: ScanFrame, source: PartitionSource, keys: readonly string[], group: GroupOptions, spec: AggSpec, options: AggOptions): Promise<Frame> {
  const outputs = parseAggSpec(spec);
  const c = options.cluster;
  const fixed = await fixSchema(source);
  const body = {
    build: c ? await buildId() : { version: 'local', wasm: '' },
    partitions: partitionCount(fixed),
    splitEvery: options.splitEvery ?? 8,
    ordered: layoutsOf(outputs).ordered.size > 0,
    source: fixed,
    steps: c ? scan.wireSteps('agg') : [],
    keys,
    spec,
    group: { ...(group.sort === undefined ? {} : { sort: group.sort }), ...(group.dropna === undefined ? {} : { dropna: group.dropna }) },
  };
  const plan: FramePlan = { query: `q${(await sha256(JSON.stringify(body))).slice(0, 24)}${nonce(4)}`, ...body };
  if (!c) return finishPartitioned(plan, await runLocal(plan, localEngine(scan)));
  const result = await runOnCluster(c, plan, frameEngine, options.onProgress);
  c.lastQuery = result.stats;
  return finishPartitioned(plan, result);
}

/** In this process the scan's own steps run (they may hold the caller's arrays, which never cross a wire). */
function localEngine(scan: ScanFrame): typeof frameEngine {
  return { ...frameEngine, map: (plan, i) => mapScan(plan, scan.over(() => partitionBatches(plan.source, i))) };
}

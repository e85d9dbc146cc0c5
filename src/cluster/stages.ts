import type { StreamLayouts } from '../runtime/stream/scan.js';
import { combinePartials, type MapOutput } from '../runtime/stream/partial.js';
import { BUCKETS, reduceBucket, type Statistics } from '../runtime/stream/shuffle.js';
import { ClusterError } from './errors.js';
import type { BuildId } from './identity.js';
import { decodePartial, decodePiece, encodeBucket, encodePartial, encodePiece } from './partial-ipc.js';
import { childrenOf, levelCounts } from './tree.js';

/**
 * What every stage reads of a query's plan; the rest of it (source, steps, aggregation
 * spec) is the frontend's, which the engine interprets.
 */
export interface WirePlan {
  readonly query: string;
  readonly build: BuildId;
  readonly partitions: number;
  readonly splitEvery: number;
  /** Whether the aggregation has order statistics (median, quantile, nunique), which go through the shuffle. */
  readonly ordered: boolean;
}

/** What the frontend does for the stages: group a partition, and run the groupAgg pass of a shuffle bucket. */
export interface PlanEngine<P extends WirePlan = WirePlan> {
  keyNames(plan: P): readonly string[];
  layouts(plan: P): StreamLayouts;
  map(plan: P, partition: number): Promise<MapOutput>;
  readonly statistics: Statistics;
}

/** Where stage outputs live between jobs: Redis binary keys on a cluster, a Map in one process. */
export interface Store {
  get(key: string): Promise<Uint8Array | undefined>;
  set(key: string, bytes: Uint8Array): Promise<void>;
}

/** One job of a query: a partition's map, a combine of the merge tree (level ≥ 1), or a shuffle bucket's reduce. */
export type StageSpec = { readonly stage: 'map'; readonly index: number } | { readonly stage: 'combine'; readonly level: number; readonly index: number } | { readonly stage: 'shuffle'; readonly index: number };

/** A job's id: a function of the query (the plan's hash), the stage and the partition, so a job added twice is one job. */
export function jobId(query: string, spec: StageSpec): string {
  return spec.stage === 'combine' ? `${query}.combine.${spec.level}.${spec.index}` : `${query}.${spec.stage}.${spec.index}`;
}

/** The Redis key of a job's output (a merged partial, or a reduced bucket). */
export const outputKey = (query: string, spec: StageSpec): string => `quiver:${query}:out:${jobId(query, spec)}`;
/** The key of one map's rows of one shuffle bucket. */
export const pieceKey = (query: string, map: number, bucket: number): string => `quiver:${query}:piece:${map}:${bucket}`;

/** The merge tree's root: the single map of a one-partition query, else the last level's combine. */
export function rootSpec(plan: WirePlan): StageSpec {
  const counts = levelCounts(plan.partitions, plan.splitEvery);
  return counts.length === 1 ? { stage: 'map', index: 0 } : { stage: 'combine', level: counts.length - 1, index: 0 };
}

/** The specs one stage reads: a combine's children in order (maps at level 1). */
export function childSpecs(plan: WirePlan, level: number, index: number): StageSpec[] {
  const counts = levelCounts(plan.partitions, plan.splitEvery);
  return childrenOf(level, index, counts, plan.splitEvery).map((i) => (level === 1 ? { stage: 'map', index: i } : { stage: 'combine', level: level - 1, index: i }));
}

/**
 * Runs stages against a store. A stage whose input is missing (its key deleted, or
 * evicted by a misconfigured Redis) recomputes that input from its spec here, so a
 * lost partial costs time, never the answer; `recomputed` counts them.
 */
export class StageRunner<P extends WirePlan> {
  recomputed = 0;

  constructor(
    private readonly plan: P,
    private readonly engine: PlanEngine<P>,
    private readonly store: Store,
  ) {}

  /** Runs the stage unless its output is already stored (a job retried after it finished is not run twice). */
  async run(spec: StageSpec): Promise<void> {
    if (await this.store.get(outputKey(this.plan.query, spec))) return;
    if (spec.stage === 'map') await this.map(spec.index);
    else if (spec.stage === 'combine') await this.combine(spec.level, spec.index);
    else await this.shuffle(spec.index);
  }

  /** A stage's output, recomputing it when it is gone. */
  async output(spec: StageSpec): Promise<Uint8Array> {
    const key = outputKey(this.plan.query, spec);
    const stored = await this.store.get(key);
    if (stored) return stored;
    this.recomputed++;
    await this.run(spec);
    const bytes = await this.store.get(key);
    if (!bytes) throw new ClusterError(`cluster: ${jobId(this.plan.query, spec)} wrote no output to ${key}`);
    return bytes;
  }

  private async map(index: number): Promise<void> {
    const out = await this.engine.map(this.plan, index);
    // Pieces first: a stored partial then means the whole map's output is there.
    if (out.buckets) await Promise.all(out.buckets.map(async (piece, b) => this.store.set(pieceKey(this.plan.query, index, b), await encodePiece(piece))));
    await this.store.set(outputKey(this.plan.query, { stage: 'map', index }), await encodePartial(out.partial));
  }

  private async combine(level: number, index: number): Promise<void> {
    const layout = this.engine.layouts(this.plan).merged;
    const parts = [];
    for (const child of childSpecs(this.plan, level, index)) parts.push(await decodePartial(await this.output(child), layout));
    const merged = combinePartials(this.engine.keyNames(this.plan), layout, parts);
    await this.store.set(outputKey(this.plan.query, { stage: 'combine', level, index }), await encodePartial(merged));
  }

  private async shuffle(bucket: number): Promise<void> {
    const pieces = [];
    for (let m = 0; m < this.plan.partitions; m++) {
      let bytes = await this.store.get(pieceKey(this.plan.query, m, bucket));
      if (!bytes) {
        this.recomputed++;
        await this.map(m);
        bytes = await this.store.get(pieceKey(this.plan.query, m, bucket));
      }
      if (!bytes) throw new ClusterError(`cluster: map ${m} of ${this.plan.query} wrote no shuffle bucket ${bucket}`);
      pieces.push(await decodePiece(bytes));
    }
    const reduced = await reduceBucket(this.engine.keyNames(this.plan), this.engine.layouts(this.plan).ordered, pieces, this.engine.statistics);
    await this.store.set(outputKey(this.plan.query, { stage: 'shuffle', index: bucket }), await encodeBucket(reduced));
  }
}

/** Every key a query may write (outputs, pieces), for deleting them when it ends. */
export function queryKeys(plan: WirePlan): string[] {
  const keys: string[] = [];
  const counts = levelCounts(plan.partitions, plan.splitEvery);
  counts.forEach((n, level) => {
    for (let i = 0; i < n; i++) keys.push(outputKey(plan.query, level === 0 ? { stage: 'map', index: i } : { stage: 'combine', level, index: i }));
  });
  if (plan.ordered) {
    for (let b = 0; b < BUCKETS; b++) keys.push(outputKey(plan.query, { stage: 'shuffle', index: b }));
    for (let m = 0; m < plan.partitions; m++) for (let b = 0; b < BUCKETS; b++) keys.push(pieceKey(plan.query, m, b));
  }
  return keys;
}

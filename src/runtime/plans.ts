import type { Node } from '../graph/node.js';
import type { Plan } from '../kernel/plan.js';
import { optimize } from '../optimizer/index.js';
import { PlanCache } from '../optimizer/plan-cache.js';
import { realizedOf } from './node-state.js';

/**
 * Plans kept for reuse. Not tuned by measurement: a template is the plan's programs
 * and views without any data (a few KB for an expression of a few dozen ops), so 256
 * bound the cache to about a megabyte while holding every expression shape a loop or
 * a notebook cycles through.
 */
const PLAN_CACHE_ENTRIES = 256;

const cache = new PlanCache(PLAN_CACHE_ENTRIES);
let caching = true;

/** init's `planCache`: false makes every evaluation run the optimizer. */
export function setPlanCaching(on: boolean): void {
  caching = on;
}

/** The optimized plan for pending nodes: from the plan cache (#13) unless init turned it off. */
export const planOf = (pending: readonly Node[]): Plan => (caching ? cache.plan(pending, realizedOf) : optimize(pending, realizedOf));

/** Evaluations answered from the plan cache, and those that ran the optimizer through it. */
export const planCacheCounters = (): { planHits: number; planMisses: number } => ({ planHits: cache.hits, planMisses: cache.misses });

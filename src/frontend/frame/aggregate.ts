import type { AnyTypedArray } from '../../graph/dtype.js';
import { DTypeError, ValueError } from '../../graph/errors.js';
import { Node } from '../../graph/node.js';
import type { Plan } from '../../kernel/plan.js';
import { planFor } from '../../runtime/evaluate.js';
import { returnCodes } from '../../runtime/stream/codes-scratch.js';
import { reachedGroups } from '../../runtime/stream/dense-groups.js';
import { combine, factorize, type Factorized } from '../../runtime/stream/factorize.js';
import type { GroupState, Partial, StatRows } from '../../runtime/stream/group-state.js';
import { asarray } from '../creation.js';
import { where } from '../elementwise.js';
import type { NDArray } from '../ndarray.js';
import { StatLayout, type AggOutput } from './agg-spec.js';
import type { Column } from './column.js';
import { denseKeys, slotLayout, type DenseKeys } from './dense-keys.js';
import type { GroupKey } from './group-keys.js';
import type { GroupStrategy, StrategyChoice } from './strategy.js';
import { hostValues, readReleased } from './host.js';

/** Options of `Frame.groupby`, as pandas' `sort` and `dropna`. */
export interface GroupOptions {
  /** Groups in ascending key order (default true); false keeps the order keys first appear. */
  readonly sort?: boolean;
  /** Null and NaN keys form no group (default true, as pandas). */
  readonly dropna?: boolean;
  /** How keys become groups (strategy.ts): 'auto' (default), 'slots' or 'factorize'. */
  readonly strategy?: GroupStrategy;
}

/** Aggregations a string column supports: those that need equality only. */
const STRING_AGGS = new Set(['count', 'size', 'nunique', 'first', 'last']);

/** The numbers a value column contributes: strings as their codes, null as NaN (so count and nunique skip it). */
export const valueArray = (c: Column): NDArray => (c.kind === 'number' ? c.values : where(c.codes.less(0), NaN, c.codes));

function checkOutputs(g: Grouping): void {
  for (const o of g.outputs) {
    if (g.lookup(o.column).kind === 'string' && !STRING_AGGS.has(o.agg)) {
      throw new DTypeError(`agg: ${o.agg} of string column '${o.column}' is not defined (strings support ${[...STRING_AGGS].join(', ')})`);
    }
  }
}

/** Each key factorised, then combined; sorting is free when every key's codes already rank it. */
async function factorizeKeys(keys: readonly Column[], options: GroupOptions): Promise<{ factorized: Factorized; hosts: AnyTypedArray[] }> {
  const hosts = await hostValues('groupby', keys.map((c) => (c.kind === 'number' ? c.values : c.codes)));
  const dropna = options.dropna ?? true;
  const ascending = options.sort ?? true;
  const each = keys.map((c, k) =>
    factorize(hosts[k]!, {
      integral: c.kind === 'string' || c.values.dtype !== 'float64' && c.values.dtype !== 'float32',
      negativeIsNull: c.kind === 'string',
      dropna,
      ascending: ascending && c.kind === 'number',
    }),
  );
  const factorized = each.slice(1).reduce((a, b) => combine(a, b, ascending), each[0]!);
  return { factorized, hosts };
}

/** The groupAgg node: every statistic of every value column in one kernel, value expressions (and the codes' own) fused into it. */
function statsNode(codes: NDArray, groups: number, layout: StatRows, values: readonly NDArray[]): Node {
  const inputs = [codes.node('groupby'), ...values.map((v) => v.node('groupby'))];
  return new Node('groupAgg', inputs, [layout.size, groups], 'float64', { group: { groups, stats: layout.stats } });
}

const groupAggNode = (codes: NDArray, groups: number, layout: StatLayout, g: Grouping): Node =>
  statsNode(codes, groups, layout, layout.columns.map((name) => valueArray(g.lookup(name))));

/** The statistics of `layout` over rows already grouped by `codes` (in [-1, groups)), `values[k]` the rows of layout column k. */
export const groupStatistics = (codes: NDArray, groups: number, layout: StatRows, values: readonly NDArray[]): Promise<Float64Array> =>
  readAndRelease(statsNode(codes, groups, layout, values));

export interface Grouping {
  readonly names: readonly string[];
  readonly keys: readonly Column[];
  readonly outputs: readonly AggOutput[];
  readonly lookup: (name: string) => Column;
}

async function prepare(g: Grouping, options: GroupOptions): Promise<{ factorized: Factorized; hosts: AnyTypedArray[]; layout: StatLayout; node: Node | undefined }> {
  checkOutputs(g);
  const layout = new StatLayout(g.outputs);
  const { factorized, hosts } = await factorizeKeys(g.keys, options);
  const empty = factorized.groups === 0;
  return { factorized, hosts, layout, node: empty ? undefined : groupAggNode(asarray(factorized.codes), factorized.groups, layout, g) };
}

interface DensePass {
  readonly dense: DenseKeys;
  readonly node: Node;
  readonly layout: StatLayout;
}

const keyList = (g: Grouping): string => g.names.map((n) => `'${n}'`).join(', ');

/**
 * The strategy for these keys and, for slots, the aggregation pass over them: slots where
 * the measured key ranges allow (or where forced, else an error naming what was measured).
 */
async function chooseStrategy(g: Grouping, options: GroupOptions): Promise<{ pass?: DensePass; choice: StrategyChoice }> {
  const strategy = options.strategy ?? 'auto';
  if (strategy === 'factorize') return { choice: { strategy, forced: true, because: 'keys numbered on the host' } };
  checkOutputs(g);
  const outcome = await denseKeys(g.names, g.keys, options.sort ?? true, options.dropna ?? true);
  const forced = strategy === 'slots';
  if (!outcome.keys) {
    if (forced) throw new ValueError(`agg: strategy 'slots' cannot group by ${keyList(g)}: ${outcome.because}`);
    return { choice: { strategy: 'factorize', forced, because: outcome.because } };
  }
  const layout = slotLayout(g.outputs);
  const pass = { dense: outcome.keys, layout, node: groupAggNode(outcome.keys.codes, outcome.keys.slots, layout, g) };
  return { pass, choice: { strategy: 'slots', forced, because: outcome.because } };
}

/**
 * The groups and statistics of narrow-range integral keys, or undefined when grouping
 * needs factorising. The state holds every slot; `at` is where each group's statistics are.
 */
export async function aggregateDense(g: Grouping, options: GroupOptions): Promise<{ keys: GroupKey[]; state: GroupState; at: Int32Array } | undefined> {
  const { pass } = await chooseStrategy(g, options);
  if (!pass) return undefined;
  const state = { layout: pass.layout, groups: pass.dense.slots, data: await readAndRelease(pass.node) };
  const reached = reachedGroups(pass.dense, state);
  return { keys: g.keys.map((column, k) => ({ column, values: reached.keys[k]! })), state, at: reached.slots };
}

const readAndRelease = async (node: Node): Promise<Float64Array> => (await readReleased('agg', [node]))[0] as Float64Array;

/** Groups a frame's rows and computes the partial statistics the outputs need; `seeCodes` may read (not keep) each row's group. */
export async function aggregatePartial(g: Grouping, options: GroupOptions, seeCodes?: (codes: Int32Array) => void): Promise<Partial> {
  const { factorized, hosts, layout, node } = await prepare(g, options);
  const { codes, ...groups } = factorized;
  try {
    seeCodes?.(codes);
    const data = node ? await readAndRelease(node) : new Float64Array(0);
    const keys = g.keys.map((column, k) => ({ host: hosts[k]!, dictionary: column.kind === 'string' ? column.dictionary : undefined }));
    return { factorized: groups, keys, state: { layout, groups: factorized.groups, data } };
  } finally {
    returnCodes(codes);
  }
}

/** The plan of the aggregation pass (after factorising the keys, which decides the number of groups) and the strategy behind it. */
export async function aggregationPlan(g: Grouping, options: GroupOptions): Promise<{ plan: Plan | undefined; choice: StrategyChoice }> {
  const { pass, choice } = await chooseStrategy(g, options);
  if (pass) return { plan: planFor([pass.node]), choice };
  const { node } = await prepare(g, options);
  return { plan: node ? planFor([node]) : undefined, choice };
}

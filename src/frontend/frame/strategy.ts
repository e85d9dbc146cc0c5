import { ArgumentError, ValueError } from '../../graph/errors.js';
import { describe } from '../arguments.js';
import type { Column } from './column.js';

/**
 * How `Frame.groupby` turns keys into groups, its `strategy` option:
 * - `'slots'`: each row's group slot, `sum((key - min) * stride)`, is computed on the
 *   backend from integer keys (int, bool, dictionary codes), so the keys never leave it;
 *   needs the key ranges to multiply to few enough slots for the rows.
 * - `'factorize'`: the keys are read to the host and numbered there (a dense table for
 *   narrow integers, else a hash), then the statistics pass runs over those numbers.
 * - `'auto'` (default): slots when the measured key ranges allow them, else factorize.
 */
export type GroupStrategy = 'auto' | 'slots' | 'factorize';

const STRATEGIES: readonly GroupStrategy[] = ['auto', 'slots', 'factorize'];

/** The strategy an agg used and the measurements that chose it, the first line of explain(). */
export interface StrategyChoice {
  readonly strategy: 'slots' | 'factorize';
  readonly forced: boolean;
  /** What was measured (key ranges, slots against the limit) or why slots cannot apply. */
  readonly because: string;
}

export const describeChoice = (c: StrategyChoice): string => `grouping: ${c.strategy} (${c.forced ? 'forced' : 'auto'}): ${c.because}`;

/**
 * Why these keys cannot be grouped by slots whatever their values, or undefined when
 * their ranges decide: what groupby checks at the call when slots are forced.
 */
export function slotsRuledOut(names: readonly string[], keys: readonly Column[], sort: boolean, dropna: boolean): string | undefined {
  if (!sort) return 'sort: false keeps groups in first-appearance order, and slots come out in key order';
  for (const [k, c] of keys.entries()) {
    if (c.kind === 'string' && !dropna) return `dropna: false makes null a group, and string key '${names[k]}' has no slot for null`;
    if (c.kind === 'number' && c.values.dtype !== 'int32' && c.values.dtype !== 'bool') return `key '${names[k]}' is ${c.values.dtype}, and slots need int32, bool or string keys`;
  }
  return undefined;
}

/** The `strategy` option, checked at the call: forcing slots on keys that can never have them is an error there. */
export function checkStrategy(strategy: unknown, names: readonly string[], keys: readonly Column[], sort: boolean, dropna: boolean): GroupStrategy {
  if (strategy === undefined) return 'auto';
  if (!STRATEGIES.includes(strategy as GroupStrategy)) {
    throw new ArgumentError(`groupby: strategy must be one of ${STRATEGIES.map((s) => `'${s}'`).join(', ')}, got ${describe(strategy)}`);
  }
  const why = strategy === 'slots' ? slotsRuledOut(names, keys, sort, dropna) : undefined;
  if (why) throw new ValueError(`groupby: strategy 'slots' cannot group by ${names.map((n) => `'${n}'`).join(', ')}: ${why}`);
  return strategy as GroupStrategy;
}

import { denseSlots, slotCount, slotLimit, type DenseSlots } from '../../runtime/stream/dense-groups.js';
import { Node } from '../../graph/node.js';
import type { NDArray } from '../ndarray.js';
import { wrap } from '../operand.js';
import { sizeOutput, StatLayout, type AggOutput } from './agg-spec.js';
import { lengthOf, type Column } from './column.js';
import { readReleased } from './host.js';
import { isSettled } from '../../runtime/settled.js';
import { slotsRuledOut } from './strategy.js';

/**
 * Grouping by integer keys (int, bool, or dictionary-encoded strings) without
 * factorising on the host: each row's group slot is computed on the backend from its
 * keys, `sum((key_k - min_k) * stride_k)` (the groupSlots op, a native loop on wasm), so
 * the keys never leave the backend. Slots no row reached are dropped afterwards
 * (runtime/stream/dense-groups.ts); the rest are the groups, already in ascending key
 * order (dictionary codes are sorted by their strings later).
 */
export interface DenseKeys extends DenseSlots {
  /** Each row's slot in [0, slots), or -1 for a null key. */
  readonly codes: NDArray;
}

/** One key's values as int32 (a bool key converted), for a key slotsRuledOut allows. */
const intKey = (key: Column): NDArray => (key.kind === 'string' ? key.codes : key.values.dtype === 'int32' ? key.values : key.values.astype('int32'));

/** What denseKeys found: the slots, or none, and in both cases what decided it (explain() prints it). */
export type DenseOutcome = { readonly keys?: DenseKeys; readonly because: string };

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * The dense slots of the key columns, or none when a key is not integral, null keys must
 * form a group, there are no rows, or the measured ranges multiply past the slot limit.
 */
export async function denseKeys(names: readonly string[], keys: readonly Column[], sort: boolean, dropna: boolean): Promise<DenseOutcome> {
  const ruledOut = slotsRuledOut(names, keys, sort, dropna);
  if (ruledOut) return { because: ruledOut };
  const rows = lengthOf(keys[0]!);
  if (rows === 0) return { because: 'no rows' };
  const bounds = await keyBounds(keys);
  const ranges = bounds.map(([lo, hi], k) => `'${names[k]}' in [${lo}, ${hi}]${keys[k]!.kind === 'string' ? ' (dictionary codes)' : ''}`);
  const measured = `${ranges.join(', ')}: ${count(slotCount(bounds))} slots for ${count(rows)} rows`;
  const dense = denseSlots(bounds, rows);
  if (!dense) return { because: `${measured}, past the limit of ${count(slotLimit(rows))}` };
  const because = `${measured}, within the limit of ${count(slotLimit(rows))}`;
  const ints = keys.map(intKey);
  // A lone key from 0 (a dictionary's codes, -1 for null included) is its own slots.
  if (keys.length === 1 && dense.base[0] === 0) return { keys: { ...dense, codes: ints[0]! }, because };
  const slots = { base: dense.base, stride: dense.stride, nullable: keys.map((c) => c.kind === 'string') };
  const node = new Node('groupSlots', ints.map((k) => k.node('groupby')), [rows], 'int32', { slots });
  return { keys: { ...dense, codes: wrap(node) }, because };
}

/**
 * Each key's smallest and largest value (dictionary codes: their whole dictionary). The
 * bounds of a settled column (runtime/settled.ts) are kept with it, so grouping the same
 * frame again skips the pass over its keys (#15); the rest are read in one pass.
 */
async function keyBounds(keys: readonly Column[]): Promise<[number, number][]> {
  const unknown = keys.flatMap((c) => (c.kind === 'number' && !KEPT_BOUNDS.has(c.values.node('groupby')) ? [c.values] : []));
  const found = unknown.length > 0 ? await readReleased('groupby', unknown.flatMap((v) => [v.min().node('groupby'), v.max().node('groupby')])) : [];
  const fresh = new Map(unknown.map((v, i) => [v, [Number(found[2 * i]![0]), Number(found[2 * i + 1]![0])] as [number, number]]));
  for (const [v, bounds] of fresh) if (isSettled(v.node('groupby'))) KEPT_BOUNDS.set(v.node('groupby'), bounds);
  return keys.map((c) => (c.kind === 'string' ? [0, c.dictionary.length - 1] : (fresh.get(c.values) ?? KEPT_BOUNDS.get(c.values.node('groupby'))!)));
}

/** Bounds of settled key columns, by graph node: a node's value never changes, and the entry goes with the node. */
const KEPT_BOUNDS = new WeakMap<Node, [number, number]>();

/** The layout of the outputs plus each group's row count, which tells reached slots from empty ones. */
export function slotLayout(outputs: readonly AggOutput[]): StatLayout {
  return new StatLayout([...outputs, sizeOutput(outputs)]);
}

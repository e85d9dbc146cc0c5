import type { DType } from '../../graph/dtype.js';
import { denseSlots, type DenseSlots } from '../../runtime/stream/dense-groups.js';
import { Node } from '../../graph/node.js';
import type { NDArray } from '../ndarray.js';
import { wrap } from '../operand.js';
import { sizeOutput, StatLayout, type AggOutput } from './agg-spec.js';
import { lengthOf, type Column } from './column.js';
import { readReleased } from './host.js';
import { isSettled } from '../../runtime/settled.js';

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

/** Integer dtypes whose values all fit int32: the slot arithmetic stays exact. */
const SLOT_DTYPES: ReadonlySet<DType> = new Set(['bool', 'int32']);

/** One key's values as int32 and where they are null (dictionary code -1), or undefined when the key is not integral. */
function intKey(key: Column): { k: NDArray; nullable: boolean } | undefined {
  if (key.kind === 'string') return { k: key.codes, nullable: true };
  if (!SLOT_DTYPES.has(key.values.dtype)) return undefined;
  return { k: key.values.dtype === 'int32' ? key.values : key.values.astype('int32'), nullable: false };
}

/**
 * The dense slots of the key columns, or undefined when one is not integral, the ranges
 * multiply past the slot limit, or null keys must form a group.
 */
export async function denseKeys(keys: readonly Column[], dropna: boolean): Promise<DenseKeys | undefined> {
  const ints = keys.map(intKey);
  const rows = lengthOf(keys[0]!);
  if (rows === 0 || ints.some((i) => i === undefined) || (!dropna && ints.some((i) => i!.nullable))) return undefined;
  const bounds = await keyBounds(keys);
  const dense = denseSlots(bounds, rows);
  if (!dense) return undefined;
  // A lone key from 0 (a dictionary's codes, -1 for null included) is its own slots.
  if (keys.length === 1 && dense.base[0] === 0) return { ...dense, codes: ints[0]!.k };
  const slots = { base: dense.base, stride: dense.stride, nullable: ints.map((i) => i!.nullable) };
  const node = new Node('groupSlots', ints.map((i) => i!.k.node('groupby')), [rows], 'int32', { slots });
  return { ...dense, codes: wrap(node) };
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

import type { DType } from '../../graph/dtype.js';
import type { NDArray } from '../ndarray.js';
import { sizeOutput, StatLayout, type AggOutput } from './agg-spec.js';
import { where } from '../elementwise.js';
import { lengthOf, type Column } from './column.js';
import { statRow, type GroupState } from './finish.js';
import type { GroupKey } from './group-keys.js';
import { readReleased } from './host.js';

/**
 * Grouping by integer keys (int, bool, or dictionary-encoded strings) without
 * factorising on the host: each row's group slot is computed inside the aggregation
 * kernel from its keys, `sum((key_k - min_k) * stride_k)`, so the keys never leave the
 * backend and the pass reads them once. Slots no row reached are dropped afterwards; the
 * rest are the groups, already in ascending key order (dictionary codes are sorted by
 * their strings later).
 */
export interface DenseKeys {
  /** Each row's slot in [0, slots), or -1 for a null key. */
  readonly codes: NDArray;
  readonly slots: number;
  /** Key k of slot s is `base[k] + floor(s / stride[k]) % range[k]` (a number, or a dictionary code). */
  readonly base: readonly number[];
  readonly stride: readonly number[];
  readonly range: readonly number[];
}

/** Integer dtypes whose values all fit int32: the slot arithmetic stays exact. */
const SLOT_DTYPES: ReadonlySet<DType> = new Set(['bool', 'int32']);

/**
 * Slots at most twice the rows (or 64k), and at most 4M: past that most slots would be
 * empty, and the per-thread partial states of the kernel would outgrow what hashing costs.
 */
const MAX_SLOTS = 1 << 22;
const allowed = (slots: number, rows: number): boolean => slots <= MAX_SLOTS && slots <= Math.max(2 * rows, 1 << 16);

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
  const range = bounds.map(([lo, hi]) => hi - lo + 1);
  const slots = range.reduce((a, b) => a * b, 1);
  if (!allowed(slots, rows)) return undefined;
  const stride = range.map((_, k) => range.slice(k + 1).reduce((a, b) => a * b, 1));
  let codes: NDArray | undefined;
  let isNull: NDArray | undefined;
  ints.forEach((i, k) => {
    const shifted = bounds[k]![0] === 0 ? i!.k : i!.k.sub(bounds[k]![0]);
    const term = stride[k] === 1 ? shifted : shifted.mul(stride[k]!);
    codes = codes ? codes.add(term) : term;
    if (i!.nullable) isNull = isNull ? isNull.logicalOr(i!.k.less(0)) : i!.k.less(0);
  });
  // A lone dictionary key's codes are its slots already, -1 for null included.
  const alone = keys.length === 1;
  return { codes: isNull && !alone ? where(isNull, -1, codes!) : codes!, slots, base: bounds.map(([lo]) => lo), stride, range };
}

/** Each key's smallest and largest value (dictionary codes: their whole dictionary), numbers in one pass. */
async function keyBounds(keys: readonly Column[]): Promise<[number, number][]> {
  const numbers = keys.flatMap((c) => (c.kind === 'number' ? [c.values.min(), c.values.max()] : []));
  const found = numbers.length > 0 ? (await readReleased('groupby', numbers.map((a) => a.node('groupby')))).map((v) => Number(v[0])) : [];
  let at = 0;
  return keys.map((c) => (c.kind === 'string' ? [0, c.dictionary.length - 1] : [Number(found[at++]), Number(found[at++])]));
}

/** The layout of the outputs plus each group's row count, which tells reached slots from empty ones. */
export function slotLayout(outputs: readonly AggOutput[]): StatLayout {
  return new StatLayout([...outputs, sizeOutput(outputs)]);
}

/** The slots some row reached, ascending. */
function reachedSlots(size: Float64Array, slots: number): Int32Array {
  let groups = 0;
  for (let s = 0; s < slots; s++) if (size[s]! > 0) groups++;
  const reached = new Int32Array(groups);
  for (let s = 0, g = 0; s < slots; s++) if (size[s]! > 0) reached[g++] = s;
  return reached;
}

/** Key k of each reached slot, in plain typed loops (a mapping Float64Array.from is several times slower in V8). */
function slotKeys(reached: Int32Array, base: number, stride: number, range: number): Float64Array {
  const out = new Float64Array(reached.length);
  for (let g = 0; g < reached.length; g++) out[g] = base + (Math.floor(reached[g]! / stride) % range);
  return out;
}

/** The groups of a dense pass: the slots some row reached, their keys, and their statistics. */
export function compactSlots(keys: readonly Column[], dense: DenseKeys, state: GroupState): { keys: GroupKey[]; state: GroupState } {
  const reached = reachedSlots(statRow(state, state.layout.index(state.layout.columns[0]!, 'size')), dense.slots);
  const groups = reached.length;
  const data = new Float64Array(state.layout.size * groups);
  for (let r = 0; r < state.layout.size; r++) {
    const from = statRow(state, r);
    const at = r * groups;
    for (let g = 0; g < groups; g++) data[at + g] = from[reached[g]!]!;
  }
  return {
    keys: keys.map((column, k) => ({ column, values: slotKeys(reached, dense.base[k]!, dense.stride[k]!, dense.range[k]!) })),
    state: { layout: state.layout, groups, data },
  };
}

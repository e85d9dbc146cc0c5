import type { DType } from '../../graph/dtype.js';
import { realize } from '../../runtime/evaluate.js';
import { releaseNode } from '../../runtime/memory.js';
import { readContiguous } from '../../runtime/read.js';
import type { NDArray } from '../ndarray.js';
import { StatLayout, type AggOutput } from './agg-spec.js';
import type { Column } from './column.js';
import { statRow, type GroupState } from './finish.js';
import type { GroupKey } from './group-keys.js';

/**
 * Grouping by one integer key (or one dictionary-encoded string key) without
 * factorising on the host: each row's group slot is `key - min`, computed inside the
 * aggregation kernel, so the keys never leave the backend and the pass reads them once.
 * Slots no row reached are dropped afterwards; the rest are the groups, already in
 * ascending key order (dictionary slots are sorted by their strings later).
 */
export interface DenseKeys {
  /** Each row's slot in [0, slots), or -1 for a null key. */
  readonly codes: NDArray;
  readonly slots: number;
  /** The key value (a number, or a dictionary code) of slot s is `base + s`. */
  readonly base: number;
}

/** Integer dtypes whose values all fit int32: the slot arithmetic stays exact. */
const SLOT_DTYPES: ReadonlySet<DType> = new Set(['bool', 'int32']);

/**
 * Slots at most twice the rows (or 64k), and at most 4M: past that most slots would be
 * empty, and the per-thread partial states of the kernel would outgrow what hashing costs.
 */
const MAX_SLOTS = 1 << 22;
const allowed = (slots: number, rows: number): boolean => slots <= MAX_SLOTS && slots <= Math.max(2 * rows, 1 << 16);

/** The dense slots of a single key column, or undefined when it is not integral, has too wide a range, or null keys must form a group. */
export async function denseKeys(key: Column, dropna: boolean): Promise<DenseKeys | undefined> {
  if (key.kind === 'string') {
    const rows = key.codes.shape[0]!;
    // Codes already are slots: -1 (null) is no group, as dropna wants.
    return dropna && rows > 0 && allowed(key.dictionary.length, rows) ? { codes: key.codes, slots: key.dictionary.length, base: 0 } : undefined;
  }
  const k = key.values;
  const rows = k.shape[0]!;
  if (!SLOT_DTYPES.has(k.dtype) || rows === 0) return undefined;
  const [lo, hi] = await scalars('groupby', [k.min(), k.max()]);
  const slots = hi! - lo! + 1;
  if (!allowed(slots, rows)) return undefined;
  const asInt = k.dtype === 'int32' ? k : k.astype('int32');
  return { codes: lo === 0 ? asInt : asInt.sub(lo!), slots, base: lo! };
}

/** The values of 0-d arrays, whose results are then let go: a repeated grouping computes again rather than answering from them. */
async function scalars(op: string, arrays: readonly NDArray[]): Promise<number[]> {
  const nodes = arrays.map((a) => a.node(op));
  const values = (await realize(op, nodes)).map((r) => Number(readContiguous(r)[0]));
  nodes.forEach(releaseNode);
  return values;
}

/** The layout of the outputs plus each group's row count, which tells reached slots from empty ones. */
export function slotLayout(outputs: readonly AggOutput[]): StatLayout {
  const first = outputs[0]!;
  return new StatLayout([...outputs, { ...first, name: `${first.column}_size`, agg: 'size' }]);
}

/** The groups of a dense pass: the slots some row reached, their keys, and their statistics. */
export function compactSlots(key: Column, dense: DenseKeys, state: GroupState): { key: GroupKey; state: GroupState } {
  const size = statRow(state, state.layout.index(state.layout.columns[0]!, 'size'));
  const reached: number[] = [];
  for (let s = 0; s < dense.slots; s++) if (size[s]! > 0) reached.push(s);
  const groups = reached.length;
  const rows = state.layout.size;
  const data = new Float64Array(rows * groups);
  for (let r = 0; r < rows; r++) {
    const from = statRow(state, r);
    for (let g = 0; g < groups; g++) data[r * groups + g] = from[reached[g]!]!;
  }
  const values = Float64Array.from(reached, (s) => dense.base + s);
  return { key: { column: key, values }, state: { layout: state.layout, groups, data } };
}

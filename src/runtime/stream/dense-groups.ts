import { statRow, type GroupState, type StatRows } from './group-state.js';

/**
 * The slots of grouping by integer keys without factorising on the host (the frontend
 * computes each row's slot in the aggregation kernel, frame/dense-keys.ts). Slots no row
 * reached are dropped afterwards; the rest are the groups, already in ascending key order.
 */
export interface DenseSlots {
  readonly slots: number;
  /** Key k of slot s is `base[k] + floor(s / stride[k]) % range[k]` (a number, or a dictionary code). */
  readonly base: readonly number[];
  readonly stride: readonly number[];
  readonly range: readonly number[];
}

/**
 * Slots at most twice the rows (or 64k), and at most 4M: past that most slots would be
 * empty, and the per-thread partial states of the kernel would outgrow what hashing costs.
 */
const MAX_SLOTS = 1 << 22;

/** The most slots a grouping of `rows` rows may use. */
export const slotLimit = (rows: number): number => Math.min(MAX_SLOTS, Math.max(2 * rows, 1 << 16));

/** How many slots keys within `bounds` (each key's smallest and largest value) need: the product of their ranges. */
export const slotCount = (bounds: readonly (readonly [number, number])[]): number => bounds.reduce((a, [lo, hi]) => a * (hi - lo + 1), 1);

/** The slots of keys within `bounds` over `rows` rows, or undefined when they need more than slotLimit(rows). */
export function denseSlots(bounds: readonly (readonly [number, number])[], rows: number): DenseSlots | undefined {
  const range = bounds.map(([lo, hi]) => hi - lo + 1);
  const slots = slotCount(bounds);
  if (slots > slotLimit(rows)) return undefined;
  const stride = range.map((_, k) => range.slice(k + 1).reduce((a, b) => a * b, 1));
  return { slots, base: bounds.map(([lo]) => lo), stride, range };
}

/** The slots some row reached, ascending. */
function reachedSlots(size: Float64Array, slots: number): Int32Array {
  let groups = 0;
  for (let s = 0; s < slots; s++) if (size[s]! > 0) groups++;
  const reached = new Int32Array(groups);
  for (let s = 0, g = 0; s < slots; s++) if (size[s]! > 0) reached[g++] = s;
  return reached;
}

/** Key k of each reached slot (an int32, bool or dictionary code: int32 holds it), in a plain typed loop (a mapping TypedArray.from is several times slower in V8). */
function slotKeys(reached: Int32Array, base: number, stride: number, range: number): Int32Array {
  const out = new Int32Array(reached.length);
  for (let g = 0; g < reached.length; g++) out[g] = base + (Math.floor(reached[g]! / stride) % range);
  return out;
}

/**
 * The groups of a dense pass: the slots some row reached, ascending (where each group's
 * statistics are in the pass's state), and each key's value of them. The statistics are
 * not compacted here: finishing an output gathers through these slots anyway.
 */
export function reachedGroups(dense: DenseSlots, state: GroupState): { keys: Int32Array[]; slots: Int32Array } {
  const slots = reachedSlots(statRow(state, state.layout.index(state.layout.columns[0]!, 'size')), dense.slots);
  return { slots, keys: dense.base.map((base, k) => slotKeys(slots, base, dense.stride[k]!, dense.range[k]!)) };
}

/** The statistics `layout` names of the groups whose slots are `at`, compacted in that order (the dense pass's layout has a size row of its own). */
export function statesAt(state: GroupState, at: Int32Array, layout: StatRows): GroupState {
  const groups = at.length;
  const data = new Float64Array(layout.size * groups);
  let to = 0;
  layout.stats.forEach((specs, k) => {
    for (const { stat, q } of specs) {
      const from = statRow(state, state.layout.index(layout.columns[k]!, stat, q));
      for (let j = 0; j < groups; j++) data[to + j] = from[at[j]!]!;
      to += groups;
    }
  });
  return { layout, groups, data };
}

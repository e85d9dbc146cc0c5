import { REFERENCE, runAll } from './outcome.js';
import { children, size, type Program } from './program.js';
import { leafValues, toLeafValue } from './values.js';

export type Predicate = (p: Program) => Promise<boolean>;

/** Copies p with its child at `key` replaced. */
function withChild(p: Program, key: 'x' | 'y' | 'cond', child: Program): Program {
  return { ...p, [key]: child } as Program;
}

const KEYS = ['x', 'y', 'cond'] as const;

/** Every program obtained by rewriting one node of p with `rewrite` (which lists a node's replacements). */
function everywhere(p: Program, rewrite: (q: Program) => Program[]): Program[] {
  const here = rewrite(p);
  const below = KEYS.flatMap((k) => {
    const c = (p as Record<string, unknown>)[k];
    return typeof c === 'object' && c !== null ? everywhere(c as Program, rewrite).map((v) => withChild(p, k, v)) : [];
  });
  return [...here, ...below];
}

/** A leaf holding what the reference computes for q: structure above a bug shrinks away, structure that causes it stays. */
async function frozen(q: Program): Promise<Program | null> {
  if (q.op === 'leaf') return null;
  const [o] = await runAll([q], REFERENCE);
  if (!o || 'error' in o) return null;
  return { op: 'leaf', dtype: o.dtype, shape: o.shape, seed: 0, values: o.values.map(toLeafValue) };
}

function nodes(p: Program): Program[] {
  return [p, ...children(p).flatMap(nodes)];
}

/** p with the node `target` (by identity) replaced. */
function replaced(p: Program, target: Program, by: Program): Program {
  return everywhere(p, (q) => (q === target ? [by] : [])).find(() => true) ?? p;
}

/** Each non-root node replaced by its computed values. */
async function freezes(p: Program): Promise<Program[]> {
  const out: Program[] = [];
  for (const q of nodes(p).slice(1)) {
    const f = await frozen(q);
    if (f) out.push(replaced(p, q, f));
  }
  return out;
}

/** Leaf rewrites: explicit values, then each value zeroed, then a smaller seeded shape. */
function simplerLeaves(q: Program): Program[] {
  if (q.op !== 'leaf') return [];
  if (!q.values) return [{ ...q, values: leafValues(q).map(toLeafValue) }, ...q.shape.flatMap((d, i) => (d > 1 ? [{ ...q, shape: q.shape.map((e, j) => (j === i ? d - 1 : e)) }] : []))];
  if (q.values.length > 64) return [];
  return q.values.flatMap((v, i) => (v === 0 ? [] : [{ ...q, values: q.values!.map((w, j) => (j === i ? 0 : w)) }]));
}

/**
 * Greedy shrinking, as QuickCheck does: take the first smaller variant that still fails
 * and start over, until no variant fails or `budget` checks are spent. Variants, largest
 * cut first: a subtree in place of its parent, a subtree replaced by its computed values,
 * leaves with fewer or zeroed values.
 */
export async function shrink(p: Program, fails: Predicate, budget = 400): Promise<Program> {
  let best = p;
  let checks = 0;
  const better = async (candidates: Program[]): Promise<boolean> => {
    for (const c of candidates) {
      if (checks >= budget) return false;
      if (size(c) > size(best)) continue;
      checks++;
      if (await fails(c)) {
        best = c;
        return true;
      }
    }
    return false;
  };
  for (;;) {
    if (await better(everywhere(best, children))) continue;
    if (await better(await freezes(best))) continue;
    if (await better(everywhere(best, simplerLeaves))) continue;
    return best;
  }
}

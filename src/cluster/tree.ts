/**
 * The shape of a partitioned aggregation's merge tree: level 0 is the partitions' map
 * jobs; each combine of level L merges at most `splitEvery` consecutive results of level
 * L-1, in order, until one is left. The shape depends only on the number of partitions
 * and `splitEvery`, so every run merges the same partials in the same order, whoever
 * computes them.
 */

/** Results at each level: counts[0] partitions, the last level 1. */
export function levelCounts(partitions: number, splitEvery: number): number[] {
  const counts = [partitions];
  while (counts[counts.length - 1]! > 1) counts.push(Math.ceil(counts[counts.length - 1]! / splitEvery));
  return counts;
}

/** The indices at level - 1 that combine `index` of `level` merges. */
export function childrenOf(level: number, index: number, counts: readonly number[], splitEvery: number): number[] {
  const first = index * splitEvery;
  const end = Math.min(first + splitEvery, counts[level - 1]!);
  return Array.from({ length: end - first }, (_, k) => first + k);
}

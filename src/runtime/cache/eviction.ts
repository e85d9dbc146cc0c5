import type { Entry } from './entry.js';

/**
 * What evicting a buffer from host memory costs, relative to dropping a clean copy:
 * a buffer with a clean disk copy is freed at no cost; a result is recomputed from its
 * inputs by one fused kernel, usually cheaper than a write and a read of the same bytes
 * on a laptop SSD (a map reads its inputs at memory speed); user data and persisted
 * results must be written out, the most expensive.
 */
export function evictionCost(e: Entry): number {
  if (e.disk) return 1;
  return e.origin === 'result' ? 2 : 4;
}

/**
 * The buffer to evict next: least recently used, weighted by cost (age divided by cost),
 * so a cheap buffer goes before an equally old expensive one and an expensive buffer
 * survives until it is several times older than the cheap ones. `skip` holds buffers
 * whose eviction already failed in this round (a spill that hit a full disk).
 */
export function chooseVictim(entries: Iterable<Entry>, clock: number, skip: ReadonlySet<Entry>): Entry | undefined {
  let best: Entry | undefined;
  let bestScore = -1;
  for (const e of entries) {
    if (!e.evictable || skip.has(e)) continue;
    const score = (clock - e.lastUse + 1) / evictionCost(e);
    if (score > bestScore) {
      best = e;
      bestScore = score;
    }
  }
  return best;
}

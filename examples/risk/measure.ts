/**
 * Timing and agreement checks for the report. A step first warms up (JIT, first-touch
 * allocation): it runs until 200 ms have passed, at least once. The median of a few
 * timed runs follows; the count depends on how long the last warm-up run took, so that
 * sub-millisecond steps get enough samples to be stable and slow ones do not stretch
 * the report: 21 runs under 10 ms, 5 under 1 s, 3 under 4 s, else a single run.
 */

export interface Timing<T> {
  result: T;
  medianMs: number;
  runs: number;
}

export async function timeMedian<T>(fn: () => T | Promise<T>, progress: (line: string) => void): Promise<Timing<T>> {
  const warmStart = performance.now();
  let start = warmStart;
  const result = await fn();
  let warmMs = performance.now() - start;
  while (performance.now() - warmStart < 200) {
    start = performance.now();
    await fn();
    warmMs = performance.now() - start;
  }
  const runs = warmMs < 10 ? 21 : warmMs < 1000 ? 5 : warmMs < 4000 ? 3 : 1;
  if (warmMs >= 1000) progress(`warm-up ${seconds(warmMs)}, ${runs} timed run${runs > 1 ? 's' : ''} to go`);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    start = performance.now();
    await fn();
    times.push(performance.now() - start);
    if (warmMs >= 1000) progress(`run ${i + 1}/${runs}: ${seconds(times.at(-1)!)}`);
  }
  times.sort((a, b) => a - b);
  return { result, medianMs: times[runs >> 1]!, runs };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Largest |a[i] - b[i]|; a length mismatch or a NaN in either gives NaN, which fails any tolerance. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return NaN;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = d;
  }
  return m;
}

/**
 * Timing and agreement checks for the report. A step first runs once (JIT, first-touch
 * allocation); quick steps keep warming up until 200 ms have passed. The median of a few
 * timed runs follows, as many as the warm-up run's length allows so that sub-millisecond
 * steps get stable samples and slow ones do not stretch the report: 21 runs under 10 ms,
 * 5 under 300 ms, 3 under 1 s, one under 10 s. A step slower than that is timed by its
 * first run alone: at that length compilation and warm-up are noise, and a second run
 * would double a large report's wait.
 */

export interface Timing<T> {
  result: T;
  medianMs: number;
  runs: number;
}

/** Where a step's progress shows: a terminal bar in `npm start`, a status line on the demo page. */
export interface StepProgress {
  /** fraction in [0, 1] of the step's planned work; note says where it is. */
  update(fraction: number, note: string): void;
  /** The step is done; note says how its time was spent. */
  finish(note: string): void;
}

/** A step's work; it may report progress within one run as a fraction. */
export type Work<T> = (progress: (fraction: number) => void) => T | Promise<T>;

export async function timeMedian<T>(fn: Work<T>, bar: StepProgress): Promise<Timing<T>> {
  let runs = 0;
  let done = 0;
  // Before the run count is known the bar tracks the warm-up run alone.
  const report = (fraction: number) =>
    runs === 0 ? bar.update(fraction, 'warm-up') : bar.update((done + fraction) / (runs + 1), `run ${done}/${runs}`);
  const warmStart = performance.now();
  const result = await fn(report);
  let lastMs = performance.now() - warmStart;
  while (performance.now() - warmStart < 200) {
    const start = performance.now();
    await fn(() => {});
    lastMs = performance.now() - start;
  }
  if (lastMs >= 10_000) {
    bar.finish('one run');
    return { result, medianMs: lastMs, runs: 1 };
  }
  runs = lastMs < 10 ? 21 : lastMs < 300 ? 5 : lastMs < 1000 ? 3 : 1;
  done = 1;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    report(0);
    const start = performance.now();
    await fn(report);
    times.push(performance.now() - start);
    done++;
  }
  times.sort((a, b) => a - b);
  bar.finish(`warm-up + ${runs} timed run${runs > 1 ? 's' : ''}`);
  return { result, medianMs: times[runs >> 1]!, runs };
}

/** Largest |a[i] - b[i]|, with NaNs in the same places counted as equal; a length mismatch or a lone NaN gives NaN, which fails any tolerance. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return NaN;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const d = Math.abs(x - y);
    if (!(d <= m)) m = d;
  }
  return m;
}

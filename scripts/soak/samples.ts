import { readdirSync } from 'node:fs';

/** One reading of the process: resident set, JS heap used, open file descriptors (Linux's /proc). */
export interface Sample {
  readonly minute: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
  readonly fds: number;
}

const MiB = 2 ** 20;

function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

export function sample(startedAt: number): Sample {
  const m = process.memoryUsage();
  return { minute: (Date.now() - startedAt) / 60_000, rssMiB: m.rss / MiB, heapMiB: m.heapUsed / MiB, fds: openFds() };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

/** Slack allowed past warm-up: 10% of the early level plus 32 MiB; four file descriptors. */
const GROWTH = 0.1;
const SLACK_MiB = 32;
const FD_SLACK = 4;

/**
 * "Flat after warm-up": the median of the last fifth of the samples is within 10% plus
 * 32 MiB of the median of the second fifth (the first fifth is warm-up: compiled
 * kernels, pools and the heap's first growth), for RSS and the JS heap; open file
 * descriptors grow by at most four. Returns the reasons it is not flat (none: it is).
 */
export function notFlat(samples: readonly Sample[]): string[] {
  const fifth = Math.max(1, Math.floor(samples.length / 5));
  const second = samples.slice(fifth, 2 * fifth);
  const last = samples.slice(-fifth);
  const reasons: string[] = [];
  for (const key of ['rssMiB', 'heapMiB'] as const) {
    const [early, late] = [median(second.map((s) => s[key])), median(last.map((s) => s[key]))];
    if (late > early * (1 + GROWTH) + SLACK_MiB) reasons.push(`${key} grew from ${early.toFixed(1)} to ${late.toFixed(1)}`);
  }
  const [fdEarly, fdLate] = [median(second.map((s) => s.fds)), median(last.map((s) => s.fds))];
  if (fdLate > fdEarly + FD_SLACK) reasons.push(`open file descriptors grew from ${fdEarly} to ${fdLate}`);
  return reasons;
}

/** Start, peak and end of each measure, as the report prints them. */
export function summary(samples: readonly Sample[]): string {
  const row = (key: 'rssMiB' | 'heapMiB' | 'fds', unit: string) => {
    const xs = samples.map((s) => s[key]);
    const f = (x: number) => (unit ? `${x.toFixed(1)} ${unit}` : String(x));
    return `${key.padEnd(8)} start ${f(xs[0]!)}  peak ${f(Math.max(...xs))}  end ${f(xs.at(-1)!)}`;
  };
  return [row('rssMiB', 'MiB'), row('heapMiB', 'MiB'), row('fds', '')].join('\n');
}

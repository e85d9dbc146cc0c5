import type { BenchRecord, RowRecord } from './record.js';
import { alignedTable, formatRatio } from './render/format.js';

/**
 * A ratio below this share of its recorded value fails the check (#13). Generous on
 * purpose: load alone moved Black-Scholes f32 from 2.21x to 1.08x (0.49 of it) on the
 * 2-core machine with one core busy elsewhere, so the report prints both runs' load
 * averages to tell such a failure from a regression.
 */
export const FAIL_BELOW = 0.5;

/** Figures are comparable only for the same case, backend and run length (quick runs take fewer, shorter samples). */
export const keyOf = (row: RowRecord, quick: boolean): string => `${row.suite} | ${row.case} | ${row.backend} | ${quick ? 'quick' : 'full'}`;

/** Where a recorded ratio came from. */
export interface RecordedRatio {
  ratio: number;
  commit: string;
  date: string;
  /** The 1-minute load average when that run started. */
  load: number;
}

export interface RatioCheck {
  row: RowRecord & { ratio: number };
  /** The most recent recorded ratio for the row's key; absent when none was recorded (the row passes). */
  last?: RecordedRatio;
  /** now / last; below FAIL_BELOW fails. */
  change?: number;
  failed: boolean;
}

/** The latest ratio recorded for each key: later records replace earlier ones. */
function latestRatios(records: readonly BenchRecord[]): Map<string, RecordedRatio> {
  const latest = new Map<string, RecordedRatio>();
  for (const r of records) {
    for (const row of r.rows) {
      if (row.ratio !== undefined) latest.set(keyOf(row, r.flags.quick), { ratio: row.ratio, commit: r.commit, date: r.date, load: r.load.start });
    }
  }
  return latest;
}

/** Each row of `now` that has a ratio, against the most recent ratio `earlier` records (oldest first) for its key. */
export function checkRatios(now: BenchRecord, earlier: readonly BenchRecord[]): RatioCheck[] {
  const latest = latestRatios(earlier);
  return now.rows
    .filter((row): row is RowRecord & { ratio: number } => row.ratio !== undefined)
    .map((row) => {
      const last = latest.get(keyOf(row, now.flags.quick));
      if (!last) return { row, failed: false };
      const change = row.ratio / last.ratio;
      return { row, last, change, failed: change < FAIL_BELOW };
    });
}

const percent = (change: number): string => `${change >= 1 ? '+' : ''}${((change - 1) * 100).toFixed(0)}%`;
const label = ({ row }: RatioCheck): string => `${row.case} [${row.backend}]`;

/** The console report: the load averages, a table of (case, last ratio, now, change), and what failed or had no record. */
export function checkReport(now: BenchRecord, checks: readonly RatioCheck[], against: string): string {
  const loads = [...new Set(checks.flatMap((c) => (c.last ? [c.last.load.toFixed(2)] : [])))];
  const cells = checks.map((c) => [
    label(c),
    c.last ? formatRatio(c.last.ratio) : '—',
    formatRatio(c.row.ratio),
    c.change === undefined ? 'no record' : percent(c.change),
    c.failed ? 'FAIL' : 'ok',
  ]);
  const failed = checks.filter((c) => c.failed);
  const unrecorded = checks.filter((c) => !c.last);
  return [
    `check against ${against}: a ratio below ${FAIL_BELOW} of its recorded value fails (${now.flags.quick ? 'quick' : 'full'}-run records only)`,
    `load average (1 min): now ${now.load.start.toFixed(2)} at start, ${now.load.end.toFixed(2)} at end; recorded runs started at ${loads.length > 0 ? loads.join(', ') : '—'}`,
    '',
    alignedTable(['case', 'last ratio', 'now', 'change', 'result'], cells, new Set([1, 2, 3])),
    '',
    ...(unrecorded.length === 0 ? [] : [`note: no recorded ratio to compare with, so ${unrecorded.length === 1 ? 'it passes' : 'they pass'}: ${unrecorded.map(label).join(', ')}`]),
    failed.length === 0
      ? `check passed: ${checks.length} ratios, none below ${FAIL_BELOW} of its record`
      : [`check FAILED: ${failed.length} ratio${failed.length === 1 ? '' : 's'} below ${FAIL_BELOW} of the record:`, ...failed.map((c) => `  ${label(c)}: ${formatRatio(c.last!.ratio)} -> ${formatRatio(c.row.ratio)}`)].join('\n'),
  ].join('\n');
}

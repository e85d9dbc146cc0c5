import { describe, expect, it } from 'vitest';
import { checkRatios, checkReport } from '../../bench/check.js';
import type { BenchRecord, RowRecord } from '../../bench/record.js';

/** A row of the options suite on wasm with the given ratio (times chosen to give it). */
function row(kase: string, ratio: number, backend: RowRecord['backend'] = 'wasm'): RowRecord {
  return { suite: 'options', case: kase, backend, device: 'wasm, 2 threads', quiverMs: 100, plainMs: 100 * ratio, ratio };
}

function record(rows: RowRecord[], { quick = true, load = 1, commit = 'abc' } = {}): BenchRecord {
  return {
    commit,
    date: '2026-12-06T22:00:00.000Z',
    load: { start: load, end: load + 0.5 },
    machine: { cpu: 'AMD EPYC', cores: 2, node: 'v20.20.2' },
    backends: [{ name: 'wasm', description: 'wasm, 2 threads', scope: 'all' }],
    skipped: [],
    flags: { quick },
    rows,
  };
}

const BS = 'Black-Scholes call f32 4,000,000 options';

describe('bench --check', () => {
  it('fails a ratio that dropped below half of the recorded one, naming the row', () => {
    const now = record([row(BS, 1.08)]);
    const checks = checkRatios(now, [record([row(BS, 2.21)])]);
    expect(checks).toHaveLength(1);
    expect(checks[0]!.failed).toBe(true);
    expect(checks[0]!.change).toBeCloseTo(1.08 / 2.21);
    expect(checkReport(now, checks, 'history')).toContain(`check FAILED: 1 ratio below 0.5 of the record:\n  ${BS} [wasm]: 2.21x -> 1.08x`);
  });

  it('passes a ratio that dropped by less than half', () => {
    const checks = checkRatios(record([row(BS, 1.2)]), [record([row(BS, 2.21)])]);
    expect(checks.map((c) => c.failed)).toEqual([false]);
  });

  it('passes a row with no recorded ratio and says so in a note', () => {
    const now = record([row(BS, 0.1)]);
    const checks = checkRatios(now, []);
    expect(checks).toEqual([{ row: now.rows[0], failed: false }]);
    const report = checkReport(now, checks, 'history');
    expect(report).toContain(`note: no recorded ratio to compare with, so it passes: ${BS} [wasm]`);
    expect(report).toContain('check passed');
  });

  it('compares with the most recent record of the same suite, case, backend and run length', () => {
    const earlier = [
      record([row(BS, 9)], { commit: 'old' }),
      record([row(BS, 2)], { commit: 'recent' }),
      record([row(BS, 50)], { quick: false, commit: 'full run' }),
      record([row(BS, 50, 'js'), row('sum f32 16,000,000', 50)], { commit: 'other keys' }),
    ];
    const checks = checkRatios(record([row(BS, 1.5)]), earlier);
    expect(checks.map((c) => [c.last?.commit, c.last?.ratio, c.failed])).toEqual([['recent', 2, false]]);
  });

  it('matches a full run only with full-run records', () => {
    const earlier = [record([row(BS, 2)], { quick: false }), record([row(BS, 0.5)], { quick: true })];
    const [check] = checkRatios(record([row(BS, 1.5)], { quick: false }), earlier);
    expect(check!.last?.ratio).toBe(2);
  });

  it('leaves out rows without a ratio, where plain JS was not run', () => {
    const unmeasured: RowRecord = { suite: 'matmul', case: 'matmul f32 2048x2048', backend: 'wasm', device: 'wasm', quiverMs: 476 };
    expect(checkRatios(record([unmeasured]), [record([unmeasured])])).toEqual([]);
  });

  it('reports the load average of this run and of the recorded one', () => {
    const now = record([row(BS, 1.08)], { load: 3.25 });
    const report = checkReport(now, checkRatios(now, [record([row(BS, 2.21)], { load: 0.4 })]), 'history');
    expect(report).toContain('now 3.25 at start, 3.75 at end');
    expect(report).toContain('recorded runs started at 0.40');
  });
});

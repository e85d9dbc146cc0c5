import type { RiskReport } from './report.js';

/** What `npm start -- --json FILE` writes: each step's timings and agreement, and where they were measured. */
export interface ReportJson {
  backend: string;
  size: string;
  seed: number;
  machine: string;
  /** The 1-minute load average when the report finished: timings move with it. */
  loadAverage: number;
  steps: { name: string; quiverMs: number; plainMs: number; speedup: number; maxDiff: number; runs: string }[];
}

export function reportJson(report: RiskReport, where: Omit<ReportJson, 'steps'>): ReportJson {
  return {
    ...where,
    steps: report.rows.map((r) => ({ name: r.step, quiverMs: r.quiverMs, plainMs: r.plainMs, speedup: r.plainMs / r.quiverMs, maxDiff: r.diff, runs: r.runs })),
  };
}

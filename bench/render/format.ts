import type { Comparison } from '../harness.js';

/** Per-evaluation time with a unit that keeps 3 significant figures readable: µs below 1 ms. */
export function formatTime(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/** The speed-up of Quiver over plain JS: plain time / Quiver time, so above 1x means Quiver is faster. */
export const ratioOf = (c: Comparison): number => c.plainMs / c.quiverMs;

export function formatRatio(r: number): string {
  return `${r < 0.1 ? r.toPrecision(2) : r.toFixed(2)}x`;
}

/** The cells each report shows for one comparison: task, size, quiver, plain JS, ratio. */
export const cellsOf = (c: Comparison): string[] => [c.task, c.size, formatTime(c.quiverMs), formatTime(c.plainMs), formatRatio(ratioOf(c))];

export const HEADER = ['task', 'size', 'quiver', 'plain JS', 'ratio'];

/** A plain-text table for the console; the last three columns are right-aligned. */
export function textTable(rows: Comparison[]): string {
  const cells = rows.map(cellsOf);
  const widths = HEADER.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c]!.length)));
  const line = (r: string[]): string => r.map((s, c) => (c >= 2 ? s.padStart(widths[c]!) : s.padEnd(widths[c]!))).join('  ');
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

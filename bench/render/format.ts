import type { Comparison } from '../harness.js';

/** Per-evaluation time with a unit that keeps 3 significant figures readable: µs below 1 ms. */
export function formatTime(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/** The speed-up of Quiver over plain JS: plain time / Quiver time, so above 1x means Quiver is faster; undefined when plain JS was not run. */
export const ratioOf = (c: Comparison): number | undefined => (c.plainMs === undefined ? undefined : c.plainMs / c.quiverMs);

export function formatRatio(r: number | undefined): string {
  if (r === undefined) return '—';
  return `${r < 0.1 ? r.toPrecision(2) : r.toFixed(2)}x`;
}

/** flops / time in GFLOP/s, the matmul column (2n³ per evaluation). */
export const gflopsOf = (flops: number, ms: number): number => flops / ms / 1e6;

function gflops(flops: number, ms: number): string {
  const g = gflopsOf(flops, ms);
  return g >= 100 ? g.toFixed(0) : g.toPrecision(3);
}

function gflopsCell(c: Comparison): string {
  if (c.flops === undefined) return '';
  const quiver = gflops(c.flops, c.quiverMs);
  return c.plainMs === undefined ? quiver : `${quiver} (plain ${gflops(c.flops, c.plainMs)})`;
}

/** webgpu rows carry their adapter next to the figure: a software adapter is not performance evidence. */
export const backendCell = (c: Comparison): string => (c.backend === 'webgpu' ? c.device : c.backend);

/** The cells each report shows for one comparison. */
export const cellsOf = (c: Comparison): string[] => [
  c.task,
  c.size,
  backendCell(c),
  formatTime(c.quiverMs),
  c.plainMs === undefined ? 'not run' : formatTime(c.plainMs),
  formatRatio(ratioOf(c)),
  gflopsCell(c),
];

export const HEADER = ['task', 'size', 'backend', 'quiver', 'plain JS', 'ratio', 'GFLOP/s'];
/** Columns holding figures, right-aligned. */
export const NUMERIC = new Set([3, 4, 5, 6]);

/** Why plain JS was not run, once per task and size (several backends share a case). */
export function plainNotes(rows: Comparison[]): string[] {
  const notes = rows.filter((r) => r.plainSkipped).map((r) => `${r.task} ${r.size}: plain JS ${r.plainSkipped}`);
  return [...new Set(notes)];
}

/** The columns a set of rows needs: GFLOP/s only where some row counts flops (matmul). */
export function columnsOf(rows: Comparison[]): { header: string[]; cells: string[][] } {
  const width = rows.some((r) => r.flops !== undefined) ? HEADER.length : HEADER.length - 1;
  return { header: HEADER.slice(0, width), cells: rows.map((r) => cellsOf(r).slice(0, width)) };
}

/** A plain-text table for the console. */
export function textTable(rows: Comparison[]): string {
  const { header, cells } = columnsOf(rows);
  return alignedTable(header, cells, NUMERIC);
}

/** Columns padded to their widest cell, those in `numeric` right-aligned, with a rule under the header. */
export function alignedTable(header: string[], cells: string[][], numeric: ReadonlySet<number>): string {
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c]!.length)));
  const line = (r: string[]): string => r.map((s, c) => (numeric.has(c) ? s.padStart(widths[c]!) : s.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

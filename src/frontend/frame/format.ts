import { activeBackend } from '../../runtime/init.js';
import type { Column } from './column.js';

/** Rows shown before a frame is abbreviated (pandas shows 60; a terminal shows fewer comfortably). */
const MAX_ROWS = 20;
const EDGE_ROWS = 5;

/** One column's visible cells: float columns share one number of decimals (at most 6), as pandas aligns them. */
function cells(c: Column, rows: readonly number[]): string[] {
  if (c.kind === 'string') {
    const codes = c.codes.dataSync();
    return rows.map((r) => (codes[r]! < 0 ? 'None' : c.dictionary[codes[r]!]!));
  }
  const v = c.values.dataSync();
  const dtype = c.values.dtype;
  if (dtype === 'bool') return rows.map((r) => (v[r] ? 'True' : 'False'));
  if (dtype !== 'float64' && dtype !== 'float32') return rows.map((r) => String(v[r]));
  const finite = rows.map((r) => v[r]!).filter(Number.isFinite);
  const decimals = Math.max(1, ...finite.map((x) => Math.min(6, (x.toFixed(6).replace(/0+$/, '').split('.')[1] ?? '').length)));
  return rows.map((r) => (Number.isNaN(v[r]) ? 'NaN' : Number.isFinite(v[r]) ? v[r]!.toFixed(decimals) : v[r]! > 0 ? 'inf' : '-inf'));
}

/**
 * pandas-style text: a header, the row index, right-aligned cells, and the middle rows
 * elided past MAX_ROWS. Reads values synchronously, so on a GPU backend it shows the
 * columns and dtypes only.
 */
export function formatFrame(cols: ReadonlyMap<string, Column>, length: number, dtypes: Record<string, string>): string {
  const names = [...cols.keys()];
  const shape = `[${length} rows x ${names.length} columns]`;
  if (!activeBackend('toString').executeSync) return `Frame(${names.map((n) => `${n}: ${dtypes[n]}`).join(', ')}) ${shape} <not evaluated: await frame.toColumns()>`;
  const all = [...Array(length).keys()];
  const rows = length > MAX_ROWS ? [...all.slice(0, EDGE_ROWS), ...all.slice(-EDGE_ROWS)] : all;
  const table = [['', ...names], ...rows.map((r) => [String(r)])];
  names.forEach((n) => cells(cols.get(n)!, rows).forEach((cell, j) => table[j + 1]!.push(cell)));
  const widths = table[0]!.map((_, k) => Math.max(...table.map((line) => line[k]!.length)));
  const render = (line: readonly string[]) => line.map((cell, k) => cell.padStart(widths[k]!)).join('  ');
  const lines = table.map(render);
  if (length > MAX_ROWS) lines.splice(EDGE_ROWS + 1, 0, render(widths.map(() => '...')));
  return [...lines, shape].join('\n');
}

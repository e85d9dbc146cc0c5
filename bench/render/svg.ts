import type { Environment } from '../environment.js';
import type { Comparison } from '../harness.js';
import { formatRatio, ratioOf } from './format.js';
import { environmentLine } from './markdown.js';

const WIDTH = 860;
const LABEL_W = 330;
const RIGHT_PAD = 110;
const ROW_H = 26;
const TOP = 56;
const BOTTOM = 40;

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The log-scale axis: decades from below the smallest ratio (and 1x) to above the largest.
 * The low end keeps 0.6 decade of room left of the shortest bar for its value text, which
 * would otherwise run into the row labels.
 */
function axisOf(ratios: number[]): { lo: number; hi: number; x: (r: number) => number } {
  const lo = 10 ** Math.floor(Math.log10(Math.min(1, ...ratios)) - 0.6);
  const hi = 10 ** Math.ceil(Math.log10(Math.max(1, ...ratios)));
  const span = Math.log10(hi / lo) || 1;
  const plotW = WIDTH - LABEL_W - RIGHT_PAD;
  return { lo, hi, x: (r) => LABEL_W + (Math.log10(r / lo) / span) * plotW };
}

/** One row: its label, and a bar from 1x (green: Quiver faster, red: slower) or a note when plain JS was not run. */
function bar(row: Comparison, i: number, x: (r: number) => number): string {
  const y = TOP + i * ROW_H;
  const label = `<text x="${LABEL_W - 8}" y="${y + 17}" text-anchor="end">${escapeXml(`${row.task} ${row.size} · ${row.backend}`)}</text>`;
  const r = ratioOf(row);
  if (r === undefined) return `${label}\n  <text x="${x(1) + 4}" y="${y + 17}" fill="#777">plain JS not run</text>`;
  const [x0, x1] = [Math.min(x(1), x(r)), Math.max(x(1), x(r))];
  const valueX = r < 1 ? x0 - 4 : x1 + 4;
  return [
    label,
    `<rect x="${x0.toFixed(1)}" y="${y + 5}" width="${Math.max(x1 - x0, 1).toFixed(1)}" height="${ROW_H - 10}" fill="${r < 1 ? '#d9534f' : '#4cae4c'}"/>`,
    `<text x="${valueX.toFixed(1)}" y="${y + 17}" text-anchor="${r < 1 ? 'end' : 'start'}">${formatRatio(r)}</text>`,
  ].join('\n  ');
}

/**
 * bench/results/results.svg: one horizontal bar per comparison on a log scale, growing
 * from the 1x line (equal speed) to the right when Quiver is faster, to the left when slower.
 */
export function svgChart(rows: Comparison[], env: Environment): string {
  const { lo, hi, x } = axisOf(rows.flatMap((r) => ratioOf(r) ?? []));
  const plotBottom = TOP + rows.length * ROW_H;
  // Each backend as it described itself under the axis: for webgpu rows, the adapter.
  const legend = env.backends.map(
    (b, i) => `<text x="12" y="${plotBottom + BOTTOM + i * 16}" fill="#555" font-size="11">${escapeXml(`${b.name}: ${b.description}`)}</text>`,
  );
  const height = plotBottom + BOTTOM + legend.length * 16;
  const ticks: string[] = [];
  for (let t = lo; t <= hi * 1.0001; t *= 10) {
    ticks.push(`<line x1="${x(t)}" y1="${TOP - 6}" x2="${x(t)}" y2="${plotBottom}" stroke="#ddd"/>`);
    ticks.push(`<text x="${x(t)}" y="${plotBottom + 16}" text-anchor="middle">${Number(t.toPrecision(1))}x</text>`);
  }
  const title = 'Quiver vs plain JS: plain time / Quiver time, log scale (right of 1x: Quiver faster)';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `  <rect width="100%" height="100%" fill="#fff"/>`,
    `  <text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `  <text x="${WIDTH / 2}" y="38" text-anchor="middle" fill="#555">${escapeXml(environmentLine(env))}</text>`,
    `  ${ticks.join('\n  ')}`,
    `  ${rows.map((row, i) => bar(row, i, x)).join('\n  ')}`,
    `  ${legend.join('\n  ')}`,
    `  <line x1="${x(1)}" y1="${TOP - 6}" x2="${x(1)}" y2="${plotBottom}" stroke="#000" stroke-dasharray="4 3"/>`,
    '</svg>',
    '',
  ].join('\n');
}

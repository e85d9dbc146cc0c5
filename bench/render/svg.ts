import type { Comparison } from '../harness.js';
import type { Environment } from '../environment.js';
import { formatRatio, ratioOf } from './format.js';

const WIDTH = 760;
const LABEL_W = 230;
const RIGHT_PAD = 70;
const ROW_H = 26;
const TOP = 56;
const BOTTOM = 40;

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * bench/results/results.svg: one horizontal bar per comparison on a log scale, growing
 * from the 1x line (equal speed) to the right when Quiver is faster, to the left when slower.
 */
export function svgChart(rows: Comparison[], env: Environment): string {
  const ratios = rows.map(ratioOf);
  const lo = 10 ** Math.floor(Math.log10(Math.min(1, ...ratios)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(1, ...ratios)));
  const span = Math.log10(hi / lo) || 1;
  const plotW = WIDTH - LABEL_W - RIGHT_PAD;
  const x = (r: number): number => LABEL_W + (Math.log10(r / lo) / span) * plotW;
  const height = TOP + rows.length * ROW_H + BOTTOM;
  const plotBottom = TOP + rows.length * ROW_H;

  const ticks: string[] = [];
  for (let t = lo; t <= hi * 1.0001; t *= 10) {
    ticks.push(`<line x1="${x(t)}" y1="${TOP - 6}" x2="${x(t)}" y2="${plotBottom}" stroke="#ddd"/>`);
    ticks.push(`<text x="${x(t)}" y="${plotBottom + 16}" text-anchor="middle">${Number(t.toPrecision(1))}x</text>`);
  }
  const bars = rows.map((row, i) => {
    const r = ratios[i]!;
    const y = TOP + i * ROW_H;
    const [x0, x1] = [Math.min(x(1), x(r)), Math.max(x(1), x(r))];
    const fill = r < 1 ? '#d9534f' : '#4cae4c';
    const valueX = r < 1 ? x0 - 4 : x1 + 4;
    return [
      `<text x="${LABEL_W - 8}" y="${y + 17}" text-anchor="end">${escapeXml(`${row.task} ${row.size}`)}</text>`,
      `<rect x="${x0.toFixed(1)}" y="${y + 5}" width="${Math.max(x1 - x0, 1).toFixed(1)}" height="${ROW_H - 10}" fill="${fill}"/>`,
      `<text x="${valueX.toFixed(1)}" y="${y + 17}" text-anchor="${r < 1 ? 'end' : 'start'}">${formatRatio(r)}</text>`,
    ].join('\n  ');
  });
  const title = `Quiver (${env.backend} backend) vs plain JS: plain time / Quiver time, log scale`;
  const subtitle = `${env.machine}, ${env.cores} cores, node ${env.node}, ${env.date} (${env.mode} run); right of 1x: Quiver faster`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `  <rect width="100%" height="100%" fill="#fff"/>`,
    `  <text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `  <text x="${WIDTH / 2}" y="38" text-anchor="middle" fill="#555">${escapeXml(subtitle)}</text>`,
    `  ${ticks.join('\n  ')}`,
    `  ${bars.join('\n  ')}`,
    `  <line x1="${x(1)}" y1="${TOP - 6}" x2="${x(1)}" y2="${plotBottom}" stroke="#000" stroke-dasharray="4 3"/>`,
    '</svg>',
    '',
  ].join('\n');
}

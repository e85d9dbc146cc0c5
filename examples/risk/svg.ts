/**
 * The report's two charts as standalone SVG strings: the Monte Carlo P&L distribution
 * with VaR and CVaR marked, and each step's speed-up over plain JS on a log scale.
 */
const FONT = 'font-family="system-ui, sans-serif" font-size="12"';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Percent with no '-0.0%': a tick a hair below zero reads as zero. */
const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits).replace(/^-(0\.?0*)$/, '$1')}%`;

export interface Marker {
  label: string;
  /** A loss (positive): drawn at P&L = -value. */
  loss: number;
  color: string;
}

/** Histogram of P&L (fractions of value) in `bins` bars; the tail beyond the first marker is shaded. */
export function pnlHistogram(pnl: Float64Array, markers: Marker[], title: string, bins = 80): string {
  const [W, H, left, right, top, bottom] = [760, 340, 50, 20, 40, 46];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of pnl) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of pnl) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]!++;
  const peak = Math.max(...counts);
  const x = (v: number): number => left + ((v - lo) / (hi - lo || 1)) * (W - left - right);
  const y = (c: number): number => H - bottom - (c / peak) * (H - top - bottom);
  const cut = markers.length ? -markers[0]!.loss : -Infinity;
  const bars = counts.map((c, i) => {
    const x0 = x(lo + i * width);
    const fill = lo + (i + 1) * width <= cut ? '#d9534f' : '#5b8def';
    return `<rect x="${x0.toFixed(1)}" y="${y(c).toFixed(1)}" width="${Math.max(x(lo + (i + 1) * width) - x0 - 1, 0.5).toFixed(1)}" height="${(H - bottom - y(c)).toFixed(1)}" fill="${fill}"/>`;
  });
  const lines = markers.map((m, i) => {
    const mx = x(-m.loss).toFixed(1);
    return `<line x1="${mx}" y1="${top - 4}" x2="${mx}" y2="${H - bottom}" stroke="${m.color}" stroke-width="2" stroke-dasharray="5 3"/>` +
      `<text x="${mx}" y="${top - 8 + i * 14}" text-anchor="${i % 2 ? 'start' : 'end'}" fill="${m.color}" dx="${i % 2 ? 4 : -4}">${esc(`${m.label} ${pct(m.loss, 2)}`)}</text>`;
  });
  const ticks = Array.from({ length: 7 }, (_, i) => lo + ((hi - lo) * i) / 6).map((v) =>
    `<text x="${x(v).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle">${pct(v)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ${FONT}>`,
    `<text x="${W / 2}" y="16" text-anchor="middle" font-weight="bold">${esc(title)}</text>`,
    ...bars,
    `<line x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}" stroke="#333"/>`,
    ...ticks,
    `<text x="${W / 2}" y="${H - 8}" text-anchor="middle" fill="#555">one-day P&amp;L, fraction of portfolio value (red: the worst ${pct(1 - 0.99, 0)})</text>`,
    ...lines,
    '</svg>',
  ].join('\n');
}

export interface SpeedupRow {
  step: string;
  /** plain JS time / Quiver time. */
  ratio: number;
}

/** One bar per step from the 1x line, right (green) when Quiver is faster, left (red) when slower; log scale. */
export function speedupChart(rows: SpeedupRow[], title: string): string {
  const [W, labelW, right, rowH, top, bottom] = [760, 220, 60, 26, 40, 36];
  const ratios = rows.map((r) => r.ratio);
  const lo = 10 ** Math.floor(Math.log10(Math.min(1, ...ratios)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(1, ...ratios)));
  const span = Math.log10(hi / lo) || 1;
  const x = (r: number): number => labelW + (Math.log10(r / lo) / span) * (W - labelW - right);
  const H = top + rows.length * rowH + bottom;
  const plotBottom = top + rows.length * rowH;
  const ticks: string[] = [];
  for (let t = lo; t <= hi * 1.0001; t *= 10) {
    ticks.push(`<line x1="${x(t).toFixed(1)}" y1="${top - 6}" x2="${x(t).toFixed(1)}" y2="${plotBottom}" stroke="#ddd"/>`);
    ticks.push(`<text x="${x(t).toFixed(1)}" y="${plotBottom + 16}" text-anchor="middle">${Number(t.toPrecision(1))}x</text>`);
  }
  const bars = rows.map((row, i) => {
    const y = top + i * rowH;
    const [x0, x1] = [Math.min(x(1), x(row.ratio)), Math.max(x(1), x(row.ratio))];
    const faster = row.ratio >= 1;
    return [
      `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${esc(row.step)}</text>`,
      `<rect x="${x0.toFixed(1)}" y="${y + 5}" width="${Math.max(x1 - x0, 1).toFixed(1)}" height="${rowH - 10}" fill="${faster ? '#4cae4c' : '#d9534f'}"/>`,
      `<text x="${(faster ? x1 + 4 : x0 - 4).toFixed(1)}" y="${y + 17}" text-anchor="${faster ? 'start' : 'end'}">${row.ratio < 0.1 ? row.ratio.toPrecision(2) : row.ratio.toFixed(2)}x</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ${FONT}>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(title)}</text>`,
    ...ticks,
    ...bars,
    `<line x1="${x(1).toFixed(1)}" y1="${top - 6}" x2="${x(1).toFixed(1)}" y2="${plotBottom}" stroke="#000" stroke-dasharray="4 3"/>`,
    '</svg>',
  ].join('\n');
}

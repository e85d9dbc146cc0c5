/**
 * `npm start`: a portfolio risk report on seeded synthetic data. Every step is computed
 * twice, with Quiver's `risk` library and with hand-written Float64Array loops; the two
 * are checked to agree and both are timed, so the table says how Quiver's active backend
 * compares with the plain JS every user already has. The report also goes to
 * report/index.html with charts of the Monte Carlo P&L and of each step's speed-up.
 *
 *   npm start -- --size small|medium|large --seed 42 --backend js --out report
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backend, init, random } from '../src/index.js';
import { SIZES, parseReportArgs } from './risk/args.js';
import { renderHtml } from './risk/html.js';
import { maxAbsDiff, timeMedian, type Work } from './risk/measure.js';
import { CONFIDENCE, ROLLING_WINDOW, type RiskSteps } from './risk/model.js';
import { greeks as plainGreeks } from './risk/plain-options.js';
import { plainSteps } from './risk/plain-steps.js';
import { quiverSteps } from './risk/quiver-steps.js';
import { pnlHistogram, speedupChart } from './risk/svg.js';
import { syntheticBook, syntheticPositions, syntheticPrices } from './risk/synthetic.js';
import { renderTable } from './risk/table.js';

/** Results agree when no compared value differs by more than this; every value compared is O(1) or smaller, except option prices and greeks (O(100)). */
const TOLERANCE = 1e-9;

interface Row {
  step: string;
  summary: string;
  diff: number;
  tolerance: number;
  quiverMs: number;
  plainMs: number;
  runs: string;
}
const rows: Row[] = [];

/** Times one step in both implementations, records the row, and returns Quiver's result for the next step. */
async function compare<T>(
  step: string,
  run: (impl: RiskSteps, progress: (fraction: number) => void) => T | Promise<T>,
  diff: (a: T, b: T) => number,
  summarize: (result: T) => string,
  tolerance = TOLERANCE,
): Promise<T> {
  const work = (impl: RiskSteps): Work<T> => (progress) => run(impl, progress);
  const quiver = await timeMedian(`${step} quiver  `, work(quiverSteps));
  const plain = await timeMedian(`${step} plain JS`, work(plainSteps));
  const row = {
    step,
    summary: summarize(quiver.result),
    diff: diff(quiver.result, plain.result),
    tolerance,
    quiverMs: quiver.medianMs,
    plainMs: plain.medianMs,
    runs: `${quiver.runs}/${plain.runs}`,
  };
  rows.push(row);
  console.log(`${step.padEnd(22)} ${row.summary}  (quiver ${ms(row.quiverMs)} ms, plain JS ${ms(row.plainMs)} ms)`);
  return quiver.result;
}

const args = parseReportArgs(process.argv.slice(2));
await init(args.backend ? { backend: args.backend } : {});
const size = SIZES[args.size];
const { assets, days, scenarios } = size;
const periods = days - 1;
const cpus = os.cpus();
const settings = [
  `backend: ${backend()}`,
  `size ${args.size}: ${assets} assets x ${days} days, ${count(scenarios)} Monte Carlo scenarios, ${count(size.options)} options (${count(size.impliedVols)} implied vols), ${count(size.positions)} positions, seed ${args.seed}`,
  `machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, node ${process.version}`,
];
console.log(`Quiver risk report\n${settings.join('\n')}\n`);

const prices = syntheticPrices(assets, days, args.seed);
const weights = new Float64Array(assets).fill(1 / assets);
const book = syntheticBook(size.options, args.seed + 1);
const ivBook = { ...book, spot: book.spot.subarray(0, size.impliedVols), strike: book.strike.subarray(0, size.impliedVols), time: book.time.subarray(0, size.impliedVols), vol: book.vol.subarray(0, size.impliedVols), call: book.call.subarray(0, size.impliedVols) };
const marketPrices = plainGreeks(ivBook).price;
const key = random.key(args.seed);
const positions = syntheticPositions(size.positions, args.seed + 2);

const returns = await compare('(a) log returns', (s) => s.logReturns(prices, days, assets), maxAbsDiff,
  (r) => `${periods} x ${assets}, mean ${pct(mean(r), 3)}/day`);
const vols = await compare('(b) annualised vol', (s) => s.annualisedVol(returns, periods, assets), maxAbsDiff,
  (v) => `${pct(Math.min(...v))} .. ${pct(Math.max(...v))} (mean ${pct(mean(v))})`);
const { cov } = await compare('(c) covariance, corr', (s) => s.correlation(returns, periods, assets),
  (a, b) => Math.max(maxAbsDiff(a.cov, b.cov), maxAbsDiff(a.corr, b.corr)),
  (c) => `mean off-diagonal rho ${meanOffDiagonal(c.corr, assets).toFixed(3)}`);
const portfolio = await compare('(d) portfolio', (s) => s.portfolio(returns, periods, cov, weights),
  (a, b) => Math.max(maxAbsDiff([a.annualVol, a.sharpe, a.sortino, a.maxDrawdown], [b.annualVol, b.sharpe, b.sortino, b.maxDrawdown]), maxAbsDiff(a.returns, b.returns)),
  (p) => `vol ${pct(p.annualVol)} (assets avg ${pct(mean(vols))}), Sharpe ${p.sharpe.toFixed(2)}, Sortino ${p.sortino.toFixed(2)}, max drawdown ${pct(p.maxDrawdown)}`);
await compare(`(e) rolling ${ROLLING_WINDOW}d vol`, (s) => s.rollingVol(returns, periods, assets), maxAbsDiff,
  (v) => `latest: ${latestRange(v, periods, assets)}`);
await compare('(f) EWMA vol', (s) => s.ewmaVol(returns, periods, assets), maxAbsDiff,
  (v) => `latest (lambda 0.94): ${latestRange(v, periods, assets)}`);
await compare('(g) VaR/CVaR 99%', (s) => s.valueAtRisk(portfolio.returns),
  (a, b) => maxAbsDiff(tailValues(a.historical, a.parametric), tailValues(b.historical, b.parametric)),
  (v) => `historical ${pct(v.historical.valueAtRisk, 2)}/${pct(v.historical.expectedShortfall, 2)}, normal ${pct(v.parametric.valueAtRisk, 2)}/${pct(v.parametric.expectedShortfall, 2)}`);
const mc = await compare('(h) Monte Carlo VaR', (s, progress) => s.monteCarlo(key, cov, weights, scenarios, progress),
  (a, b) => Math.max(maxAbsDiff(tailValues(a), tailValues(b)), maxAbsDiff(a.pnl, b.pnl)),
  (m) => `${count(scenarios)} scenarios: VaR ${pct(m.valueAtRisk, 2)}, CVaR ${pct(m.expectedShortfall, 2)}`);
await compare('(i) BS price + greeks', (s) => s.greeks(book),
  (a, b) => Math.max(...(['price', 'delta', 'gamma', 'vega', 'theta', 'rho'] as const).map((k) => maxAbsDiff(a[k], b[k]))),
  (g) => `${count(size.options)} options: value ${count(Math.round(sum(g.price)))}, delta ${count(Math.round(sum(g.delta)))}, vega ${count(Math.round(sum(g.vega)))}`);
await compare('(j) implied vol', (s) => s.impliedVol(ivBook, marketPrices), (a, b) => maxAbsDiff(a.vol, b.vol),
  (iv) => `${count(size.impliedVols)} options in ${iv.iterations} iterations, max |vol - true| ${maxAbsDiff(iv.vol, ivBook.vol).toExponential(1)}`, 1e-7);

await compare('(k) book by desk/sector', (s) => s.bookByDesk(positions),
  (a, b) => (a.keys.join() !== b.keys.join() ? Infinity : Math.max(...(['exposure', 'pnl', 'pnlStd', 'count'] as const).map((k) => relDiff(a[k], b[k])))),
  (k) => `${count(size.positions)} positions, ${k.keys.length} groups, P&L ${count(Math.round(sum(k.pnl)))} on exposure ${count(Math.round(sum(k.exposure)))}`);
const header = ['step', 'result (Quiver)', 'max |diff|', 'quiver ms', 'plain JS ms', 'speed-up', 'runs q/p'];
const cells = rows.map((r) => [r.step, r.summary, r.diff === 0 ? '0' : r.diff.toExponential(1), ms(r.quiverMs), ms(r.plainMs), speedup(r.plainMs / r.quiverMs), r.runs]);
console.log();
console.log(renderTable(header, cells, new Set([2, 3, 4, 5, 6])));
const notes = [
  'speed-up = plain JS ms / quiver ms (above 1x: Quiver is faster); times are medians of the timed runs after a warm-up.',
  ...(backend() === 'js' ? ['The js backend is the float64 reference evaluator: built for correctness, so slower than hand-written loops.'] : []),
];
const failed = rows.filter((r) => !(r.diff <= r.tolerance));
notes.push(failed.length > 0
  ? `MISMATCH: ${failed.map((r) => `${r.step} differs by ${r.diff} (tolerance ${r.tolerance})`).join('; ')}`
  : `Quiver and plain JS agree on every step (within ${TOLERANCE}; implied vols within 1e-7).`);
console.log(notes.join('\n'));
if (failed.length > 0) process.exitCode = 1;

const file = path.join(args.out, 'index.html');
mkdirSync(args.out, { recursive: true });
writeFileSync(file, renderHtml({
  title: `Quiver risk report (${args.size}, ${backend()} backend)`,
  settings,
  header,
  rows: cells,
  numeric: new Set([2, 3, 4, 5, 6]),
  charts: [
    pnlHistogram(mc.pnl, [
      { label: 'VaR 99%', loss: mc.valueAtRisk, color: '#b52b27' },
      { label: 'CVaR 99%', loss: mc.expectedShortfall, color: '#6a1b9a' },
    ], `Monte Carlo one-day P&L, ${count(scenarios)} scenarios (${assets} assets, correlated normal log-return shocks)`),
    speedupChart(rows.map((r) => ({ step: r.step, ratio: r.plainMs / r.quiverMs })), `Quiver (${backend()} backend) vs plain JS: speed-up per step, log scale`),
  ],
  notes,
}));
console.log(`HTML report with charts: ${file}`);

function mean(xs: ArrayLike<number>): number {
  return sum(xs) / xs.length;
}
function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}
/** Largest difference relative to the value's size: sums of a million positions are O(1e8). */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return a.length === b.length ? worst : Infinity;
}
function tailValues(...t: { valueAtRisk: number; expectedShortfall: number }[]): number[] {
  return t.flatMap((x) => [x.valueAtRisk, x.expectedShortfall]);
}
/** Mean and range of the last row of a [periods x assets] volatility matrix. */
function latestRange(v: Float64Array, rowsCount: number, cols: number): string {
  const last = v.subarray((rowsCount - 1) * cols, rowsCount * cols);
  return `mean ${pct(mean(last))} (${pct(Math.min(...last))} .. ${pct(Math.max(...last))})`;
}
function meanOffDiagonal(corr: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) s += corr[i * n + j]!;
  return s / (n * (n - 1));
}
function count(x: number): string {
  return x.toLocaleString('en-US');
}
function pct(x: number, digits = 1): string {
  return `${(100 * x).toFixed(digits)}%`;
}
function ms(x: number): string {
  return x < 0.1 ? x.toPrecision(2) : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0);
}
function speedup(x: number): string {
  return `${x < 0.1 ? x.toPrecision(2) : x.toFixed(2)}x`;
}

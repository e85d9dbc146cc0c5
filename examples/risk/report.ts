/**
 * The risk report's computing part, free of Node APIs so that `npm start` and the demo
 * page (examples/demo) run the same code. Every step is computed twice, with Quiver's
 * `risk` library on the backend `init()` chose and with hand-written Float64Array loops;
 * the two are checked to agree and both are timed.
 */
import { backend, random } from '../../src/index.js';
import { count, latestRange, lastRow, mean, meanOffDiagonal, ms, pct, relDiff, speedup, sum, tailValues } from './format.js';
import type { HtmlReport } from './html.js';
import { maxAbsDiff, timeMedian, type StepProgress, type Work } from './measure.js';
import { ROLLING_WINDOW, type MonteCarlo, type RiskSteps } from './model.js';
import { greeks as plainGreeks } from './plain-options.js';
import { plainSteps } from './plain-steps.js';
import { quiverSteps } from './quiver-steps.js';
import { SIZES, type SizeName } from './sizes.js';
import { pnlHistogram, speedupChart } from './svg.js';
import { syntheticBook, syntheticPositions, syntheticPrices } from './synthetic.js';

/** Results agree when no compared value differs by more than this; every value compared is O(1) or smaller, except option prices and greeks (O(100)). */
export const TOLERANCE = 1e-9;

export interface ReportOptions {
  size: SizeName;
  seed: number;
  /** A line describing where it runs (CPU, cores, runtime). */
  machine: string;
  /** What shows one implementation's progress through a step; label names the step and the implementation. */
  progress: (label: string) => StepProgress;
  /** Told each step's row as soon as both implementations are done; the report waits for it (a page repaints). */
  onStep?: (row: StepRow) => void | Promise<void>;
}

export interface StepRow {
  step: string;
  summary: string;
  diff: number;
  tolerance: number;
  quiverMs: number;
  plainMs: number;
  runs: string;
}

export interface RiskReport {
  html: HtmlReport;
  rows: StepRow[];
  /** Steps where Quiver and plain JS disagree beyond the row's tolerance. */
  failed: StepRow[];
  /** The report's headline numbers, by name: what a second run on another backend must reproduce. */
  figures: Record<string, number>;
}

/** The run's settings as the report lists them: backend, problem size, machine. */
export function reportSettings(o: Pick<ReportOptions, 'size' | 'seed' | 'machine'>): string[] {
  const s = SIZES[o.size];
  return [
    `backend: ${backend()}`,
    `size ${o.size}: ${s.assets} assets x ${s.days} days, ${count(s.scenarios)} Monte Carlo scenarios, ${count(s.options)} options (${count(s.impliedVols)} implied vols), ${count(s.positions)} positions, seed ${o.seed}`,
    `machine: ${o.machine}`,
  ];
}

export async function runRiskReport(o: ReportOptions): Promise<RiskReport> {
  const rows: StepRow[] = [];
  const compare = stepComparer(o, rows);
  const size = SIZES[o.size];
  const { assets, days, scenarios } = size;
  const periods = days - 1;

  const prices = syntheticPrices(assets, days, o.seed);
  const weights = new Float64Array(assets).fill(1 / assets);
  const book = syntheticBook(size.options, o.seed + 1);
  const iv = size.impliedVols;
  const ivBook = { ...book, spot: book.spot.subarray(0, iv), strike: book.strike.subarray(0, iv), time: book.time.subarray(0, iv), vol: book.vol.subarray(0, iv), call: book.call.subarray(0, iv) };
  const marketPrices = plainGreeks(ivBook).price;
  const key = random.key(o.seed);
  const positions = syntheticPositions(size.positions, o.seed + 2);

  const returns = await compare('(a) log returns', (s) => s.logReturns(prices, days, assets), maxAbsDiff,
    (r) => `${periods} x ${assets}, mean ${pct(mean(r), 3)}/day`);
  const vols = await compare('(b) annualised vol', (s) => s.annualisedVol(returns, periods, assets), maxAbsDiff,
    (v) => `${pct(Math.min(...v))} .. ${pct(Math.max(...v))} (mean ${pct(mean(v))})`);
  const { cov, corr } = await compare('(c) covariance, corr', (s) => s.correlation(returns, periods, assets),
    (a, b) => Math.max(maxAbsDiff(a.cov, b.cov), maxAbsDiff(a.corr, b.corr)),
    (c) => `mean off-diagonal rho ${meanOffDiagonal(c.corr, assets).toFixed(3)}`);
  const portfolio = await compare('(d) portfolio', (s) => s.portfolio(returns, periods, cov, weights),
    (a, b) => Math.max(maxAbsDiff([a.annualVol, a.sharpe, a.sortino, a.maxDrawdown], [b.annualVol, b.sharpe, b.sortino, b.maxDrawdown]), maxAbsDiff(a.returns, b.returns)),
    (p) => `vol ${pct(p.annualVol)} (assets avg ${pct(mean(vols))}), Sharpe ${p.sharpe.toFixed(2)}, Sortino ${p.sortino.toFixed(2)}, max drawdown ${pct(p.maxDrawdown)}`);
  const rolling = await compare(`(e) rolling ${ROLLING_WINDOW}d vol`, (s) => s.rollingVol(returns, periods, assets), maxAbsDiff,
    (v) => `latest: ${latestRange(v, periods, assets)}`);
  const ewma = await compare('(f) EWMA vol', (s) => s.ewmaVol(returns, periods, assets), maxAbsDiff,
    (v) => `latest (lambda 0.94): ${latestRange(v, periods, assets)}`);
  const tail = await compare('(g) VaR/CVaR 99%', (s) => s.valueAtRisk(portfolio.returns),
    (a, b) => maxAbsDiff(tailValues(a.historical, a.parametric), tailValues(b.historical, b.parametric)),
    (v) => `historical ${pct(v.historical.valueAtRisk, 2)}/${pct(v.historical.expectedShortfall, 2)}, normal ${pct(v.parametric.valueAtRisk, 2)}/${pct(v.parametric.expectedShortfall, 2)}`);
  const mc = await compare('(h) Monte Carlo VaR', (s, progress) => s.monteCarlo(key, cov, weights, scenarios, progress),
    (a, b) => Math.max(maxAbsDiff(tailValues(a), tailValues(b)), maxAbsDiff(a.pnl, b.pnl)),
    (m) => `${count(scenarios)} scenarios: VaR ${pct(m.valueAtRisk, 2)}, CVaR ${pct(m.expectedShortfall, 2)}`);
  const g = await compare('(i) BS price + greeks', (s) => s.greeks(book),
    (a, b) => Math.max(...(['price', 'delta', 'gamma', 'vega', 'theta', 'rho'] as const).map((k) => maxAbsDiff(a[k], b[k]))),
    (g) => `${count(size.options)} options: value ${count(Math.round(sum(g.price)))}, delta ${count(Math.round(sum(g.delta)))}, vega ${count(Math.round(sum(g.vega)))}`);
  const vol = await compare('(j) implied vol', (s) => s.impliedVol(ivBook, marketPrices), (a, b) => maxAbsDiff(a.vol, b.vol),
    (iv) => `${count(size.impliedVols)} options in ${iv.iterations} iterations, max |vol - true| ${maxAbsDiff(iv.vol, ivBook.vol).toExponential(1)}`, 1e-7);
  const desks = await compare('(k) book by desk/sector', (s) => s.bookByDesk(positions),
    (a, b) => (a.keys.join() !== b.keys.join() ? Infinity : Math.max(...(['exposure', 'pnl', 'pnlStd', 'count'] as const).map((k) => relDiff(a[k], b[k])))),
    (k) => `${count(size.positions)} positions, ${k.keys.length} groups, P&L ${count(Math.round(sum(k.pnl)))} on exposure ${count(Math.round(sum(k.exposure)))}`);

  const figures = {
    'mean daily log return': mean(returns),
    'mean annualised vol': mean(vols),
    'mean off-diagonal correlation': meanOffDiagonal(corr, assets),
    'portfolio vol': portfolio.annualVol,
    'Sharpe ratio': portfolio.sharpe,
    'Sortino ratio': portfolio.sortino,
    'max drawdown': portfolio.maxDrawdown,
    'latest rolling vol (mean)': mean(lastRow(rolling, periods, assets)),
    'latest EWMA vol (mean)': mean(lastRow(ewma, periods, assets)),
    'historical VaR': tail.historical.valueAtRisk,
    'historical CVaR': tail.historical.expectedShortfall,
    'normal VaR': tail.parametric.valueAtRisk,
    'normal CVaR': tail.parametric.expectedShortfall,
    'Monte Carlo VaR': mc.valueAtRisk,
    'Monte Carlo CVaR': mc.expectedShortfall,
    'option book value': sum(g.price),
    'option book delta': sum(g.delta),
    'option book vega': sum(g.vega),
    'mean implied vol': mean(vol.vol),
    'position book exposure': sum(desks.exposure),
    'position book P&L': sum(desks.pnl),
  };
  const failed = rows.filter((r) => !(r.diff <= r.tolerance));
  const html = reportHtml(o, rows, failed, mc);
  return { html, rows, failed, figures };
}

/** Times one step in both implementations, records its row, and returns Quiver's result for the next step. */
function stepComparer(o: ReportOptions, rows: StepRow[]) {
  return async <T>(
    step: string,
    run: (impl: RiskSteps, progress: (fraction: number) => void) => T | Promise<T>,
    diff: (a: T, b: T) => number,
    summarize: (result: T) => string,
    tolerance = TOLERANCE,
  ): Promise<T> => {
    const work = (impl: RiskSteps): Work<T> => (progress) => run(impl, progress);
    const quiver = await timeMedian(work(quiverSteps), o.progress(`${step} quiver  `));
    const plain = await timeMedian(work(plainSteps), o.progress(`${step} plain JS`));
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
    await o.onStep?.(row);
    return quiver.result;
  };
}

const HEADER = ['step', 'result (Quiver)', 'max |diff|', 'quiver ms', 'plain JS ms', 'speed-up', 'runs q/p'];
const NUMERIC: ReadonlySet<number> = new Set([2, 3, 4, 5, 6]);

function reportHtml(o: ReportOptions, rows: StepRow[], failed: StepRow[], mc: MonteCarlo): HtmlReport {
  const notes = [
    'speed-up = plain JS ms / quiver ms (above 1x: Quiver is faster); times are medians of the timed runs after a warm-up.',
    ...(backend() === 'js' ? ['The js backend is the float64 reference evaluator: built for correctness, so slower than hand-written loops.'] : []),
    failed.length > 0
      ? `MISMATCH: ${failed.map((r) => `${r.step} differs by ${r.diff} (tolerance ${r.tolerance})`).join('; ')}`
      : `Quiver and plain JS agree on every step (within ${TOLERANCE}; implied vols within 1e-7).`,
  ];
  return {
    title: `Quiver risk report (${o.size}, ${backend()} backend)`,
    settings: reportSettings(o),
    header: HEADER,
    rows: rows.map((r) => [r.step, r.summary, r.diff === 0 ? '0' : r.diff.toExponential(1), ms(r.quiverMs), ms(r.plainMs), speedup(r.plainMs / r.quiverMs), r.runs]),
    numeric: NUMERIC,
    charts: [
      pnlHistogram(mc.pnl, [
        { label: 'VaR 99%', loss: mc.valueAtRisk, color: '#b52b27' },
        { label: 'CVaR 99%', loss: mc.expectedShortfall, color: '#6a1b9a' },
      ], `Monte Carlo one-day P&L, ${count(mc.pnl.length)} scenarios (${SIZES[o.size].assets} assets, correlated normal log-return shocks)`),
      speedupChart(rows.map((r) => ({ step: r.step, ratio: r.plainMs / r.quiverMs })), `Quiver (${backend()} backend) vs plain JS: speed-up per step, log scale`),
    ],
    notes,
  };
}

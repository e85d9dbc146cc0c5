/**
 * `npm start`: a portfolio risk report on seeded synthetic prices. Every step is
 * computed twice, with Quiver and with hand-written Float64Array loops, the two are
 * checked to agree, and both are timed; the table says how Quiver's active backend
 * compares with the plain JS every user already has.
 *
 *   npm start -- --size small|medium|large --seed 42 --backend js
 */
import os from 'node:os';
import { backend, init } from '../src/index.js';
import { SIZES, parseReportArgs } from './risk/args.js';
import { cholesky } from './risk/cholesky.js';
import { maxAbsDiff, timeMedian } from './risk/measure.js';
import type { RiskSteps } from './risk/model.js';
import { plainSteps } from './risk/plain-steps.js';
import { quiverSteps } from './risk/quiver-steps.js';
import { standardNormals, syntheticPrices } from './risk/synthetic.js';
import { renderTable } from './risk/table.js';

/** Results agree when no value differs by more than this; every value compared is O(1) or smaller. */
const TOLERANCE = 1e-9;

interface Row {
  step: string;
  summary: string;
  diff: number;
  quiverMs: number;
  plainMs: number;
  runs: string;
}
const rows: Row[] = [];

/** Times one step in both implementations, records the row, and returns the plain-JS result for the next step. */
async function compare<T>(
  step: string,
  run: (impl: RiskSteps) => T | Promise<T>,
  diff: (a: T, b: T) => number,
  summarize: (result: T) => string,
): Promise<T> {
  const progress = (who: string) => (line: string) => console.log(`  ${step} [${who}] ${line}`);
  const quiver = await timeMedian(() => run(quiverSteps), progress('quiver'));
  const plain = await timeMedian(() => run(plainSteps), progress('plain JS'));
  rows.push({
    step,
    summary: summarize(plain.result),
    diff: diff(quiver.result, plain.result),
    quiverMs: quiver.medianMs,
    plainMs: plain.medianMs,
    runs: `${quiver.runs}/${plain.runs}`,
  });
  return plain.result;
}

const args = parseReportArgs(process.argv.slice(2));
await init(args.backend ? { backend: args.backend } : {});
const { assets, days, scenarios } = SIZES[args.size];
const periods = days - 1;
const cpus = os.cpus();
console.log(`Quiver risk report  backend: ${backend()}`);
console.log(`size ${args.size}: ${assets} assets x ${days} days, ${scenarios.toLocaleString('en-US')} Monte Carlo scenarios, seed ${args.seed}`);
console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, node ${process.version}`);

const prices = syntheticPrices(assets, days, args.seed);
const normals = standardNormals(scenarios * assets, args.seed + 1);
const weights = new Float64Array(assets).fill(1 / assets);

const returns = await compare('(a) log returns', (s) => s.logReturns(prices, days, assets), maxAbsDiff,
  (r) => `${periods} x ${assets}, mean ${pct(mean(r), 3)}/day`);
const vols = await compare('(b) annualised vol', (s) => s.annualisedVol(returns, periods, assets), maxAbsDiff,
  (v) => `${pct(Math.min(...v))} .. ${pct(Math.max(...v))} (mean ${pct(mean(v))})`);
const { cov } = await compare('(c) correlation', (s) => s.correlation(returns, periods, assets),
  (a, b) => Math.max(maxAbsDiff(a.cov, b.cov), maxAbsDiff(a.corr, b.corr)),
  (c) => `mean off-diagonal rho ${meanOffDiagonal(c.corr, assets).toFixed(3)}`);
await compare('(d) portfolio vol', (s) => s.portfolioVol(cov, weights), (a, b) => Math.abs(a - b),
  (v) => `${pct(v)} equal-weight (assets avg ${pct(mean(vols))})`);
const lower = cholesky(cov, assets);
await compare('(e) MC VaR/CVaR 99%', (s) => s.tailRisk(normals, scenarios, lower, weights),
  (a, b) => Math.max(Math.abs(a.valueAtRisk - b.valueAtRisk), Math.abs(a.expectedShortfall - b.expectedShortfall)),
  (t) => `1-day VaR ${pct(t.valueAtRisk)}, CVaR ${pct(t.expectedShortfall)}`);

console.log();
console.log(renderTable(
  ['step', 'result (plain JS)', 'max |diff|', 'quiver ms', 'plain JS ms', 'speed-up', 'runs q/p'],
  rows.map((r) => [r.step, r.summary, r.diff === 0 ? '0' : r.diff.toExponential(1), ms(r.quiverMs), ms(r.plainMs), speedup(r.plainMs / r.quiverMs), r.runs]),
  new Set([2, 3, 4, 5, 6]),
));
console.log(`\nspeed-up = plain JS ms / quiver ms (above 1x: Quiver is faster); times are medians of 'runs' timed runs after a warm-up.`);
if (backend() === 'js') console.log(`The js backend is the float64 reference evaluator: built for correctness, so slower than hand-written loops.`);
const failed = rows.filter((r) => !(r.diff <= TOLERANCE));
if (failed.length > 0) {
  console.log(`MISMATCH: ${failed.map((r) => `${r.step} differs by ${r.diff}`).join('; ')} (tolerance ${TOLERANCE})`);
  process.exitCode = 1;
} else {
  console.log(`Quiver and plain JS agree on every step within ${TOLERANCE}.`);
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}
function meanOffDiagonal(corr: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) s += corr[i * n + j]!;
  return s / (n * (n - 1));
}
function pct(x: number, digits = 2): string {
  return `${(100 * x).toFixed(digits)}%`;
}
function ms(x: number): string {
  return x < 0.1 ? x.toPrecision(2) : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0);
}
function speedup(x: number): string {
  return `${x < 0.1 ? x.toPrecision(2) : x.toFixed(2)}x`;
}

/**
 * Run by rss.test.ts in a child process of its own, so its resident set size measures
 * Quiver alone: a working set 20 times the host budget, column statistics of each
 * column, RSS sampled after every step. Prints one JSON line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init, np } from '../../src/index.js';

const MB = 2 ** 20;
const HOST = 16 * MB;
const ROWS = 2 ** 20;
const COLUMNS = 40;

await init({ backend: 'js', memory: { host: HOST, spillDir: mkdtempSync(join(tmpdir(), 'quiver-rss-')) } });
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));

const columns = [];
for (let c = 0; c < COLUMNS; c++) {
  columns.push(await np.arange(ROWS).astype('float64').mul(c + 1).persist());
  sample();
}
let checked = 0;
for (let c = 0; c < COLUMNS; c += 5) {
  const [mean, sumsq] = await np.compute(columns[c]!.mean(), columns[c]!.square().sum());
  const k = c + 1;
  const wantMean = (k * (ROWS - 1)) / 2;
  const wantSumsq = (k * k * (ROWS - 1) * ROWS * (2 * ROWS - 1)) / 6;
  if (Math.abs(mean![0]! / wantMean - 1) > 1e-12 || Math.abs(sumsq![0]! / wantSumsq - 1) > 1e-9) throw new Error(`column ${c}: wrong statistics`);
  checked++;
  sample();
}
const m = np.memory();
console.log(JSON.stringify({ baseline, peak, host: HOST, workingSet: COLUMNS * ROWS * 8, checked, hostUsed: m.host.used, spills: m.counters.spills }));

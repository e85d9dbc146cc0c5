/**
 * `npm start`: a portfolio risk report on seeded synthetic data. Every step is computed
 * twice, with Quiver's `risk` library and with hand-written Float64Array loops; the two
 * are checked to agree and both are timed, so the table says how Quiver's active backend
 * compares with the plain JS every user already has. The report also goes to
 * report/index.html with charts of the Monte Carlo P&L and of each step's speed-up.
 * The computing part (risk/report.ts) is shared with the browser demo (examples/demo).
 *
 *   npm start -- --size small|medium|large --seed 42 --backend js --out report --json timings.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backend, init } from '../src/index.js';
import { parseReportArgs } from './risk/args.js';
import { ms } from './risk/format.js';
import { renderHtml } from './risk/html.js';
import { reportJson } from './risk/json.js';
import { ProgressBar } from './risk/progress.js';
import { reportSettings, runRiskReport } from './risk/report.js';
import { renderTable } from './risk/table.js';

const args = parseReportArgs(process.argv.slice(2));
await init(args.backend ? { backend: args.backend } : {});
const cpus = os.cpus();
const options = {
  size: args.size,
  seed: args.seed,
  machine: `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, node ${process.version}`,
};
console.log(`Quiver risk report\n${reportSettings(options).join('\n')}\n`);

const report = await runRiskReport({
  ...options,
  progress: (label) => new ProgressBar(label),
  onStep: (r) => console.log(`${r.step.padEnd(22)} ${r.summary}  (quiver ${ms(r.quiverMs)} ms, plain JS ${ms(r.plainMs)} ms)`),
});
const { html } = report;
console.log();
console.log(renderTable(html.header, html.rows, html.numeric));
console.log(html.notes.join('\n'));
if (report.failed.length > 0) process.exitCode = 1;

const file = path.join(args.out, 'index.html');
mkdirSync(args.out, { recursive: true });
writeFileSync(file, renderHtml(html));
console.log(`HTML report with charts: ${file}`);
if (args.json) {
  writeFileSync(args.json, `${JSON.stringify(reportJson(report, { backend: backend(), size: args.size, seed: args.seed, machine: options.machine, loadAverage: os.loadavg()[0]! }), null, 2)}\n`);
  console.log(`Step timings as JSON: ${args.json}`);
}

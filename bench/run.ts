/**
 * `npm run bench [-- --quick] [--only matmul,sort] [--backend js]`: runs the suites,
 * prints a table of Quiver vs plain JS per evaluation and, when every suite ran, writes
 * bench/results/results.md and results.svg. Benchmarks print figures; they never assert.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { backend, init, type BackendName } from '../src/index.js';
import { elementwise } from './elementwise.bench.js';
import { describeEnvironment } from './environment.js';
import { compareCase, type Comparison, type Suite } from './harness.js';
import { matmul } from './matmul.bench.js';
import { reduce } from './reduce.bench.js';
import { formatRatio, formatTime, ratioOf, textTable } from './render/format.js';
import { markdownReport } from './render/markdown.js';
import { svgChart } from './render/svg.js';
import { sort } from './sort.bench.js';

const SUITES: readonly Suite[] = [elementwise, reduce, matmul, sort];

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, backend: { type: 'string' } },
});
const only = values.only?.split(',');
const unknown = only?.filter((name) => !SUITES.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) throw new Error(`--only: unknown suite ${unknown.join(', ')}; suites: ${SUITES.map((s) => s.name).join(', ')}`);

await init(values.backend ? { backend: values.backend as BackendName } : {});
const env = describeEnvironment(backend(), values.quick!);
console.log(`Quiver bench  backend: ${env.backend}  ${env.machine}, ${env.cores} cores, node ${env.node}  (${env.mode} run)\n`);

const rows: Comparison[] = [];
for (const suite of SUITES.filter((s) => !only || only.includes(s.name))) {
  for (const c of suite.cases()) {
    const row = await compareCase(c, { quick: values.quick! });
    console.log(`  ${c.task} ${c.size}: quiver ${formatTime(row.quiverMs)}, plain JS ${formatTime(row.plainMs)}, ratio ${formatRatio(ratioOf(row))}`);
    rows.push(row);
  }
}

console.log(`\n${textTable(rows)}\n\nratio = plain JS time / Quiver time (above 1x: Quiver is faster)`);
if (only) {
  console.log('--only ran a subset: bench/results/ left as it was');
} else {
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('results.md', dir), markdownReport(rows, env));
  writeFileSync(new URL('results.svg', dir), svgChart(rows, env));
  console.log('wrote bench/results/results.md and bench/results/results.svg');
}

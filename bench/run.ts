/**
 * `npm run bench [-- flags]`: each case against a plain-JS implementation of the same task
 * on the same data (typed-array loops as a user writes them), printing the ratio
 * (plain time / Quiver time) and, for matmul, GFLOP/s. Benchmarks print figures; they never
 * assert (only --check can fail a run, and it compares ratios with recorded ones).
 *
 *   --quick               short runs (100 ms, 3 samples) for a quick look
 *   --only options,sort   a subset of suites (the published results are then left as they were)
 *   --backend wasm        one backend; --backends wasm,js for several, a row set each
 *   --threads N           init's `threads` (the wasm worker pool; default: all cores)
 *   --check               compare each ratio with the last one recorded for the same suite,
 *                         case, backend and run length (quick or full), print the table,
 *                         and exit 1 when one fell below half of it (bench/check.ts)
 *   --baseline FILE       with --check: compare with FILE's records instead of the history
 *   --record FILE         also write this run's record to FILE (how a baseline is made)
 *
 * What a run writes, in bench/results/ (each record: commit, date, load average at start
 * and end, machine, backends, flags, and per row the times, ratio and GFLOP/s; bench/record.ts):
 *   history.jsonl         every run appends its record, one per line. Gitignored: it is this
 *                         machine's log (another machine's ratios are not comparable), and CI's
 *                         append lands in its own checkout and goes with it, so CI changes no
 *                         tracked file.
 *   latest.json, results.md, results.svg
 *                         the published figures (committed), written only when every suite ran.
 *   ci-baseline.json      what CI's quick check compares with (.ci/run), made with --record by a
 *                         quick run of the same flags on the 2-core development machine.
 *
 * Default backends: the one `init()` picks (webgpu on a hardware adapter, else wasm),
 * plus the js reference backend on the cases marked jsReference (the 1,000-element
 * expression, sort of 1,000) only: it is the single-threaded float64 interpreter, at
 * 0.02x-0.3x of plain JS in `--backends js` runs on the 2-core machine, so on the
 * 16M-element cases it would add minutes and no information. `--backend js` runs all.
 *
 * WebGPU rows run only where `init({ backend: 'webgpu' })` starts (otherwise the reason
 * is printed and they are skipped), float32 cases only: WGSL has no f64, and float64
 * kernels would run on the CPU. Each row records the adapter. In Node on a machine with a
 * real GPU: the npm package `webgpu` (Dawn) is an optionalDependency, so `npm install`
 * brings it on Linux x64/arm64, macOS and Windows; with the GPU's Vulkan (Linux), Metal or
 * D3D12 driver installed, run `npm run bench -- --backend webgpu` (or
 * `--backends webgpu,wasm` for both row sets). Software adapters (SwiftShader, llvmpipe)
 * are not performance evidence.
 *
 * Suites allocate their data when they run (16M float64 is 128 MB) and dispose of it after.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { counters } from '../src/index.js';
import { checkRatios, checkReport } from './check.js';
import { elementwise } from './elementwise.bench.js';
import { freshData } from './fresh-data.bench.js';
import { activate, describeEnvironment, parseBackends, startBackends, type BackendRun, type Environment } from './environment.js';
import { medianMs, type Case, type Comparison, type RunOptions, type Suite } from './harness.js';
import { matmul } from './matmul.bench.js';
import { greeks } from './greeks.bench.js';
import { options } from './options.bench.js';
import { reduce } from './reduce.bench.js';
import { appendRecord, benchRecord, readRecords, writeRecord, type BenchRecord } from './record.js';
import { formatRatio, formatTime, plainNotes, ratioOf, textTable } from './render/format.js';
import { environmentLine, markdownReport } from './render/markdown.js';
import { svgChart } from './render/svg.js';
import { scan } from './scan.bench.js';
import { scenarios } from './scenarios.bench.js';
import { sort } from './sort.bench.js';

const SUITES: readonly Suite[] = [options, greeks, scenarios, reduce, scan, matmul, elementwise, freshData, sort];

const RESULTS = new URL('./results/', import.meta.url);
const HISTORY = fileURLToPath(new URL('history.jsonl', RESULTS));

interface Flags {
  quick: boolean;
  only?: string[];
  backends?: ReturnType<typeof parseBackends>;
  threads?: number;
  check: boolean;
  baseline?: string;
  record?: string;
}

function parseFlags(): Flags {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      backend: { type: 'string' },
      backends: { type: 'string' },
      threads: { type: 'string' },
      check: { type: 'boolean', default: false },
      baseline: { type: 'string' },
      record: { type: 'string' },
    },
  });
  if (values.baseline && !values.check) throw new Error('--baseline FILE: give --check too (it names what --check compares with)');
  if (values.backend && values.backends) throw new Error('--backend and --backends: give one (--backends takes a list)');
  const only = values.only?.split(',');
  const unknown = only?.filter((name) => !SUITES.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: unknown suite ${unknown.join(', ')}; suites: ${SUITES.map((s) => s.name).join(', ')}`);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new Error(`--threads: a positive integer, got ${values.threads}`);
  const list = values.backends ?? values.backend;
  return {
    quick: values.quick!,
    check: values.check!,
    ...(only ? { only } : {}),
    ...(list ? { backends: parseBackends(list) } : {}),
    ...(threads ? { threads } : {}),
    ...(values.baseline ? { baseline: values.baseline } : {}),
    ...(values.record ? { record: values.record } : {}),
  };
}

/** Whether a backend runs a case: the js reference only the cheap ones, webgpu only float32. */
function runsOn(c: Case, run: BackendRun): boolean {
  if (run.scope === 'reference' && !c.jsReference) return false;
  if (c.only && !c.only.includes(run.name)) return false;
  return !(run.name === 'webgpu' && c.dtype === 'float64');
}

/**
 * Median ms of the Quiver side. A guard, not an assertion: after a first call, repeats
 * that launch no kernel were answered by the result cache, so their time is not the
 * computation's, and a warning says so.
 */
async function timeQuiver(c: Case, label: string, opts: RunOptions): Promise<number> {
  await c.quiver();
  const launches = counters().launches;
  const ms = await medianMs(`${label} quiver`, c.quiver, opts);
  if (counters().launches === launches) console.log(`  warning: ${label} launched no kernel when repeated: the result cache answered it`);
  return ms;
}

/** Times a case on the active backend; plain JS is timed once per case and shared by its backends' rows. */
async function compare(suite: string, c: Case, run: BackendRun, plainMs: Map<Case, number>, opts: RunOptions): Promise<Comparison> {
  const label = `${c.task} ${c.size}`;
  const quiverMs = await timeQuiver(c, `${label} [${run.name}]`, opts);
  if (c.plain && !plainMs.has(c)) plainMs.set(c, await medianMs(`${label} plain`, c.plain, opts));
  const row: Comparison = { suite, task: c.task, size: c.size, backend: run.name, device: run.description, quiverMs };
  if (plainMs.has(c)) row.plainMs = plainMs.get(c)!;
  if (c.plainSkipped) row.plainSkipped = c.plainSkipped;
  if (c.flops) row.flops = c.flops;
  const plain = row.plainMs === undefined ? 'not run' : formatTime(row.plainMs);
  console.log(`  ${label} [${run.name}]: quiver ${formatTime(quiverMs)}, plain JS ${plain}, ratio ${formatRatio(ratioOf(row))}`);
  return row;
}

/** One suite on every backend: its data lives only while this runs. */
async function runSuite(suite: Suite, env: Environment, opts: RunOptions): Promise<Comparison[]> {
  const cases = suite.cases();
  const plainMs = new Map<Case, number>();
  const rows: Comparison[] = [];
  for (const run of env.backends) {
    const mine = cases.filter((c) => runsOn(c, run));
    if (mine.length === 0) continue;
    await activate(run.name, env.threads);
    for (const c of mine) rows.push(await compare(suite.name, c, run, plainMs, opts));
  }
  for (const c of cases) for (const input of c.inputs) input.dispose();
  return rows;
}

function writeResults(rows: Comparison[], env: Environment, record: BenchRecord): void {
  writeFileSync(new URL('results.md', RESULTS), markdownReport(rows, env));
  writeFileSync(new URL('results.svg', RESULTS), svgChart(rows, env));
  writeRecord(fileURLToPath(new URL('latest.json', RESULTS)), record);
  console.log('wrote bench/results/results.md, results.svg and latest.json');
}

/** Prints the comparison with the history (or the baseline) and fails the run when a ratio fell past the limit. */
function check(record: BenchRecord, baseline: string | undefined): void {
  const checks = checkRatios(record, readRecords(baseline ?? HISTORY));
  console.log(`\n${checkReport(record, checks, baseline ?? 'bench/results/history.jsonl')}`);
  if (checks.some((c) => c.failed)) process.exitCode = 1;
}

async function main(): Promise<void> {
  const flags = parseFlags();
  const date = new Date().toISOString();
  const loadAtStart = os.loadavg()[0]!;
  const started = await startBackends(flags.backends, flags.threads);
  for (const s of started.skipped) console.log(`skipping ${s.name} rows: ${s.reason}`);
  if (started.backends.length === 0) {
    console.error('bench: none of the backends asked for could start (reasons above)');
    process.exitCode = 1;
    return;
  }
  const env = describeEnvironment(flags.quick, flags.threads, started);
  console.log(`Quiver bench: ${environmentLine(env)}`);
  for (const b of env.backends) console.log(`  ${b.name}${b.scope === 'reference' ? ' (cheap cases only)' : ''}: ${b.description}`);

  const rows: Comparison[] = [];
  for (const suite of SUITES.filter((s) => !flags.only || flags.only.includes(s.name))) {
    console.log(`\n${suite.name}`);
    rows.push(...(await runSuite(suite, env, flags)));
  }
  console.log(`\n${textTable(rows)}\n`);
  for (const note of plainNotes(rows)) console.log(note);
  console.log('ratio = plain JS time / Quiver time (above 1x: Quiver is faster)');

  const record = benchRecord(rows, env, flags, { date, load: { start: loadAtStart, end: os.loadavg()[0]! } });
  if (flags.check) check(record, flags.baseline);
  mkdirSync(RESULTS, { recursive: true });
  appendRecord(HISTORY, record);
  console.log(`\nappended this run's record to bench/results/history.jsonl (load average ${record.load.start.toFixed(2)} at start, ${record.load.end.toFixed(2)} at end)`);
  if (flags.record) {
    writeRecord(flags.record, record);
    console.log(`wrote this run's record to ${flags.record}`);
  }
  if (flags.only) console.log('--only ran a subset: the published results in bench/results/ are left as they were');
  else writeResults(rows, env, record);
}

await main();

/**
 * Soak (issue #20, item 5): a mixed workload (random programs, frames, a streamed CSV,
 * persist/dispose under a small host budget) for a number of minutes on each backend
 * asked for, sampling RSS, JS heap and open file descriptors; it fails when they are not
 * flat after warm-up (samples.ts). Each backend runs in its own child process, so one
 * backend's memory does not count against the other's.
 *
 *   npm run soak -- --minutes 30 [--backend wasm,js] [--csv curve.csv]
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { init, type NDArray } from '../../src/index.js';
import { notFlat, sample, summary, type Sample } from './samples.js';
import { iteration, rng, writeCsv } from './workload.js';

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '2' }, backend: { type: 'string', default: 'wasm,js' }, csv: { type: 'string' }, child: { type: 'boolean', default: false } },
});
const minutes = Number(values.minutes);

/** Samples per run: enough for fifths of several samples each on a two-minute run. */
const SAMPLES = 60;

async function soak(backend: 'js' | 'wasm'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quiver-soak-'));
  await init({ backend, threads: 2, memory: { host: '4MB', disk: '256MB', spillDir: dir } });
  const csv = writeCsv(dir);
  const r = rng(20);
  const ring: NDArray[] = [];
  const startedAt = Date.now();
  const every = (minutes * 60_000) / SAMPLES;
  const samples: Sample[] = [];
  let iterations = 0;
  for (let next = startedAt; Date.now() - startedAt < minutes * 60_000; iterations++) {
    await iteration(r, csv, ring);
    // A turn of the event loop, as an app gives between requests: on Node the wasm backend
    // mostly blocks while its kernels run rather than yield, so without it no
    // FinalizationRegistry callback may run and the cache's bookkeeping for collected
    // arrays (freed buffers' records) piles up.
    await new Promise((resolve) => setImmediate(resolve));
    if (Date.now() >= next) {
      samples.push(sample(startedAt));
      if (values.csv) appendFileSync(values.csv, `${backend},${Object.values(samples.at(-1)!).map((x) => x.toFixed(2)).join(',')}\n`);
      next += every;
    }
  }
  const reasons = notFlat(samples);
  console.log(`soak ${backend}: ${iterations} iterations in ${minutes} min\n${summary(samples)}\n${reasons.length ? `NOT FLAT: ${reasons.join('; ')}` : 'flat after warm-up'}`);
  if (reasons.length) process.exitCode = 1;
}

if (values.child) {
  await soak(values.backend as 'js' | 'wasm');
} else {
  if (values.csv) writeFileSync(values.csv, 'backend,minute,rssMiB,heapMiB,fds\n');
  const self = fileURLToPath(import.meta.url);
  let failed = false;
  for (const backend of values.backend!.split(',')) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', '--backend', backend, '--minutes', String(minutes), ...(values.csv ? ['--csv', values.csv] : [])], { stdio: 'inherit' });
    failed ||= run.status !== 0;
  }
  process.exitCode = failed ? 1 : 0;
}

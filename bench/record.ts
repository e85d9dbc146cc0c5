import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BackendName } from '../src/index.js';
import type { Environment } from './environment.js';
import type { Comparison } from './harness.js';
import { gflopsOf, ratioOf } from './render/format.js';

/** One case on one backend, as a run measured it. */
export interface RowRecord {
  suite: string;
  /** Task and size, as the console prints them: `sum f32 16,000,000`. */
  case: string;
  backend: BackendName;
  /** The backend's own line; for webgpu, the adapter. */
  device: string;
  quiverMs: number;
  plainMs?: number;
  /** plainMs / quiverMs (above 1: Quiver is faster); absent when plain JS was not run. */
  ratio?: number;
  /** The matmul rows' GFLOP/s, Quiver's and plain JS's. */
  gflops?: number;
  plainGflops?: number;
}

/**
 * What every `npm run bench` run writes: the figures and what they depend on. The same
 * build gave Black-Scholes f32 2.21x on a quiet machine and 1.08x with one core busy
 * elsewhere (#13), so the load average is kept with the figures it moved.
 */
export interface BenchRecord {
  /** `git rev-parse HEAD`, or "unknown" outside a git checkout. */
  commit: string;
  /** ISO 8601, when the run started. */
  date: string;
  /** The 1-minute load average when the run started and when it ended. */
  load: { start: number; end: number };
  machine: { cpu: string; cores: number; node: string };
  backends: Environment['backends'];
  skipped: Environment['skipped'];
  flags: { quick: boolean; only?: string[]; backends?: BackendName[]; threads?: number };
  rows: RowRecord[];
}

function currentCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export function rowRecord(c: Comparison): RowRecord {
  const row: RowRecord = { suite: c.suite, case: `${c.task} ${c.size}`, backend: c.backend, device: c.device, quiverMs: c.quiverMs };
  if (c.plainMs !== undefined) Object.assign(row, { plainMs: c.plainMs, ratio: ratioOf(c) });
  if (c.flops !== undefined) {
    row.gflops = gflopsOf(c.flops, c.quiverMs);
    if (c.plainMs !== undefined) row.plainGflops = gflopsOf(c.flops, c.plainMs);
  }
  return row;
}

/** This run's record: `when` is its start time and the load average around it. */
export function benchRecord(rows: Comparison[], env: Environment, flags: BenchRecord['flags'], when: Pick<BenchRecord, 'date' | 'load'>): BenchRecord {
  const { quick, only, backends, threads } = flags;
  return {
    commit: currentCommit(),
    ...when,
    machine: { cpu: env.machine, cores: env.cores, node: env.node },
    backends: env.backends,
    skipped: env.skipped,
    flags: { quick, ...(only ? { only } : {}), ...(backends ? { backends } : {}), ...(threads ? { threads } : {}) },
    rows: rows.map(rowRecord),
  };
}

/**
 * Records from a file: a `.jsonl` file holds one per line (the history), any other one
 * record (latest.json, a baseline). A missing file holds none.
 */
export function readRecords(path: string): BenchRecord[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const parsed = path.endsWith('.jsonl') ? text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown) : [JSON.parse(text) as unknown];
  parsed.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || !Array.isArray((r as BenchRecord).rows) || typeof (r as BenchRecord).flags?.quick !== 'boolean') {
      throw new Error(`${path}: record ${i + 1} is not a bench record (no rows or flags.quick)`);
    }
  });
  return parsed as BenchRecord[];
}

export const appendRecord = (path: string, record: BenchRecord): void => appendFileSync(path, `${JSON.stringify(record)}\n`);
export const writeRecord = (path: string, record: BenchRecord): void => writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);

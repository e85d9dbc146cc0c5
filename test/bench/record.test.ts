import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendRecord, benchRecord, readRecords, writeRecord } from '../../bench/record.js';
import type { Environment } from '../../bench/environment.js';
import type { Comparison } from '../../bench/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'quiver-bench-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env: Environment = {
  machine: 'AMD EPYC',
  cores: 2,
  node: 'v20.20.2',
  date: '2026-12-06 22:00 UTC',
  mode: 'quick',
  backends: [{ name: 'wasm', description: 'wasm, 2 threads', scope: 'all' }],
  skipped: [],
};
const matmul: Comparison = { suite: 'matmul', task: 'matmul f32', size: '512x512', backend: 'wasm', device: 'wasm, 2 threads', quiverMs: 10, plainMs: 300, flops: 2 * 512 ** 3 };
const unmeasured: Comparison = { suite: 'matmul', task: 'matmul f32', size: '2048x2048', backend: 'wasm', device: 'wasm, 2 threads', quiverMs: 476, plainSkipped: 'takes minutes' };
const when = { date: '2026-12-06T22:00:00.000Z', load: { start: 1.5, end: 2 } };

describe('bench records', () => {
  it('keeps each row with its ratio (plain over Quiver) and GFLOP/s, and the load average around the run', () => {
    const r = benchRecord([matmul, unmeasured], env, { quick: true, only: ['matmul'] }, when);
    expect(r.load).toEqual({ start: 1.5, end: 2 });
    expect(r.flags).toEqual({ quick: true, only: ['matmul'] });
    expect(r.machine).toEqual({ cpu: 'AMD EPYC', cores: 2, node: 'v20.20.2' });
    expect(r.rows[0]).toMatchObject({ suite: 'matmul', case: 'matmul f32 512x512', backend: 'wasm', ratio: 30 });
    expect(r.rows[0]!.gflops).toBeCloseTo((2 * 512 ** 3) / 10 / 1e6);
    expect(r.rows[0]!.plainGflops).toBeCloseTo((2 * 512 ** 3) / 300 / 1e6);
    expect(r.rows[1]).not.toHaveProperty('ratio');
  });

  it('reads back a history appended line by line and a record written whole', () => {
    const record = benchRecord([matmul], env, { quick: true }, when);
    const history = join(dir, 'history.jsonl');
    appendRecord(history, record);
    appendRecord(history, { ...record, commit: 'second' });
    writeRecord(join(dir, 'baseline.json'), record);
    expect(readRecords(history).map((r) => r.commit)).toEqual([record.commit, 'second']);
    expect(readRecords(join(dir, 'baseline.json'))).toEqual([record]);
  });

  it('reads no records from a file that is not there', () => {
    expect(readRecords(join(dir, 'none.jsonl'))).toEqual([]);
  });

  it('rejects a file that holds something other than records, naming it', () => {
    const path = join(dir, 'other.json');
    writeFileSync(path, '{"steps": []}');
    expect(() => readRecords(path)).toThrow(`${path}: record 1 is not a bench record`);
  });
});

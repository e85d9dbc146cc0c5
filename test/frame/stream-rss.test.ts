import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MB = 2 ** 20;
/**
 * What a streamed groupby may hold beyond the RSS it started at: V8's heap and compiled
 * code, the wasm heap (a 32 MiB host budget), a few 4 MB blocks as bytes, columns and
 * their heap copies, and ArrayBuffers the collector has not yet returned. Measured
 * 83-122 MiB on the 2-core test machine for 120, 160 and 240 MB streams (it depends on
 * when the collector runs, not on the data); with frozen block columns and no event-loop
 * turn between blocks (scan.ts) it was 192 MiB for 240 MB and grew with the data.
 */
const BOUND = 160 * MB;
/**
 * With two parse threads (csv-blocks.ts): each thread's isolate with the tsx loader, and
 * the blocks in flight (three 4 MB blocks, their copies and their columns). Measured
 * 243 MiB above the baseline for 240 MB on the 2-core test machine, flat from the
 * first half on; it does not grow with the data either.
 */
const PARALLEL_BOUND = 320 * MB;
/** How far the second half of the stream may climb above the first half's peak: measured 0-4 MiB, 54 MiB with that leak. */
const DRIFT = 32 * MB;

/** Streams `mb` megabytes in the child process; its JSON report. */
function streamed(mb: number, threads: number) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  return spawnSync(process.execPath, ['--import', 'tsx', 'test/frame/stream-rss-child.ts', '--mb', String(mb), '--backend', 'wasm', '--threads', String(threads)], { cwd: root, encoding: 'utf8', timeout: 120_000 });
}

describe('streaming groupby memory', () => {
  it('groups a 240 MB generated CSV in 4 MB blocks with resident memory bounded well below the data size, and matches a plain-JS groupby', () => {
    const run = streamed(240, 1);
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { baseline: number; firstHalf: number; peak: number; bytes: number; blocks: number; groups: number; oracleGroups: number; mismatches: number };
    expect(r.groups).toBe(r.oracleGroups);
    expect(r.mismatches).toBe(0);
    expect(r.blocks).toBeGreaterThan(50);
    expect(BOUND).toBeLessThan(0.75 * r.bytes);
    expect(r.peak - r.baseline).toBeLessThanOrEqual(BOUND);
    expect(r.peak - r.firstHalf).toBeLessThanOrEqual(DRIFT);
  }, 120_000);

  it('stays as flat with the blocks parsed on two threads', () => {
    const run = streamed(240, 2);
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { baseline: number; firstHalf: number; peak: number; mismatches: number };
    expect(r.mismatches).toBe(0);
    expect(r.peak - r.baseline).toBeLessThanOrEqual(PARALLEL_BOUND);
    expect(r.peak - r.firstHalf).toBeLessThanOrEqual(DRIFT);
  }, 120_000);
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np } from 'quiverjs';
import { TEST_INIT } from '../helpers/backend.js';
import { programs, runProgram, sharedSources } from '../helpers/interleave.js';
import { floats, ON_GPU, withGpuBudget } from '../helpers/tiers.js';

const KB = 1024;
/**
 * Five 12 KiB buffers: four tasks of up to 16 derived arrays each hold several times
 * that. Each buffer is over an eighth of the budget, so a kernel reading more than
 * fits streams its inputs in blocks (cache/blocked.ts) rather than failing.
 */
const HOST = 64 * KB;
const BUFFER = 12 * KB;

beforeAll(async () => {
  await init({ ...TEST_INIT, memory: withGpuBudget({ host: HOST, disk: '64MB', spillDir: mkdtempSync(join(tmpdir(), 'quiver-interleave-test-')) }) });
});

describe('evaluations interleaved from many async tasks', () => {
  it('give the values each task computes alone, under a host budget far below the working set', async () => {
    const shared = sharedSources(floats(BUFFER), 3);
    await fc.assert(
      fc.asyncProperty(programs, (program) => runProgram(program, shared)),
      { seed: 20, numRuns: ON_GPU ? 8 : 40, endOnFailure: ON_GPU },
    );
    const { host, counters } = np.memory();
    expect(host.used).toBeLessThanOrEqual(HOST);
    // The budget was pressed: buffers spilled and results were dropped and computed again.
    expect(counters.spills).toBeGreaterThan(0);
    expect(counters.recomputes).toBeGreaterThan(0);
    for (const s of shared) s.array.dispose();
  }, 240_000);
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { init, np, type BackendName, type NDArray } from 'quiverjs';

const KB = 1024;
const HOST = 1024 * KB;
/** 16 Ki float64 = 128 KiB per column; 160 columns = 20 MiB, 20 times the host budget. */
const ROWS = 16 * KB;
const COLUMNS = 160;

const spillDir = mkdtempSync(join(tmpdir(), 'quiver-ws-test-'));

const column = (c: number): Float64Array => Float64Array.from({ length: ROWS }, (_, i) => Math.sin(i * 0.001 + c) * (c + 1));

/** The same statistics in plain JS: the oracle. */
function expected(c: number): { mean: number; sumsq: number; cross: number } {
  const a = column(c);
  const b = column((c + 1) % COLUMNS);
  let s = 0;
  let q = 0;
  let x = 0;
  for (let i = 0; i < ROWS; i++) {
    s += a[i]!;
    q += a[i]! * a[i]!;
    x += a[i]! * b[i]!;
  }
  return { mean: s / ROWS, sumsq: q, cross: x };
}

describe.each(['js', 'wasm'] as BackendName[])('a working set 20 times the host budget on %s', (backend) => {
  it('computes column statistics correctly, spilling and reloading, never over budget', async () => {
    await init({ backend, memory: { host: HOST, spillDir } });
    const before = np.memory().counters;
    const columns: NDArray[] = [];
    for (let c = 0; c < COLUMNS; c++) columns.push(np.asarray(column(c)));
    let peak = 0;
    for (let c = 0; c < COLUMNS; c += 7) {
      const a = columns[c]!;
      const [mean, sumsq, cross] = await np.compute(a.mean(), a.square().sum(), a.mul(columns[(c + 1) % COLUMNS]!).sum());
      const want = expected(c);
      expect(mean![0]).toBeCloseTo(want.mean, 9);
      expect(sumsq![0]! / want.sumsq).toBeCloseTo(1, 12);
      expect(cross![0]! - want.cross).toBeCloseTo(0, 6);
      peak = Math.max(peak, np.memory().host.used);
    }
    const m = np.memory();
    expect(peak).toBeLessThanOrEqual(HOST);
    expect(m.disk.used).toBeGreaterThanOrEqual((COLUMNS * ROWS * 8) / 2);
    expect(m.counters.spills - before.spills).toBeGreaterThan(COLUMNS / 2);
    expect(m.counters.reloads - before.reloads).toBeGreaterThan(0);
  });
});

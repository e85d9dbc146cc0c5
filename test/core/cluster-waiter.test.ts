import { describe, expect, it } from 'vitest';
import { Waiter } from '../../src/cluster/run.js';
import type { Cluster } from '../../src/cluster/connect.js';

/**
 * A cluster whose Redis holds all but one of the keys at the first read and all of them
 * from the second on: the last job finishes between the two, as one did in CI when the
 * wait read progress first and completion second.
 */
function clusterFinishingAfterFirstRead(): Cluster {
  let reads = 0;
  const redis = { exists: async (...keys: string[]) => (reads++ === 0 ? keys.length - 1 : keys.length) };
  return { redis, events: { on: () => {}, off: () => {} } } as unknown as Cluster;
}

describe('Waiter', () => {
  it('reports the last progress when the last job finishes between two reads', async () => {
    const keys = ['q.0', 'q.1', 'q.2', 'q.3'];
    const waiter = new Waiter(clusterFinishingAfterFirstRead(), 'q', keys);
    const done: number[] = [];
    await waiter.until(keys, (p) => done.push(p.done));
    waiter.dispose();
    expect(done.at(-1)).toBe(keys.length);
  });
});

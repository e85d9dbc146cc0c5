import { describe, expect, it } from 'vitest';
import { Entry, type Origin } from '../../src/runtime/cache/entry.js';
import { chooseVictim } from '../../src/runtime/cache/eviction.js';

function entry(origin: Origin, lastUse: number, state: { disk?: boolean; pinned?: boolean; leased?: boolean } = {}): Entry {
  const e = new Entry('float64', 4, 32, origin);
  e.host = new Float64Array(4);
  e.lastUse = lastUse;
  if (state.disk) e.disk = { at: 0, bytes: 32 };
  e.pinned = state.pinned ?? false;
  e.leases = state.leased ? 1 : 0;
  return e;
}

describe('choosing what to evict', () => {
  it('takes the least recently used of equally costly buffers', () => {
    const [old, young] = [entry('result', 1), entry('result', 5)];
    expect(chooseVictim([young, old], 10, new Set())).toBe(old);
  });

  it('drops a result before spilling user data that is a little older', () => {
    const data = entry('data', 1);
    const result = entry('result', 3);
    expect(chooseVictim([data, result], 10, new Set())).toBe(result);
  });

  it('spills user data once it is several times older than any result', () => {
    const data = entry('data', 1);
    const result = entry('result', 8);
    expect(chooseVictim([data, result], 10, new Set())).toBe(data);
  });

  it('prefers a buffer whose clean disk copy makes eviction free', () => {
    const clean = entry('data', 6, { disk: true });
    const result = entry('result', 4);
    expect(chooseVictim([clean, result], 10, new Set())).toBe(clean);
  });

  it('never picks a pinned or leased buffer, or one whose eviction already failed', () => {
    const pinned = entry('result', 0, { pinned: true });
    const leased = entry('result', 0, { leased: true });
    const failed = entry('result', 0);
    const last = entry('data', 9);
    expect(chooseVictim([pinned, leased, failed, last], 10, new Set([failed]))).toBe(last);
    expect(chooseVictim([pinned, leased], 10, new Set())).toBeUndefined();
  });
});

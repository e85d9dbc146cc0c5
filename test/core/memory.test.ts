import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, DisposedError, NDArray } from 'quiverjs';

beforeAll(async () => {
  await init({ backend: 'js' });
});

describe('dispose', () => {
  it('makes the array unusable with an error naming the op', async () => {
    const x = np.array([1, 2, 3]);
    x.dispose();
    expect(x.disposed).toBe(true);
    expect(() => x.add(1)).toThrow(DisposedError);
    expect(() => x.add(1)).toThrow(/add: the array was disposed/);
    await expect(x.data()).rejects.toThrow(/data: the array was disposed/);
  });

  it('keeps arrays built from a disposed source valid', async () => {
    const x = np.array([1, 2, 3]);
    const y = x.mul(10);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([10, 20, 30]);
  });

  it('keeps a computed result whose source was disposed while an array built on it may still read it, and frees it after', async () => {
    const x = np.array([0, 1, 2, 3]);
    const d = x.mul(2);
    await d.data();
    const p = d.add(1);
    const q = d.sub(1);
    x.dispose();
    d.dispose();
    expect(Array.from(await p.data())).toEqual([1, 3, 5, 7]);
    const before = np.memory().host.buffers;
    p.dispose();
    expect(Array.from(await q.data())).toEqual([-1, 1, 3, 5]);
    q.dispose();
    expect(np.memory().host.buffers).toBeLessThan(before);
  });

  it('drops a computed result and recomputes nothing wrong for its dependents', async () => {
    const x = np.array([1, 2]).add(1);
    await x.data();
    const y = x.mul(2);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([4, 6]);
  });

  it('is what `using` calls at the end of a block', () => {
    let seen: NDArray;
    {
      using x = np.ones([2]);
      seen = x;
      expect(seen.disposed).toBe(false);
    }
    expect(seen.disposed).toBe(true);
  });
});

describe('np.scope', () => {
  it('disposes arrays made inside except those returned', async () => {
    let inner: NDArray | undefined;
    const out = np.scope(() => {
      inner = np.arange(4).add(1);
      return { total: inner.sum(), parts: [inner.mul(2)] };
    });
    expect(inner!.disposed).toBe(true);
    expect(await out.total.item()).toBe(10);
    expect(Array.from(await out.parts[0]!.data())).toEqual([2, 4, 6, 8]);
  });

  it('nests: an inner scope returns into the outer one', () => {
    let a: NDArray | undefined;
    const b = np.scope(() => {
      a = np.ones([1]);
      return np.scope(() => a!.add(1));
    });
    expect(a!.disposed).toBe(true);
    expect(b.disposed).toBe(false);
  });

  it('refuses an async function', () => {
    expect(() => np.scope(async () => np.ones([1]))).toThrow(/scope: the function returned a Promise/);
  });
});
